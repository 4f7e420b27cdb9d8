//! The load loop: N connections, each its own client sending one request after the other, every
//! latency recorded; and the figures made of them.

use anyhow::Result;
use reqwest::Client;
use serde::Serialize;
use std::collections::BTreeMap;
use std::sync::Arc;
use std::time::{Duration, Instant};

/// One connection: its own client (cookie jar and keep-alive connection), and what it sends
/// with every request.
#[derive(Clone)]
pub struct Conn {
    pub client: Client,
    /// `Authorization: Bearer …` for the API.
    pub bearer: Option<String>,
    /// The anonymous CSRF token, sent as the `logbog_csrf` cookie and the form field (login).
    pub csrf: Option<String>,
}

impl Conn {
    pub fn anonymous(client: Client) -> Self {
        Self {
            client,
            bearer: None,
            csrf: None,
        }
    }
}

/// How long a scenario runs.
#[derive(Debug, Clone, Copy)]
pub enum Until {
    /// For a duration after a warm-up of the given length.
    Elapsed { warmup: Duration, measure: Duration },
    /// Until the request maker says there is nothing left (writes that consume their items).
    Exhausted,
}

/// Makes each connection's next request, or `None` when there is nothing left to do.
pub type MakeRequest = Arc<dyn Fn(&Conn) -> Option<reqwest::RequestBuilder> + Send + Sync>;

#[derive(Debug, Clone, Copy)]
struct Sample {
    micros: u64,
    status: u16,
    bytes: u64,
}

/// What one scenario at one concurrency measured.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Figures {
    pub requests: usize,
    pub p50_ms: f64,
    pub p99_ms: f64,
    pub max_ms: f64,
    pub requests_per_s: f64,
    /// Mean response body size.
    pub bytes: u64,
    /// Responses per status code.
    pub statuses: BTreeMap<u16, usize>,
    /// Requests that failed without a response (connection errors, timeouts).
    pub failed: usize,
}

impl Figures {
    /// Responses other than `expected`, and failed requests.
    pub fn errors(&self, expected: u16) -> usize {
        self.failed
            + self
                .statuses
                .iter()
                .filter(|(s, _)| **s != expected)
                .map(|(_, n)| n)
                .sum::<usize>()
    }

    /// Responses with a 5xx status.
    pub fn server_errors(&self) -> usize {
        self.statuses.iter().filter(|(s, _)| **s >= 500).map(|(_, n)| n).sum()
    }
}

/// The `q`-quantile of sorted latencies (nearest rank).
fn quantile(sorted: &[u64], q: f64) -> u64 {
    if sorted.is_empty() {
        return 0;
    }
    let rank = (q * sorted.len() as f64).ceil() as usize;
    sorted[rank.clamp(1, sorted.len()) - 1]
}

/// The raw samples of one or more runs of a scenario, to be made into [`Figures`].
#[derive(Debug, Default)]
pub struct Samples {
    samples: Vec<Sample>,
    failed: usize,
    wall: Duration,
}

impl Samples {
    /// Add another round (a write scenario runs in rounds, undone in between).
    pub fn extend(&mut self, other: Samples) {
        self.samples.extend(other.samples);
        self.failed += other.failed;
        self.wall += other.wall;
    }

