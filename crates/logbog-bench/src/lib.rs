//! The benchmark harness: starts the `logbog` binary on a chosen backend and dataset, and
//! measures every role's key pages and API calls with 1 and 8 connections (p50, p99, max,
//! requests/s and the ratio to `/healthz` in the same run), two writes, the login, start-up,
//! the time to the first write and the server's resident memory. It prints figures; it is not a
//! timed test. `run` is what the binary and the smoke test call.

pub mod client;
pub mod dataset;
pub mod files;
pub mod measure;
pub mod output;
pub mod scenarios;
pub mod server;
pub mod writes;

use anyhow::{Context, Result, bail};
use measure::{Conn, Figures, Samples, Until};
use scenarios::{Pools, Read, Who};
use serde::Serialize;
use server::{Data, Server};
use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::time::{Duration, Instant};

pub use dataset::Dataset;
pub use output::{Budget, Machine};

/// The accounts the harness acts as (the demo's by default) and their password.
#[derive(Debug, Clone)]
pub struct Accounts {
    pub password: String,
    pub trainee: String,
    pub supervisor: String,
    pub training_lead: String,
    pub secretariat: String,
    /// The trainee who reports competencies ready in the write scenarios.
    pub write_trainee: String,
    /// Whom they are reported to, who approves them.
    pub write_approver: String,
    /// The secretariat of the writing trainee's region, who resets the approvals afterwards.
    pub write_secretariat: String,
}

impl Default for Accounts {
    fn default() -> Self {
        Self {
            password: "logbog-demo".into(),
            trainee: "laege.hu3".into(),
            supervisor: "vejleder.hansen".into(),
            training_lead: "uao.kardiologi".into(),
            secretariat: "sekretariat.oest".into(),
            write_trainee: "laege.hu1".into(),
            write_approver: "vejleder.hansen".into(),
            write_secretariat: "sekretariat.syd".into(),
        }
    }
}

/// What to run, and on what.
#[derive(Debug, Clone)]
pub struct Options {
    /// The server binary (`target/release/logbog`).
    pub binary: PathBuf,
    pub data_dir: PathBuf,
    /// PostgreSQL (or another SQLite file); the data folder's SQLite file when left out.
    pub database_url: Option<String>,
    pub dataset: Dataset,
    /// How long each scenario runs at each concurrency, after the warm-up.
    pub duration: Duration,
    pub warmup: Duration,
    /// Requests of each write scenario at each concurrency.
    pub writes: usize,
    /// The concurrencies (connections) each scenario runs with.
    pub connections: Vec<usize>,
    /// Only these scenarios (healthz always runs: the others are compared with it).
    pub only: Option<Vec<String>>,
    /// How long after the login burst its memory is read again.
    pub settle: Duration,
    /// The secretariat's search word; the trainee's family name's start when left out.
    pub search: Option<String>,
    pub accounts: Accounts,
    /// Rounds of the upload and download, and their sizes in MiB (10 and 8 × 20 unless
    /// `--quick`).
    pub file_rounds: usize,
    pub file_mib: usize,
    pub parallel_mib: usize,
    /// An S3-compatible server to measure the document store on as well.
    pub s3_endpoint: Option<String>,
}

impl Options {
    /// The defaults: 5 s per scenario and concurrency, 1 and 8 connections, 100 writes.
    pub fn new(binary: PathBuf, data_dir: PathBuf, dataset: Dataset) -> Self {
        Self {
            binary,
            data_dir,
            database_url: None,
            dataset,
            duration: Duration::from_secs(5),
            warmup: Duration::from_millis(500),
            writes: 100,
            connections: vec![1, 8],
            only: None,
            settle: Duration::from_secs(5),
            search: None,
            accounts: Accounts::default(),
            file_rounds: 5,
            file_mib: 10,
            parallel_mib: 20,
            s3_endpoint: None,
        }
    }

