//! The report as a table for the terminal and as Markdown for `docs/benchmarks.md`, the
//! machine it ran on, and the budgets it is checked against.

use crate::{Report, Row};
use serde::Serialize;
use std::fmt::Write as _;

/// p99 of every page and API call with 8 connections (login exempt).
pub const P99_BUDGET_MS: f64 = 50.0;
/// The trainee's logbook's requests/s as a share of `/healthz`'s.
pub const LOGBOOK_SHARE_PCT: f64 = 5.0;
/// Resident memory under page load and under a burst of logins.
pub const RSS_BUDGET_MIB: f64 = 150.0;
/// Start-up, and the first write after start-up.
pub const STARTUP_BUDGET_MS: f64 = 1000.0;
/// The concurrency the latency budget applies to.
pub const BUDGET_CONNECTIONS: usize = 8;

/// The machine a run was made on.
#[derive(Debug, Clone, Serialize)]
pub struct Machine {
    pub cpu: String,
    pub cores: usize,
    pub memory_gib: f64,
    pub os: String,
}

impl Machine {
    pub fn detect() -> Self {
        let read = |p: &str| std::fs::read_to_string(p).unwrap_or_default();
        let cpu = read("/proc/cpuinfo")
            .lines()
            .find_map(|l| l.strip_prefix("model name"))
            .and_then(|l| l.split_once(':'))
            .map(|(_, v)| v.trim().to_owned())
            .unwrap_or_else(|| "unknown".into());
        let memory_kib: f64 = read("/proc/meminfo")
            .lines()
            .find_map(|l| l.strip_prefix("MemTotal:"))
            .and_then(|v| v.split_whitespace().next()?.parse().ok())
            .unwrap_or(0.0);
        let os_release = read("/etc/os-release");
        let name = os_release
            .lines()
            .find_map(|l| l.strip_prefix("PRETTY_NAME="))
            .map(|v| v.trim_matches('"').to_owned())
            .unwrap_or_else(|| std::env::consts::OS.to_owned());
        let kernel = read("/proc/sys/kernel/osrelease").trim().to_owned();
        Self {
            cpu,
            cores: std::thread::available_parallelism().map_or(1, |n| n.get()),
            memory_gib: memory_kib / 1024.0 / 1024.0,
            os: if kernel.is_empty() {
                name
            } else {
                format!("{name}, Linux {kernel}")
            },
        }
    }
}

/// The short commit of the working directory, if it is a git checkout.
pub fn git_commit() -> Option<String> {
    let out = std::process::Command::new("git")
        .args(["rev-parse", "--short", "HEAD"])
        .stderr(std::process::Stdio::null())
        .output()
        .ok()?;
    out.status
        .success()
        .then(|| String::from_utf8_lossy(&out.stdout).trim().to_owned())
        .filter(|s| !s.is_empty())
}

/// The 1-minute load average (`/proc/loadavg`).
pub fn load_average() -> Option<f64> {
    std::fs::read_to_string("/proc/loadavg")
        .ok()?
        .split_whitespace()
        .next()?
        .parse()
        .ok()
}

/// One budget, checked.
#[derive(Debug, Clone, Serialize)]
pub struct Budget {
    pub name: String,
    pub measured: String,
    pub ok: bool,
}

fn mib(kib: u64) -> f64 {
    kib as f64 / 1024.0
}

/// Whether a row keeps its budgets; the reason when it does not.
pub fn row_verdict(row: &Row) -> String {
    let mut fails = Vec::new();
    if row.server_errors > 0 {
        fails.push(format!("{} × 5xx", row.server_errors));
    } else if row.errors > 0 {
        fails.push(format!("{} × not {}", row.errors, row.expect));
    }
    if row.figures.requests == 0 {
        fails.push("no requests".into());
    }
    if !row.exempt && row.connections == BUDGET_CONNECTIONS && row.figures.p99_ms >= P99_BUDGET_MS {
        fails.push("p99".into());
    }
    if row.scenario == "logbook" && row.of_healthz_pct.is_some_and(|p| p < LOGBOOK_SHARE_PCT) {
        fails.push(format!("< {LOGBOOK_SHARE_PCT} % of healthz"));
    }
    match (fails.is_empty(), row.exempt) {
        (true, true) => "exempt".into(),
        (true, false) => "ok".into(),
        (false, _) => format!("FAIL {}", fails.join(", ")),
    }
}

