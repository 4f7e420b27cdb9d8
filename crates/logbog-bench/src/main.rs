//! `logbog-bench`: start the release binary on a backend and dataset, measure, print figures.

use anyhow::{Context, Result};
use clap::Parser;
use logbog_bench::{Dataset, Options};
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Duration;

#[derive(Parser)]
#[command(
    name = "logbog-bench",
    about = "Measure every role's key pages and API calls of a running Logbog (p50, p99, requests/s with 1 and 8 connections, memory)"
)]
struct Cli {
    /// The server binary to start.
    #[arg(long, default_value = "target/release/logbog")]
    binary: PathBuf,
    /// The data folder (the SQLite file unless --database-url is given).
    #[arg(long)]
    data_dir: PathBuf,
    /// A PostgreSQL URL (postgres://user@host/db) for the dataset.
    #[arg(long)]
    database_url: Option<String>,
    /// demo, national, a fraction of the national scale (0.1), or existing (no seeding).
    #[arg(long, default_value = "demo")]
    dataset: Dataset,
    /// Seconds each scenario runs at each concurrency, after a short warm-up [default: 5].
    #[arg(long)]
    duration: Option<f64>,
    /// Requests of each write scenario at each concurrency [default: 100].
    #[arg(long)]
    writes: Option<usize>,
    /// The concurrencies, comma-separated.
    #[arg(long, value_delimiter = ',', default_value = "1,8")]
    connections: Vec<usize>,
    /// Only these scenarios, comma-separated (healthz always runs).
    #[arg(long, value_delimiter = ',')]
    only: Option<Vec<String>>,
    /// A smoke run: 300 ms per scenario and 8 writes (unless --duration or --writes say otherwise).
    #[arg(long)]
    quick: bool,
    /// Print the report as a Markdown section for docs/benchmarks.md instead of a table.
    #[arg(long)]
    markdown: bool,
    /// Also write the raw report as JSON to this file.
    #[arg(long)]
    json: Option<PathBuf>,
    /// Exit non-zero when a budget fails (a 5xx always does).
    #[arg(long)]
    check_budgets: bool,
    /// The secretariat's search word (default: the start of the trainee's family name).
    #[arg(long)]
    search: Option<String>,
    /// The trainee whose pages are read.
    #[arg(long, default_value = "laege.hu3")]
    trainee: String,
    #[arg(long, default_value = "vejleder.hansen")]
    supervisor: String,
    #[arg(long, default_value = "uao.kardiologi")]
    training_lead: String,
    #[arg(long, default_value = "sekretariat.oest")]
    secretariat: String,
    /// The trainee who reports competencies ready in the writes.
    #[arg(long, default_value = "laege.hu1")]
    write_trainee: String,
    /// Their approver, who approves them.
    #[arg(long, default_value = "vejleder.hansen")]
    write_approver: String,
    /// The secretariat that resets the approvals afterwards.
    #[arg(long, default_value = "sekretariat.syd")]
    write_secretariat: String,
    /// An S3-compatible server (e.g. `moto_server -p 5000` → http://127.0.0.1:5000) on which
    /// the documents are measured too; the bench creates a bucket there.
    #[arg(long)]
    s3_endpoint: Option<String>,
    /// The password of every account used.
    #[arg(long, env = "LOGBOG_BENCH_PASSWORD", default_value = "logbog-demo")]
    password: String,
}

fn options(cli: Cli) -> Result<(Options, bool, bool, Option<PathBuf>)> {
    anyhow::ensure!(
        cli.duration.is_none_or(|d| d > 0.0 && d.is_finite()),
        "--duration takes a positive number of seconds"
    );
    anyhow::ensure!(
        !cli.connections.is_empty() && cli.connections.iter().all(|c| *c > 0),
        "--connections takes positive numbers, e.g. 1,8"
    );
    let mut opts = Options::new(cli.binary, cli.data_dir, cli.dataset);
    if cli.quick {
        opts = opts.quick();
    }
    opts.database_url = cli.database_url;
    if let Some(d) = cli.duration {
        opts.duration = Duration::from_secs_f64(d);
    }
    if let Some(w) = cli.writes {
        opts.writes = w;
    }
    opts.connections = cli.connections;
    opts.only = cli.only;
    opts.search = cli.search;
    opts.s3_endpoint = cli.s3_endpoint;
    opts.accounts = logbog_bench::Accounts {
        password: cli.password,
        trainee: cli.trainee,
        supervisor: cli.supervisor,
        training_lead: cli.training_lead,
        secretariat: cli.secretariat,
        write_trainee: cli.write_trainee,
        write_approver: cli.write_approver,
        write_secretariat: cli.write_secretariat,
    };
    Ok((opts, cli.markdown, cli.check_budgets, cli.json))
}

#[tokio::main]
async fn main() -> ExitCode {
    match bench(Cli::parse()).await {
        Ok(code) => code,
        Err(e) => {
            eprintln!("logbog-bench: {e:#}");
            ExitCode::FAILURE
        }
    }
}

async fn bench(cli: Cli) -> Result<ExitCode> {
    let (opts, markdown, check_budgets, json) = options(cli)?;
    eprintln!(
        "logbog-bench: {} on {}, {} s per scenario and concurrency …",
        opts.dataset,
        opts.database_url.as_deref().map_or("SQLite", |_| "PostgreSQL"),
        opts.duration.as_secs_f64()
    );
    let report = logbog_bench::run(&opts).await?;
    if let Some(path) = json {
        let text = serde_json::to_string_pretty(&report)?;
        std::fs::write(&path, text).with_context(|| format!("cannot write {}", path.display()))?;
    }
    if markdown {
        print!("{}", logbog_bench::output::markdown(&report));
    } else {
        print!("{}", logbog_bench::output::table(&report));
    }
    let budgets_ok = report.budgets().iter().all(|b| b.ok);
    Ok(if report.errors() > 0 {
        eprintln!(
            "logbog-bench: {} unexpected answers ({} × 5xx)",
            report.errors(),
            report.server_errors()
        );
        ExitCode::FAILURE
    } else if check_budgets && !budgets_ok {
        eprintln!("logbog-bench: budgets failed");
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    })
}