    /// `--quick`: a smoke run (300 ms per scenario, a few writes).
    pub fn quick(mut self) -> Self {
        self.duration = Duration::from_millis(300);
        self.warmup = Duration::from_millis(50);
        self.writes = 8;
        self.settle = Duration::from_millis(500);
        self.file_rounds = 1;
        self.file_mib = 1;
        self.parallel_mib = 2;
        self
    }

    fn selected(&self, name: &str) -> bool {
        name == "healthz" || self.only.as_ref().is_none_or(|o| o.iter().any(|n| n == name))
    }
}

/// The names of every scenario, for `--only` and its error message.
pub const SCENARIOS: &[&str] = &[
    "healthz",
    "login_page",
    "logbook",
    "competency",
    "views",
    "notifications",
    "notes",
    "overview",
    "specialty_files",
    "supervisor_home",
    "supervisor_worklist",
    "lead_home",
    "lead_worklist",
    "lead_access",
    "secretariat_home",
    "secretariat_search",
    "secretariat_access",
    "paper_worklist",
    "api_me",
    "api_competencies",
    "api_worklist",
    "report_ready",
    "approve",
    "login",
    "login_burst",
    "documents",
];

/// One scenario at one concurrency.
#[derive(Debug, Clone, Serialize)]
pub struct Row {
    pub scenario: String,
    /// Who sends it: anonymous, or the account.
    pub who: String,
    /// `GET /logbook`.
    pub request: String,
    pub connections: usize,
    pub expect: u16,
    #[serde(flatten)]
    pub figures: Figures,
    /// Requests/s as a percentage of `/healthz`'s at the same concurrency.
    pub of_healthz_pct: Option<f64>,
    pub errors: usize,
    pub server_errors: usize,
    /// The server's resident memory, highest while the scenario ran (KiB).
    pub rss_kib: u64,
    /// Exempt from the latency budget (login: argon2).
    pub exempt: bool,
}

/// Resident memory of the server (KiB).
#[derive(Debug, Clone, Default, Serialize)]
pub struct MemoryReport {
    pub after_start_kib: u64,
    /// Highest while pages, API calls and writes ran.
    pub page_load_kib: u64,
    /// Highest during the burst of logins.
    pub login_burst_kib: u64,
    /// Right after the burst and again after settling.
    pub after_burst_kib: u64,
    pub settled_kib: u64,
    pub settle_s: f64,
    /// VmHWM at the end: the process's peak.
    pub peak_kib: u64,
}

/// Everything a run measured.
#[derive(Debug, Clone, Serialize)]
pub struct Report {
    pub machine: Machine,
    pub backend: String,
    pub dataset: String,
    pub seeded: String,
    pub binary: String,
    pub commit: Option<String>,
    pub date: String,
    pub duration_s: f64,
    /// The machine's 1-minute load average at the start and the end: other work on the machine
    /// shows in the figures.
    pub load_before: Option<f64>,
    pub load_after: Option<f64>,
    /// Spawn to the first 200 from `/healthz`.
    pub startup_ms: f64,
    /// Spawn to the first successful write (a token: a session row).
    pub first_write_ms: f64,
    pub rows: Vec<Row>,
    pub memory: MemoryReport,
    /// Error and warning lines in the server's log.
    pub log_errors: usize,
    pub log_warnings: usize,
    pub notes: Vec<String>,
    /// Documents: throughput and memory per store.
    pub files: Vec<files::FileFigures>,
}

impl Report {
    /// Responses with a 5xx status over the whole run.
    pub fn server_errors(&self) -> usize {
        self.rows.iter().map(|r| r.server_errors).sum()
    }

    /// Answers other than the expected status (5xx included).
    pub fn errors(&self) -> usize {
        self.rows.iter().map(|r| r.errors).sum()
    }

    /// The budgets of QUALITY.md, checked.
    pub fn budgets(&self) -> Vec<Budget> {
        output::budgets(self)
    }
}

/// Samples the server's VmRSS every 50 ms and keeps the highest.
pub(crate) struct Sampler {
    stop: Arc<AtomicBool>,
    max: Arc<AtomicU64>,
    task: tokio::task::JoinHandle<()>,
}