    pub fn len(&self) -> usize {
        self.samples.len() + self.failed
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    pub fn figures(&self) -> Figures {
        figures(&self.samples, self.failed, self.wall)
    }
}

fn figures(samples: &[Sample], failed: usize, wall: Duration) -> Figures {
    let mut micros: Vec<u64> = samples.iter().map(|s| s.micros).collect();
    micros.sort_unstable();
    let mut statuses = BTreeMap::new();
    for s in samples {
        *statuses.entry(s.status).or_insert(0) += 1;
    }
    let ms = |us: u64| us as f64 / 1000.0;
    let n = samples.len();
    Figures {
        requests: n,
        p50_ms: ms(quantile(&micros, 0.50)),
        p99_ms: ms(quantile(&micros, 0.99)),
        max_ms: ms(micros.last().copied().unwrap_or(0)),
        requests_per_s: if wall.is_zero() {
            0.0
        } else {
            n as f64 / wall.as_secs_f64()
        },
        bytes: if n == 0 {
            0
        } else {
            samples.iter().map(|s| s.bytes).sum::<u64>() / n as u64
        },
        statuses,
        failed,
    }
}

/// One connection's loop. Requests started after the warm-up count; none starts after `stop`
/// once the connection has measured one.
async fn drive(
    conn: Conn,
    make: MakeRequest,
    warmup_end: Option<Instant>,
    stop: Option<Instant>,
) -> (Vec<Sample>, usize) {
    let mut samples = Vec::new();
    let mut failed = 0;
    loop {
        let started = Instant::now();
        // A connection whose requests are slower than the whole scenario (argon2 in a debug
        // build) still measures one.
        if stop.is_some_and(|s| started >= s) && !samples.is_empty() {
            break;
        }
        let Some(request) = make(&conn) else {
            break;
        };
        let counts = warmup_end.is_none_or(|w| started >= w);
        match request.send().await {
            Ok(response) => {
                let status = response.status().as_u16();
                let bytes = response.bytes().await.map(|b| b.len() as u64);
                let micros = started.elapsed().as_micros() as u64;
                if counts {
                    match bytes {
                        Ok(bytes) => samples.push(Sample { micros, status, bytes }),
                        Err(_) => failed += 1,
                    }
                }
            }
            Err(_) => {
                if counts {
                    failed += 1;
                }
                // A refused connection must not spin: the run notices the server is gone.
                tokio::time::sleep(Duration::from_millis(10)).await;
            }
        }
    }
    (samples, failed)
}

/// Run `make` on every connection at once until `until`, and measure.
pub async fn load(conns: &[Conn], until: Until, make: MakeRequest) -> Result<Samples> {
    let started = Instant::now();
    let (warmup_end, stop) = match until {
        Until::Elapsed { warmup, measure } => (Some(started + warmup), Some(started + warmup + measure)),
        Until::Exhausted => (None, None),
    };
    let tasks: Vec<_> = conns
        .iter()
        .cloned()
        .map(|c| tokio::spawn(drive(c, make.clone(), warmup_end, stop)))
        .collect();
    let mut samples = Vec::new();
    let mut failed = 0;
    for task in tasks {
        let (s, f) = task.await?;
        samples.extend(s);
        failed += f;
    }
    // Requests per second over the measured window: from the warm-up's end to the last answer.
    let wall = started
        .elapsed()
        .saturating_sub(warmup_end.map_or(Duration::ZERO, |w| w - started));
    Ok(Samples { samples, failed, wall })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quantiles_by_nearest_rank() {
        let v: Vec<u64> = (1..=100).collect();
        assert_eq!(quantile(&v, 0.5), 50);
        assert_eq!(quantile(&v, 0.99), 99);
        assert_eq!(quantile(&v[..1], 0.99), 1);
        assert_eq!(quantile(&[], 0.5), 0);
    }

    #[test]
    fn errors_are_what_was_not_expected() {
        let samples = [
            Sample {
                micros: 1000,
                status: 200,
                bytes: 10,
            },
            Sample {
                micros: 3000,
                status: 500,
                bytes: 30,
            },
            Sample {
                micros: 2000,
                status: 303,
                bytes: 0,
            },
        ];
        let f = figures(&samples, 1, Duration::from_secs(1));
        assert_eq!(f.requests, 3);
        assert_eq!(f.errors(200), 3);
        assert_eq!(f.server_errors(), 1);
        assert_eq!(f.max_ms, 3.0);
        assert_eq!(f.bytes, 13);
        assert!((f.requests_per_s - 3.0).abs() < 1e-9);
    }
}
