//! The server under test: started as a child process, its log kept, stopped by a guard.

use anyhow::{Context, Result, bail};
use std::collections::VecDeque;
use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// How many of the server's last log lines an error message quotes.
const LOG_TAIL: usize = 40;
/// How long the server may take to answer `/healthz` before the run gives up.
const READY_TIMEOUT: Duration = Duration::from_secs(10);

/// The server's standard error, its last lines and how many were errors.
#[derive(Default)]
struct Log {
    tail: VecDeque<String>,
    errors: usize,
    warnings: usize,
}

/// A running `logbog serve`. Dropping it stops the server (SIGTERM, then SIGKILL after 5 s), so
/// that a failed run never leaves it behind.
pub struct Server {
    child: Option<Child>,
    pub pid: u32,
    pub base: String,
    log: Arc<Mutex<Log>>,
    spawned: Instant,
}

/// Where the data is: the data folder and, for PostgreSQL, the database URL.
#[derive(Debug, Clone)]
pub struct Data<'a> {
    pub dir: &'a Path,
    pub url: Option<&'a str>,
}

impl Data<'_> {
    /// `--data-dir D [--database-url URL]`.
    pub fn args(&self) -> Vec<String> {
        let mut args = vec!["--data-dir".to_owned(), self.dir.display().to_string()];
        if let Some(url) = self.url {
            args.push("--database-url".to_owned());
            args.push(url.to_owned());
        }
        args
    }
}

/// A free TCP port on the loopback interface (bound, read and released).
pub fn free_port() -> Result<u16> {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").context("cannot find a free port on 127.0.0.1")?;
    Ok(listener.local_addr()?.port())
}

impl Server {
    /// Start `<binary> serve` on a free port with a quiet JSON log.
    pub fn start(binary: &Path, data: &Data) -> Result<Self> {
        Self::start_on(binary, data, free_port()?)
    }

    /// [`Server::start`] on a given port (a server restarted where its clients know it).
    pub fn start_on(binary: &Path, data: &Data, port: u16) -> Result<Self> {
        Self::start_with(binary, data, port, &[])
    }

    /// [`Server::start_on`] with more environment (e.g. the S3 store's settings).
    pub fn start_with(binary: &Path, data: &Data, port: u16, env: &[(&str, String)]) -> Result<Self> {
        let mut command = Command::new(binary);
        command.envs(env.iter().map(|(k, v)| (*k, v.as_str())));
        command
            .arg("serve")
            .args(data.args())
            .args(["--addr", &format!("127.0.0.1:{port}")])
            .args(["--cookie-secure", "false", "--log-format", "json"])
            .env("LOGBOG_LOG", "warn")
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::piped());
        let spawned = Instant::now();
        let mut child = command.spawn().with_context(|| {
            format!(
                "cannot start {} (build it with `cargo build --release -p logbog`)",
                binary.display()
            )
        })?;
        let log = Arc::new(Mutex::new(Log::default()));
        if let Some(stderr) = child.stderr.take() {
            let log = log.clone();
            std::thread::spawn(move || {
                for line in BufReader::new(stderr).lines().map_while(|l| l.ok()) {
                    if let Ok(mut log) = log.lock() {
                        if line.contains("\"level\":\"ERROR\"") {
                            log.errors += 1;
                        } else if line.contains("\"level\":\"WARN\"") {
                            log.warnings += 1;
                        }
                        log.tail.push_back(line);
                        if log.tail.len() > LOG_TAIL {
                            log.tail.pop_front();
                        }
                    }
                }
            });
        }
        Ok(Self {
            pid: child.id(),
            child: Some(child),
            base: format!("http://127.0.0.1:{port}"),
            log,
            spawned,
        })
    }

    /// The last lines of the server's log, for error messages.
    pub fn log_tail(&self) -> String {
        match self.log.lock() {
            Ok(log) if !log.tail.is_empty() => log.tail.iter().cloned().collect::<Vec<_>>().join("\n"),
            _ => "(nothing)".to_owned(),
        }
    }

    /// How many lines of the log were errors and warnings so far.
    pub fn log_counts(&self) -> (usize, usize) {
        self.log.lock().map(|l| (l.errors, l.warnings)).unwrap_or((0, 0))
    }

    /// Wait until `/healthz` answers 200; the time from spawning the process.
    pub async fn wait_ready(&mut self, http: &reqwest::Client) -> Result<Duration> {
        let url = format!("{}/healthz", self.base);
        loop {
            if let Some(child) = self.child.as_mut()
                && let Some(status) = child.try_wait()?
            {
                bail!(
                    "the server exited ({status}) before answering /healthz; its log:\n{}",
                    self.log_tail()
                );
            }
            if let Ok(r) = http.get(&url).send().await
                && r.status().as_u16() == 200
            {
                return Ok(self.spawned.elapsed());
            }
            if self.spawned.elapsed() > READY_TIMEOUT {
                bail!(
                    "the server did not answer /healthz within {} s; its log:\n{}",
                    READY_TIMEOUT.as_secs(),
                    self.log_tail()
                );
            }
            tokio::time::sleep(Duration::from_millis(5)).await;
        }
    }

    /// The time since the process was spawned.
    pub fn since_spawn(&self) -> Duration {
        self.spawned.elapsed()
    }

    /// Whether the process is still running (an exit is an error with its log).
    pub fn check_alive(&mut self) -> Result<()> {
        if let Some(child) = self.child.as_mut()
            && let Some(status) = child.try_wait()?
        {
            bail!(
                "the server exited ({status}) during the run; its log:\n{}",
                self.log_tail()
            );
        }
        Ok(())
    }

    /// Resident memory now and its peak (VmRSS, VmHWM), in KiB.
    pub fn memory(&self) -> Result<Memory> {
        let path = format!("/proc/{}/status", self.pid);
        let status = std::fs::read_to_string(&path).with_context(|| format!("cannot read {path}"))?;
        let field = |name: &str| -> Option<u64> {
            status
                .lines()
                .find_map(|l| l.strip_prefix(name))
                .and_then(|rest| rest.split_whitespace().next())
                .and_then(|n| n.parse().ok())
        };
        Ok(Memory {
            rss_kib: field("VmRSS:").unwrap_or(0),
            peak_kib: field("VmHWM:").unwrap_or(0),
        })
    }

    /// Kill the server at once (SIGKILL, as a power cut would stop it) and wait for it.
    pub fn kill(&mut self) -> Result<()> {
        if let Some(mut child) = self.child.take() {
            let _ = child.kill();
            child.wait()?;
        }
        Ok(())
    }

    /// The port it listens on.
    pub fn port(&self) -> Option<u16> {
        self.base.rsplit(':').next()?.parse().ok()
    }

    /// Stop the server with SIGTERM and wait for it; SIGKILL after 5 s.
    pub fn stop(&mut self) -> Result<()> {
        let Some(mut child) = self.child.take() else {
            return Ok(());
        };
        if child.try_wait()?.is_some() {
            return Ok(());
        }
        let _ = Command::new("kill")
            .args(["-TERM", &child.id().to_string()])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status();
        let deadline = Instant::now() + Duration::from_secs(5);
        while Instant::now() < deadline {
            if child.try_wait()?.is_some() {
                return Ok(());
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        let _ = child.kill();
        let _ = child.wait();
        bail!("the server did not stop within 5 s of SIGTERM and was killed")
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.stop();
    }
}

/// Resident memory of the server, in KiB.
#[derive(Debug, Clone, Copy, Default, serde::Serialize)]
pub struct Memory {
    pub rss_kib: u64,
    pub peak_kib: u64,
}