/// The budgets of QUALITY.md, checked against a report.
pub fn budgets(r: &Report) -> Vec<Budget> {
    let mut out = Vec::new();
    for f in &r.files {
        out.push(Budget {
            name: format!(
                "{} parallel {:.0} MB uploads within {} MB of idle ({})",
                f.parallel,
                f.parallel_file_mib,
                crate::files::PARALLEL_BUDGET_KIB / 1024,
                f.store
            ),
            measured: format!(
                "{:.1} MB above idle ({:.1} → {:.1} MB)",
                f.parallel_above_idle_kib() as f64 / 1024.0,
                f.idle_kib as f64 / 1024.0,
                f.parallel_peak_kib as f64 / 1024.0
            ),
            ok: f.parallel_above_idle_kib() <= crate::files::PARALLEL_BUDGET_KIB,
        });
    }
    let at8: Vec<&Row> = r
        .rows
        .iter()
        .filter(|x| x.connections == BUDGET_CONNECTIONS && !x.exempt)
        .collect();
    let slow: Vec<String> = at8
        .iter()
        .filter(|x| x.figures.p99_ms >= P99_BUDGET_MS)
        .map(|x| format!("{} {:.1} ms", x.scenario, x.figures.p99_ms))
        .collect();
    let worst = at8.iter().map(|x| x.figures.p99_ms).fold(0.0, f64::max);
    out.push(Budget {
        name: format!("p99 < {P99_BUDGET_MS} ms with {BUDGET_CONNECTIONS} connections (login exempt)"),
        measured: if slow.is_empty() {
            format!("worst {worst:.1} ms")
        } else {
            slow.join("; ")
        },
        ok: slow.is_empty() && !at8.is_empty(),
    });
    let logins: Vec<String> = r
        .rows
        .iter()
        .filter(|x| x.exempt)
        .map(|x| format!("{} ×{}: p99 {:.1} ms", x.scenario, x.connections, x.figures.p99_ms))
        .collect();
    if !logins.is_empty() {
        out.push(Budget {
            name: "login p99 (reported, exempt)".into(),
            measured: logins.join("; "),
            ok: true,
        });
    }
    let shares: Vec<(usize, f64)> = r
        .rows
        .iter()
        .filter(|x| x.scenario == "logbook")
        .filter_map(|x| Some((x.connections, x.of_healthz_pct?)))
        .collect();
    if !shares.is_empty() {
        out.push(Budget {
            name: format!("logbook ≥ {LOGBOOK_SHARE_PCT} % of /healthz requests/s"),
            measured: shares
                .iter()
                .map(|(c, p)| format!("{p:.1} % ×{c}"))
                .collect::<Vec<_>>()
                .join(", "),
            ok: shares.iter().all(|(_, p)| *p >= LOGBOOK_SHARE_PCT),
        });
    }
    let m = &r.memory;
    out.push(Budget {
        name: format!("resident memory < {RSS_BUDGET_MIB} MB under page load"),
        measured: format!("{:.1} MiB", mib(m.page_load_kib)),
        ok: mib(m.page_load_kib) < RSS_BUDGET_MIB,
    });
    if m.login_burst_kib > 0 {
        out.push(Budget {
            name: format!("resident memory < {RSS_BUDGET_MIB} MB under a burst of logins"),
            measured: format!(
                "{:.1} MiB during, {:.1} MiB {:.1} s later",
                mib(m.login_burst_kib),
                mib(m.settled_kib),
                m.settle_s
            ),
            ok: mib(m.login_burst_kib) < RSS_BUDGET_MIB,
        });
    }
    out.push(Budget {
        name: "start-up < 1 s".into(),
        measured: format!("{:.0} ms", r.startup_ms),
        ok: r.startup_ms < STARTUP_BUDGET_MS,
    });
    let after = r.first_write_ms - r.startup_ms;
    out.push(Budget {
        name: "first write within 1 s of start-up".into(),
        measured: format!("{after:.0} ms after"),
        ok: after < STARTUP_BUDGET_MS,
    });
    out.push(Budget {
        name: "no request answered 5xx".into(),
        measured: format!(
            "{} × 5xx, {} other unexpected",
            r.server_errors(),
            r.errors() - r.server_errors()
        ),
        ok: r.server_errors() == 0,
    });
    out
}