impl Sampler {
    pub(crate) fn start(pid: u32) -> Self {
        let stop = Arc::new(AtomicBool::new(false));
        let max = Arc::new(AtomicU64::new(0));
        let (s, m) = (stop.clone(), max.clone());
        let task = tokio::spawn(async move {
            while !s.load(Ordering::Relaxed) {
                if let Some(kib) = rss_of(pid) {
                    m.fetch_max(kib, Ordering::Relaxed);
                }
                tokio::time::sleep(Duration::from_millis(50)).await;
            }
        });
        Self { stop, max, task }
    }

    pub(crate) async fn finish(self, pid: u32) -> u64 {
        self.stop.store(true, Ordering::Relaxed);
        let _ = self.task.await;
        self.max.load(Ordering::Relaxed).max(rss_of(pid).unwrap_or(0))
    }
}

fn rss_of(pid: u32) -> Option<u64> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmRSS:"))?
        .split_whitespace()
        .next()?
        .parse()
        .ok()
}

fn who_label(who: Who, a: &Accounts) -> String {
    match who {
        Who::Anonymous => "anonymous".into(),
        Who::LoginForm => format!("{} (form)", a.trainee),
        Who::Web(account) => account.username(a).to_owned(),
        Who::Api(account) => format!("{} (token)", account.username(a)),
    }
}

/// The run's state between scenarios.
struct Run<'a> {
    opts: &'a Options,
    server: &'a mut Server,
    rows: Vec<Row>,
    page_load_kib: u64,
}

impl Run<'_> {
    fn healthz_rps(&self, connections: usize) -> Option<f64> {
        self.rows
            .iter()
            .find(|r| r.scenario == "healthz" && r.connections == connections)
            .map(|r| r.figures.requests_per_s)
            .filter(|r| *r > 0.0)
    }

    /// Record one scenario's row.
    #[allow(clippy::too_many_arguments)]
    fn record(
        &mut self,
        name: &str,
        who: String,
        request: String,
        expect: u16,
        connections: usize,
        samples: &Samples,
        rss_kib: u64,
        exempt: bool,
    ) {
        let figures = samples.figures();
        let of_healthz_pct = self
            .healthz_rps(connections)
            .map(|h| 100.0 * figures.requests_per_s / h);
        self.rows.push(Row {
            scenario: name.to_owned(),
            who,
            request,
            connections,
            expect,
            errors: figures.errors(expect),
            server_errors: figures.server_errors(),
            figures,
            of_healthz_pct,
            rss_kib,
            exempt,
        });
    }

    /// Measure one timed scenario on `conns` and record its row; the highest RSS meanwhile.
    async fn measure(&mut self, read: &Read, who: String, conns: &[Conn], make: measure::MakeRequest) -> Result<u64> {
        let sampler = Sampler::start(self.server.pid);
        let samples = measure::load(conns, self.timed(), make).await?;
        let rss = sampler.finish(self.server.pid).await;
        self.server.check_alive()?;
        let request = format!("{} {}", read.method, read.shown);
        let exempt = read.who == Who::LoginForm;
        self.record(read.name, who, request, read.expect, conns.len(), &samples, rss, exempt);
        Ok(rss)
    }

    fn timed(&self) -> Until {
        Until::Elapsed {
            warmup: self.opts.warmup,
            measure: self.opts.duration,
        }
    }

    async fn read(&mut self, pools: &mut Pools, read: &Read) -> Result<()> {
        for &n in &self.opts.connections.clone() {
            let conns = pools.conns(read.who, n).await?;
            if let Some(first) = conns.first() {
                scenarios::check_session(&self.server.base, first, read.who).await?;
            }
            let make = scenarios::make_read(&self.server.base, read, &self.opts.accounts);
            let who = who_label(read.who, &self.opts.accounts);
            let rss = self.measure(read, who, &conns, make).await?;
            if read.who != Who::LoginForm {
                self.page_load_kib = self.page_load_kib.max(rss);
            }
        }
        Ok(())
    }
}

