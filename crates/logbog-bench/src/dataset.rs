//! Preparing the dataset: `logbog seed --scale …`, or for the demo on a binary without `seed`,
//! one start of `logbog demo` (which seeds and then serves) stopped once it is running.

use crate::server::Data;
use anyhow::{Context, Result, bail};
use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// What `--dataset` asks for.
#[derive(Debug, Clone, PartialEq)]
pub enum Dataset {
    /// The demo data only.
    Demo,
    /// A synthetic country (the seed's `national` scale).
    National,
    /// A fraction of the national scale, e.g. `0.1`.
    Fraction(f64),
    /// Whatever the database already holds: no seeding.
    Existing,
}

impl std::str::FromStr for Dataset {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        match s {
            "demo" => Ok(Self::Demo),
            "national" => Ok(Self::National),
            "existing" => Ok(Self::Existing),
            other => match other.parse::<f64>() {
                Ok(f) if f > 0.0 && f <= 1.0 => Ok(Self::Fraction(f)),
                _ => Err(format!(
                    "--dataset takes demo, national, existing or a fraction of the national scale in (0, 1], not {other:?}"
                )),
            },
        }
    }
}

impl std::fmt::Display for Dataset {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::Demo => f.write_str("demo"),
            Self::National => f.write_str("national"),
            Self::Fraction(x) => write!(f, "{x}"),
            Self::Existing => f.write_str("existing"),
        }
    }
}

/// Whether the binary has the `seed` subcommand.
fn has_seed(binary: &Path) -> Result<bool> {
    let status = Command::new(binary)
        .args(["seed", "--help"])
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .with_context(|| format!("cannot run {}", binary.display()))?;
    Ok(status.success())
}

/// Seed the dataset (idempotent); returns how it was done, for the report.
pub fn prepare(binary: &Path, data: &Data, dataset: &Dataset) -> Result<String> {
    let scale = match dataset {
        Dataset::Existing => return Ok("not seeded: the data already there".to_owned()),
        other => other.to_string(),
    };
    if has_seed(binary)? {
        let started = Instant::now();
        let out = Command::new(binary)
            .args(["seed", "--scale", &scale])
            .args(data.args())
            .env("LOGBOG_LOG", "warn")
            .stdin(Stdio::null())
            .output()
            .with_context(|| format!("cannot run {} seed", binary.display()))?;
        if !out.status.success() {
            bail!(
                "`{} seed --scale {scale}` failed ({}):\n{}",
                binary.display(),
                out.status,
                last_lines(&String::from_utf8_lossy(&out.stderr), 20)
            );
        }
        return Ok(format!(
            "seeded by `seed --scale {scale}` in {:.1} s",
            started.elapsed().as_secs_f64()
        ));
    }
    match (dataset, data.url) {
        (Dataset::Demo, None) => demo_fallback(binary, data.dir),
        (Dataset::Demo, Some(_)) => bail!(
            "{} has no `seed` subcommand, and `demo` seeds only SQLite: prepare the PostgreSQL database \
             otherwise and pass --dataset existing",
            binary.display()
        ),
        _ => bail!(
            "{} has no `seed` subcommand, which --dataset {scale} needs",
            binary.display()
        ),
    }
}

/// Seed the demo into a SQLite data folder with `logbog demo`, stopped once it says it runs.
fn demo_fallback(binary: &Path, dir: &Path) -> Result<String> {
    let started = Instant::now();
    let mut child = Command::new(binary)
        .args([
            "demo",
            "--data-dir",
            &dir.display().to_string(),
            "--addr",
            "127.0.0.1:0",
        ])
        .env("LOGBOG_LOG", "warn")
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .with_context(|| format!("cannot run {} demo", binary.display()))?;
    let stdout = child.stdout.take().context("no standard output from `logbog demo`")?;
    let stderr = child.stderr.take().context("no standard error from `logbog demo`")?;
    let errors = std::thread::spawn(move || {
        let mut text = String::new();
        for line in BufReader::new(stderr).lines().map_while(|l| l.ok()) {
            text.push_str(&line);
            text.push('\n');
        }
        text
    });
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        for line in BufReader::new(stdout).lines().map_while(|l| l.ok()) {
            if line.contains("running at") {
                let _ = tx.send(());
            }
        }
    });
    let ready = rx.recv_timeout(Duration::from_secs(120)).is_ok();
    let _ = Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status();
    let status = child.wait()?;
    if !ready {
        let log = errors.join().unwrap_or_default();
        bail!(
            "`{} demo` did not say it was running within 120 s ({status}):\n{}",
            binary.display(),
            last_lines(&log, 20)
        );
    }
    Ok(format!(
        "seeded by `demo`, the binary having no `seed` subcommand, in {:.1} s",
        started.elapsed().as_secs_f64()
    ))
}

fn last_lines(text: &str, n: usize) -> String {
    let lines: Vec<&str> = text.lines().collect();
    lines[lines.len().saturating_sub(n)..].join("\n")
}
