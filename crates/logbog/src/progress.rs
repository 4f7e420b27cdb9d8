//! A small progress bar on stderr: phase, done/total, percent, rate and time left. Redrawn in
//! place on a terminal; elsewhere (a log file, CI) a line every few seconds and at each phase's end.

use std::io::{IsTerminal, Write};
use std::time::{Duration, Instant};

pub struct Bar {
    tty: bool,
    phase: String,
    phase_start: Instant,
    first_done: u64,
    last_draw: Option<Instant>,
    last_line: String,
}

const WIDTH: usize = 24;

impl Bar {
    pub fn new() -> Self {
        Self {
            tty: std::io::stderr().is_terminal(),
            phase: String::new(),
            phase_start: Instant::now(),
            first_done: 0,
            last_draw: None,
            last_line: String::new(),
        }
    }

    /// Report that `done` of `total` of `phase` are done.
    pub fn update(&mut self, phase: &str, done: u64, total: u64) {
        if phase != self.phase {
            self.end_line();
            self.phase = phase.to_owned();
            self.phase_start = Instant::now();
            self.first_done = done;
            self.last_draw = None;
        }
        let every = if self.tty {
            Duration::from_millis(100)
        } else {
            Duration::from_secs(5)
        };
        let finished = done >= total;
        if !finished && self.last_draw.is_some_and(|t| t.elapsed() < every) {
            return;
        }
        self.last_draw = Some(Instant::now());
        let line = self.line(done, total);
        let mut err = std::io::stderr().lock();
        if self.tty {
            let _ = write!(err, "\r{line:<100}");
        } else {
            let _ = writeln!(err, "{line}");
        }
        let _ = err.flush();
        self.last_line = line;
    }

    fn line(&self, done: u64, total: u64) -> String {
        let fraction = if total == 0 {
            1.0
        } else {
            (done as f64 / total as f64).min(1.0)
        };
        let filled = (fraction * WIDTH as f64).round() as usize;
        let bar: String = "#".repeat(filled) + &"-".repeat(WIDTH - filled);
        let secs = self.phase_start.elapsed().as_secs_f64().max(0.001);
        let rate = done.saturating_sub(self.first_done) as f64 / secs;
        let eta = if done >= total {
            format!("took {}", clock(secs))
        } else if rate > 0.0 {
            format!("ETA {}", clock((total - done) as f64 / rate))
        } else {
            "ETA -".to_owned()
        };
        format!(
            "{:<24} [{bar}] {done}/{total} {:5.1} % {rate:>9.0}/s {eta}",
            self.phase,
            fraction * 100.0
        )
    }

    fn end_line(&mut self) {
        if self.tty && !self.last_line.is_empty() {
            eprintln!();
        }
        self.last_line.clear();
    }

    /// End the last line.
    pub fn finish(&mut self) {
        self.end_line();
    }
}

/// Seconds as `1h02m03s`, `2m03s` or `4s`.
pub fn clock(secs: f64) -> String {
    let s = secs.round() as u64;
    match (s / 3600, (s / 60) % 60, s % 60) {
        (0, 0, s) => format!("{s}s"),
        (0, m, s) => format!("{m}m{s:02}s"),
        (h, m, s) => format!("{h}h{m:02}m{s:02}s"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clock_reads_naturally() {
        assert_eq!(clock(4.2), "4s");
        assert_eq!(clock(123.0), "2m03s");
        assert_eq!(clock(3723.0), "1h02m03s");
    }
}