const HEADERS: [&str; 12] = [
    "scenario",
    "request",
    "conns",
    "requests",
    "p50 ms",
    "p99 ms",
    "max ms",
    "req/s",
    "% healthz",
    "bytes",
    "errors",
    "budget",
];

fn cells(row: &Row) -> [String; 12] {
    let f = &row.figures;
    [
        row.scenario.clone(),
        row.request.clone(),
        row.connections.to_string(),
        f.requests.to_string(),
        format!("{:.2}", f.p50_ms),
        format!("{:.2}", f.p99_ms),
        format!("{:.2}", f.max_ms),
        format!("{:.0}", f.requests_per_s),
        row.of_healthz_pct
            .map(|p| format!("{p:.1}"))
            .unwrap_or_else(|| "–".into()),
        f.bytes.to_string(),
        row.errors.to_string(),
        row_verdict(row),
    ]
}

fn header_lines(r: &Report) -> Vec<(String, String)> {
    let m = &r.machine;
    vec![
        (
            "machine".into(),
            format!("{}, {} cores, {:.1} GiB, {}", m.cpu, m.cores, m.memory_gib, m.os),
        ),
        ("backend".into(), r.backend.clone()),
        ("dataset".into(), format!("{} ({})", r.dataset, r.seeded)),
        ("binary".into(), r.binary.clone()),
        ("commit".into(), r.commit.clone().unwrap_or_else(|| "unknown".into())),
        ("date".into(), r.date.clone()),
        (
            "start-up".into(),
            format!(
                "{:.0} ms to /healthz, first write at {:.0} ms",
                r.startup_ms, r.first_write_ms
            ),
        ),
        (
            "memory".into(),
            format!(
                "RSS {:.1} MiB after start, {:.1} MiB under page load{}; peak (VmHWM) {:.1} MiB",
                mib(r.memory.after_start_kib),
                mib(r.memory.page_load_kib),
                if r.memory.login_burst_kib == 0 {
                    String::new()
                } else {
                    format!(
                        ", {:.1} MiB during the login burst, {:.1} MiB after it, {:.1} MiB {:.1} s later",
                        mib(r.memory.login_burst_kib),
                        mib(r.memory.after_burst_kib),
                        mib(r.memory.settled_kib),
                        r.memory.settle_s
                    )
                },
                mib(r.memory.peak_kib)
            ),
        ),
        (
            "server log".into(),
            format!("{} errors, {} warnings", r.log_errors, r.log_warnings),
        ),
        (
            "run took".into(),
            format!(
                "{:.0} s; load average {} before, {} after",
                r.duration_s,
                r.load_before.map_or("?".into(), |l| format!("{l:.2}")),
                r.load_after.map_or("?".into(), |l| format!("{l:.2}"))
            ),
        ),
    ]
}