/// Run the benchmark: prepare the dataset, start the server, measure, stop it.
pub async fn run(opts: &Options) -> Result<Report> {
    if !opts.binary.is_file() {
        bail!(
            "no server binary at {}: build it with `cargo build --release -p logbog` (or give --binary)",
            opts.binary.display()
        );
    }
    if let Some(only) = &opts.only
        && let Some(unknown) = only.iter().find(|n| !SCENARIOS.contains(&n.as_str()))
    {
        bail!(
            "--only: no scenario {unknown:?}; the scenarios are {}",
            SCENARIOS.join(", ")
        );
    }
    let started = Instant::now();
    let load_before = output::load_average();
    let data = Data {
        dir: &opts.data_dir,
        url: opts.database_url.as_deref(),
    };
    let seeded = dataset::prepare(&opts.binary, &data, &opts.dataset)?;
    let mut server = Server::start(&opts.binary, &data)?;
    let startup = server.wait_ready(&client::plain()?).await?;
    let a = &opts.accounts;
    let trainee_api = client::Api::login(&server.base, &a.trainee, &a.password)
        .await
        .with_context(|| {
            format!(
                "the first write (a token for {}) failed; the server's log:\n{}",
                a.trainee,
                server.log_tail()
            )
        })?;
    let first_write = server.since_spawn();
    let after_start_kib = server.memory()?.rss_kib;
    let ids = scenarios::find_ids(&trainee_api, opts).await?;

    let mut run = Run {
        opts,
        server: &mut server,
        rows: Vec::new(),
        page_load_kib: 0,
    };
    let mut notes = Vec::new();
    let mut pools = Pools::new(&run.server.base, a);
    for read in scenarios::reads(&ids).iter().filter(|r| opts.selected(r.name)) {
        run.read(&mut pools, read).await?;
    }
    if opts.selected("report_ready") || opts.selected("approve") {
        write_scenarios(&mut run, &mut notes).await?;
    }
    if opts.selected("login") {
        run.read(&mut pools, &scenarios::login("login")).await?;
    }
    let mut memory = MemoryReport {
        after_start_kib,
        page_load_kib: run.page_load_kib,
        settle_s: opts.settle.as_secs_f64(),
        ..MemoryReport::default()
    };
    if opts.selected("login_burst") {
        let n = opts.connections.iter().copied().max().unwrap_or(8);
        let conns = pools.conns(Who::LoginForm, n).await?;
        let login = scenarios::login("login_burst");
        let make = scenarios::make_read(&run.server.base, &login, a);
        let who = who_label(Who::LoginForm, a);
        memory.login_burst_kib = run.measure(&login, who, &conns, make).await?;
        memory.after_burst_kib = run.server.memory()?.rss_kib;
        tokio::time::sleep(opts.settle).await;
        memory.settled_kib = run.server.memory()?.rss_kib;
    }
    let rows = std::mem::take(&mut run.rows);
    memory.peak_kib = server.memory()?.peak_kib;
    let mut file_figures = Vec::new();
    if opts.selected("documents") {
        file_figures.push(files::measure(&server, "folder", opts).await?);
    }
    let (log_errors, log_warnings) = server.log_counts();
    server.stop()?;
    if let (true, Some(endpoint)) = (opts.selected("documents"), &opts.s3_endpoint) {
        let bucket = files::create_bucket(endpoint).await?;
        let env = [
            ("LOGBOG_FILES_STORE", "s3".to_owned()),
            ("LOGBOG_S3_ENDPOINT", endpoint.clone()),
            ("LOGBOG_S3_BUCKET", bucket.clone()),
            ("LOGBOG_S3_REGION", "us-east-1".to_owned()),
            ("LOGBOG_S3_ACCESS_KEY_ID", "bench".to_owned()),
            ("LOGBOG_S3_SECRET_ACCESS_KEY", "bench".to_owned()),
        ];
        let mut s3 = Server::start_with(&opts.binary, &data, server::free_port()?, &env)?;
        s3.wait_ready(&client::plain()?).await?;
        let store = format!("S3 ({endpoint}, bucket {bucket})");
        file_figures.push(files::measure(&s3, &store, opts).await?);
        s3.stop()?;
    }
    Ok(Report {
        machine: Machine::detect(),
        backend: match &opts.database_url {
            Some(u) if u.starts_with("postgres") => "PostgreSQL".into(),
            _ => "SQLite".into(),
        },
        dataset: opts.dataset.to_string(),
        seeded,
        binary: opts.binary.display().to_string(),
        commit: output::git_commit(),
        date: chrono::Utc::now().format("%Y-%m-%d %H:%M UTC").to_string(),
        duration_s: started.elapsed().as_secs_f64(),
        load_before,
        load_after: output::load_average(),
        startup_ms: startup.as_secs_f64() * 1000.0,
        first_write_ms: first_write.as_secs_f64() * 1000.0,
        rows,
        memory,
        log_errors,
        log_warnings,
        notes,
        files: file_figures,
    })
}

/// Report ready and approve, at each concurrency: `--writes` requests spread over the
/// connections, in rounds of as many as the writing trainee has competencies to report, each
/// round undone (untimed) before the next.
async fn write_scenarios(run: &mut Run<'_>, notes: &mut Vec<String>) -> Result<()> {
    let a = &run.opts.accounts;
    let writer = writes::Writer::prepare(&run.server.base, a).await?;
    let (trainee_token, approver_token) = writer.tokens();
    let per_round = writer.available();
    let total = run.opts.writes;
    if per_round == 0 {
        notes.push(format!(
            "{} has no competency left to report to {}: no writes were measured",
            a.write_trainee, a.write_approver
        ));
        return Ok(());
    }
    if per_round < total {
        notes.push(format!(
            "{} has {per_round} competencies to report to {}: the {total} writes of each scenario ran in rounds \
             of at most {per_round}, each undone before the next",
            a.write_trainee, a.write_approver
        ));
    }
    let conns = |token: &str, n: usize| -> Result<Vec<Conn>> {
        (0..n)
            .map(|_| {
                Ok(Conn {
                    client: client::plain()?,
                    bearer: Some(token.to_owned()),
                    csrf: None,
                })
            })
            .collect()
    };
    for &n in &run.opts.connections.clone() {
        for (name, expect) in [("report_ready", 201), ("approve", 200)] {
            if !run.opts.selected(name) {
                continue;
            }
            let (who, request, token) = if name == "report_ready" {
                (
                    &a.write_trainee,
                    "POST /api/v1/trainees/{trainee}/requests",
                    &trainee_token,
                )
            } else {
                (&a.write_approver, "POST /api/v1/worklist/approvals", &approver_token)
            };
            let conns = conns(token, n)?;
            let sampler = Sampler::start(run.server.pid);
            let mut samples = Samples::default();
            while samples.len() < total {
                let count = per_round.min(total - samples.len());
                let round = if name == "report_ready" {
                    let (make, used) = writer.report_ready(count);
                    let round = measure::load(&conns, Until::Exhausted, make).await?;
                    writer.undo_reports(&used).await?;
                    round
                } else {
                    let (make, used) = writer.approvals(count).await?;
                    let round = measure::load(&conns, Until::Exhausted, make).await?;
                    writer.undo_approvals(&used).await?;
                    round
                };
                if round.is_empty() {
                    notes.push(format!(
                        "{name}: the round found nothing to write; stopped after {}",
                        samples.len()
                    ));
                    break;
                }
                samples.extend(round);
            }
            let rss = sampler.finish(run.server.pid).await;
            run.server.check_alive()?;
            run.page_load_kib = run.page_load_kib.max(rss);
            let who = format!("{who} (token)");
            run.record(name, who, request.to_owned(), expect, n, &samples, rss, false);
        }
    }
    Ok(())
}