/// The report for a terminal: a header, an aligned table, the budgets and notes.
pub fn table(r: &Report) -> String {
    let mut s = String::new();
    for (k, v) in header_lines(r) {
        let _ = writeln!(s, "{k:>11}: {v}");
    }
    let rows: Vec<[String; 12]> = r.rows.iter().map(cells).collect();
    let mut widths: Vec<usize> = HEADERS.iter().map(|h| h.chars().count()).collect();
    for row in &rows {
        for (w, c) in widths.iter_mut().zip(row) {
            *w = (*w).max(c.chars().count());
        }
    }
    let line = |s: &mut String, cols: &[String]| {
        for (i, (c, w)) in cols.iter().zip(&widths).enumerate() {
            let pad = w - c.chars().count();
            if i < 2 || i == 11 {
                let _ = write!(s, "{c}{}  ", " ".repeat(pad));
            } else {
                let _ = write!(s, "{}{c}  ", " ".repeat(pad));
            }
        }
        let trimmed = s.trim_end().len();
        s.truncate(trimmed);
        s.push('\n');
    };
    s.push('\n');
    line(&mut s, &HEADERS.map(String::from));
    for row in &rows {
        line(&mut s, row);
    }
    for line in file_lines(r) {
        let _ = writeln!(s, "\ndocuments: {line}");
    }
    s.push_str("\nbudgets:\n");
    for b in budgets(r) {
        let _ = writeln!(s, "  {} {}: {}", if b.ok { "ok  " } else { "FAIL" }, b.name, b.measured);
    }
    for n in &r.notes {
        let _ = writeln!(s, "note: {n}");
    }
    if r.server_errors() > 0 {
        let _ = writeln!(
            s,
            "\n!!! {} requests were answered with a 5xx status: see the errors column and the server's log",
            r.server_errors()
        );
    }
    s
}

/// The report as a Markdown section for `docs/benchmarks.md`.
pub fn markdown(r: &Report) -> String {
    let mut s = String::new();
    let _ = writeln!(s, "### {} dataset on {} ({})\n", r.dataset, r.backend, r.date);
    for (k, v) in header_lines(r) {
        let _ = writeln!(s, "- **{k}**: {}", v.replace('|', "\\|"));
    }
    s.push('\n');
    let _ = writeln!(s, "| {} |", HEADERS.join(" | "));
    let aligns: Vec<&str> = (0..HEADERS.len())
        .map(|i| if i < 2 || i == 11 { "---" } else { "---:" })
        .collect();
    let _ = writeln!(s, "|{}|", aligns.join("|"));
    for row in &r.rows {
        let mut c = cells(row);
        c[1] = format!("`{}`", c[1]);
        let _ = writeln!(s, "| {} |", c.join(" | "));
    }
    if !r.files.is_empty() {
        s.push_str("\nDocuments:\n\n");
        for line in file_lines(r) {
            let _ = writeln!(s, "- {line}");
        }
    }
    s.push_str("\nBudgets:\n\n");
    for b in budgets(r) {
        let _ = writeln!(
            s,
            "- {} {}: {}",
            if b.ok { "ok" } else { "**FAIL**" },
            b.name,
            b.measured
        );
    }
    for n in &r.notes {
        let _ = writeln!(s, "- note: {n}");
    }
    s
}

/// The documents' figures as lines: one per store.
pub fn file_lines(r: &Report) -> Vec<String> {
    r.files
        .iter()
        .map(|f| {
            format!(
                "{}: {:.0} MB PDF up {:.0} ms ({:.0} MB/s), down {:.0} ms ({:.0} MB/s); {} × {:.0} MB at once in {:.0} ms, \
                 memory {:.1} MB idle, {:.1} MB at most",
                f.store,
                f.file_mib,
                f.upload_ms,
                f.upload_mib_s,
                f.download_ms,
                f.download_mib_s,
                f.parallel,
                f.parallel_file_mib,
                f.parallel_ms,
                f.idle_kib as f64 / 1024.0,
                f.parallel_peak_kib as f64 / 1024.0
            )
        })
        .collect()
}
