//! The `logbog` binary: serve, demo, seed, migrate, admin and audit commands.

mod audit;
mod files;
mod progress;

use anyhow::{Context, Result, bail};
use clap::{Args, Parser, Subcommand};
use logbog_app::{App, AppConfig, SystemClock};
use logbog_db::Db;
use std::io::{BufRead, IsTerminal, Write};
use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::Arc;

/// mimalloc gives freed memory back to the system; glibc's allocator kept the blocks of every
/// password check and every worker thread's arena resident (1 GB after a burst of logins).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

#[derive(Parser)]
#[command(
    name = "logbog",
    version,
    about = "Electronic logbook for Danish postgraduate medical training"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Run the server.
    Serve(ServeArgs),
    /// Seed realistic demo data (once), print the demo accounts and serve.
    Demo(DemoArgs),
    /// Build a realistic national-scale dataset on top of the demo data (idempotent, resumable).
    Seed(SeedArgs),
    /// Create or upgrade the database schema and load reference data, then exit.
    Migrate(DbArgs),
    /// Administration of accounts.
    Admin {
        #[command(subcommand)]
        command: AdminCommand,
    },
    /// Copy the installation (every table from one snapshot, and the documents) into a new
    /// folder with a manifest of hashes; safe while the server runs.
    Backup(BackupArgs),
    /// Restore a backup into an empty installation (or over one with --replace) and verify it.
    Restore(RestoreArgs),
    /// The tamper-evident audit trail.
    Audit {
        #[command(subcommand)]
        command: audit::AuditCommand,
    },
}

#[derive(Args, Clone)]
struct DbArgs {
    /// Folder for the SQLite database and uploaded files.
    #[arg(long, env = "LOGBOG_DATA_DIR", default_value = "./data")]
    data_dir: PathBuf,
    /// sqlite://… or postgres://…; default: a SQLite file in the data folder.
    #[arg(long, env = "LOGBOG_DATABASE_URL")]
    database_url: Option<String>,
    #[command(flatten)]
    files: files::FilesArgs,
}

#[derive(Args)]
struct ServeArgs {
    #[command(flatten)]
    db: DbArgs,
    /// Address to listen on.
    #[arg(long, env = "LOGBOG_ADDR", default_value = "127.0.0.1:8080")]
    addr: SocketAddr,
    /// Mark cookies Secure (turn off only for plain HTTP on a host other than localhost).
    #[arg(long, env = "LOGBOG_COOKIE_SECURE", default_value_t = true, action = clap::ArgAction::Set)]
    cookie_secure: bool,
    /// Log format: json or pretty.
    #[arg(long, env = "LOGBOG_LOG_FORMAT", default_value = "json")]
    log_format: String,
    /// Proxies (addresses or ranges, comma-separated) whose X-Forwarded-For gives the client's
    /// address, e.g. "10.0.0.0/8,::1"; none by default.
    #[arg(long, env = "LOGBOG_TRUSTED_PROXIES", default_value = "")]
    trusted_proxies: logbog_web::client_addr::TrustedProxies,
    #[command(flatten)]
    jobs: JobArgs,
    /// Write notification emails as files to this folder instead of sending them.
    #[arg(long, env = "LOGBOG_OUTBOX_DIR")]
    outbox_dir: Option<PathBuf>,
    /// Send notification emails through this SMTP relay (host name).
    #[arg(long, env = "LOGBOG_SMTP_HOST")]
    smtp_host: Option<String>,
    /// The relay's port.
    #[arg(long, env = "LOGBOG_SMTP_PORT", default_value_t = 25)]
    smtp_port: u16,
    /// The sender of notification emails.
    #[arg(long, env = "LOGBOG_MAIL_FROM", default_value = "Logbog <noreply@logbog.local>")]
    mail_from: String,
    /// What one person's documents may take in all, in MB.
    #[arg(long, env = "LOGBOG_DOCUMENTS_QUOTA_MB", default_value_t = 500)]
    documents_quota_mb: u64,
    /// The address people open Logbog at (e.g. https://logbog.regionh.dk), for the links in
    /// notification emails; http://<addr> when not given.
    #[arg(long, env = "LOGBOG_PUBLIC_URL")]
    public_url: Option<String>,
}

#[derive(Args, Clone, Copy)]
struct JobArgs {
    /// Days a request waits before its approver is reminded.
    #[arg(long, env = "LOGBOG_REMINDER_DAYS", default_value_t = 7)]
    reminder_days: i64,
    /// Days a request waits before the training lead or tutor of the site is told.
    #[arg(long, env = "LOGBOG_ESCALATION_DAYS", default_value_t = 14)]
    escalation_days: i64,
}

impl JobArgs {
    fn config(self) -> AppConfig {
        AppConfig {
            reminder_days: self.reminder_days,
            escalation_days: self.escalation_days,
            ..AppConfig::default()
        }
    }
}

impl ServeArgs {
    /// The one configuration of the server, from its flags and environment.
    fn config(&self) -> AppConfig {
        AppConfig {
            mail: logbog_app::MailConfig {
                smtp: self.smtp_host.clone().map(|h| (h, self.smtp_port)),
                outbox_dir: self.outbox_dir.clone(),
                from: self.mail_from.clone(),
            },
            paths: logbog_app::Paths {
                data_dir: self.db.data_dir.clone(),
                database_url: self.db.database_url.clone().map(logbog_app::Secret::new),
            },
            documents_quota: self.documents_quota_mb * 1024 * 1024,
            ..self.jobs.config()
        }
    }
}

#[derive(Args)]
struct DemoArgs {
    /// Folder for the demo's SQLite database and files.
    #[arg(long, env = "LOGBOG_DATA_DIR", default_value = "./data")]
    data_dir: PathBuf,
    /// Address to listen on.
    #[arg(long, env = "LOGBOG_ADDR", default_value = "127.0.0.1:8080")]
    addr: SocketAddr,
    /// Print the demo accounts and exit.
    #[arg(long)]
    list_accounts: bool,
    /// With --list-accounts: print JSON.
    #[arg(long, requires = "list_accounts")]
    json: bool,
    #[command(flatten)]
    jobs: JobArgs,
}

#[derive(Args)]
struct SeedArgs {
    #[command(flatten)]
    db: DbArgs,
    /// `national` (10,000 trainees, 5 M audit events), `demo` (only the demo data) or a fraction
    /// of the national size such as 0.01.
    #[arg(long, default_value = "national")]
    scale: logbog_app::seed::Scale,
}

#[derive(Args)]
struct BackupArgs {
    #[command(flatten)]
    db: DbArgs,
    /// The folder to write the backup into (new or empty).
    #[arg(long)]
    out: PathBuf,
}

#[derive(Args)]
struct RestoreArgs {
    #[command(flatten)]
    db: DbArgs,
    /// The backup's folder, as `logbog backup` wrote it.
    #[arg(long)]
    from: PathBuf,
    /// Replace what the installation holds (otherwise a restore needs an empty one).
    #[arg(long)]
    replace: bool,
}

#[derive(Subcommand)]
enum AdminCommand {
    /// Create an administrator. The password is asked for, or read from standard input.
    Create {
        #[command(flatten)]
        db: DbArgs,
        #[arg(long)]
        username: String,
        #[arg(long, default_value = "System")]
        given_name: String,
        #[arg(long, default_value = "Administrator")]
        family_name: String,
    },
}

fn init_logging(format: &str) {
    let filter = tracing_subscriber::EnvFilter::try_from_env("LOGBOG_LOG")
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info,sqlx=warn"));
    let builder = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr);
    if format == "json" {
        builder.json().init();
    } else {
        builder.compact().init();
    }
}

fn database_url(args: &DbArgs, file: &str) -> Result<String> {
    std::fs::create_dir_all(&args.data_dir)
        .with_context(|| format!("cannot create the data folder {}", args.data_dir.display()))?;
    std::fs::create_dir_all(args.data_dir.join("files"))
        .with_context(|| format!("cannot create the files folder in {}", args.data_dir.display()))?;
    Ok(match &args.database_url {
        Some(url) => url.clone(),
        None => format!("sqlite://{}", args.data_dir.join(file).display()),
    })
}

/// Connect, migrate and make sure the reference data is there.
async fn open(args: &DbArgs, config: AppConfig) -> Result<App> {
    let url = database_url(args, "logbog.db")?;
    let db = Db::connect(&url)
        .await
        .with_context(|| format!("cannot open the database {}", logbog_app::config::redact_url(&url)))?;
    db.migrate().await.context("cannot migrate the database")?;
    db.optimize().await.context("cannot update the database's statistics")?;
    let app = App::new(db, Arc::new(SystemClock), config).with_files(args.files.open(&args.data_dir)?);
    let mut tx = app.db.begin().await?;
    logbog_app::reference_data::ensure_reference_data(&mut tx, logbog_app::Clock::today(&SystemClock)).await?;
    tx.commit().await?;
    Ok(app)
}

async fn serve(
    app: App,
    settings: logbog_web::WebSettings,
    addr: SocketAddr,
    on_ready: impl FnOnce(SocketAddr),
) -> Result<()> {
    let state = logbog_web::AppState::new(app, settings).map_err(anyhow::Error::msg)?;
    let router = logbog_web::router(state);
    let listener = tokio::net::TcpListener::bind(addr).await.with_context(|| {
        format!("cannot listen on {addr} (is another program using it? choose another with --addr)")
    })?;
    let local = listener.local_addr()?;
    tracing::info!(%local, "listening");
    on_ready(local);
    axum::serve(listener, router.into_make_service_with_connect_info::<SocketAddr>())
        .with_graceful_shutdown(shutdown_signal())
        .await?;
    Ok(())
}

/// The periodic work: reminders and escalations of waiting requests, emailing notifications,
/// and (hourly) the planner's statistics, forgetting quiet failed-login counters and sweeping
/// stray files. Each run is idempotent, so running every ten minutes is
/// a daily job that also catches up after a restart without sending anything twice.
fn spawn_jobs(app: App, mailer: Option<Arc<dyn logbog_app::notifications::Mailer>>, public_url: String) -> Result<()> {
    let render = logbog_web::notify::email_renderer(
        Arc::new(logbog_web::i18n::I18n::load().map_err(anyhow::Error::msg)?),
        public_url,
    );
    tokio::spawn(async move {
        let mut ticks = tokio::time::interval(std::time::Duration::from_secs(600));
        for tick in 0u64.. {
            ticks.tick().await;
            if tick % 6 == 5 {
                if let Err(e) = app.db.optimize().await {
                    tracing::warn!(error = %e, "updating the database's statistics failed");
                }
                if let Err(e) = logbog_app::throttle::forget_quiet(&app).await {
                    tracing::warn!(error = %e, "forgetting old failed-login counters failed");
                }
                files::sweep(&app).await;
            }
            match logbog_app::notifications::run_reminders(&app).await {
                Ok(run) if run.reminders + run.escalations + run.time_due > 0 => {
                    tracing::info!(
                        reminders = run.reminders,
                        escalations = run.escalations,
                        time_due = run.time_due,
                        "reminded approvers"
                    )
                }
                Ok(_) => {}
                Err(e) => tracing::error!(error = %e, "reminder job failed"),
            }
            if let Some(mailer) = &mailer {
                match logbog_app::notifications::deliver_email(&app, mailer.as_ref(), &render).await {
                    Ok(n) if n > 0 => tracing::info!(sent = n, "emailed notifications"),
                    Ok(_) => {}
                    Err(e) => tracing::error!(error = %e, "email job failed"),
                }
            }
        }
    });
    Ok(())
}

async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! { _ = ctrl_c => {}, _ = terminate => {} }
    tracing::info!("shutting down");
}

fn print_accounts(json: bool) -> Result<()> {
    let accounts = logbog_app::demo::demo_accounts();
    let mut out = std::io::stdout().lock();
    if json {
        serde_json::to_writer_pretty(&mut out, &accounts)?;
        writeln!(out)?;
    } else {
        let width = accounts.iter().map(|a| a.username.len()).max().unwrap_or(10);
        writeln!(
            out,
            "Demo accounts (password for all: {}):",
            logbog_app::demo::DEMO_PASSWORD
        )?;
        for a in &accounts {
            let roles: Vec<&str> = a.roles.iter().map(|r| r.code()).collect();
            writeln!(out, "  {:width$}  {:28}  {}", a.username, roles.join(","), a.note)?;
        }
    }
    Ok(())
}

async fn demo(args: DemoArgs) -> Result<()> {
    if args.list_accounts {
        return print_accounts(args.json);
    }
    init_logging("pretty");
    let db_args = DbArgs {
        data_dir: args.data_dir.clone(),
        database_url: None,
        files: files::FilesArgs::folder(),
    };
    let app = open(&db_args, args.jobs.config()).await?;
    eprintln!("Seeding demo data in {} …", args.data_dir.display());
    let report = logbog_app::demo::seed(&app, &mut |step, total, label| {
        eprintln!("  [{step:>2}/{total}] {label}");
    })
    .await?;
    if !report.seeded {
        eprintln!("  Demo data already present; reusing it.");
    }
    let outbox = logbog_app::notifications::OutboxMailer {
        dir: args.data_dir.join("outbox"),
    };
    spawn_jobs(app.clone(), Some(Arc::new(outbox)), format!("http://{}", args.addr))?;
    let accounts = logbog_app::demo::demo_accounts();
    let settings = logbog_web::WebSettings {
        secure_cookies: false,
        demo: Some(logbog_web::DemoInfo {
            password: logbog_app::demo::DEMO_PASSWORD.to_owned(),
            accounts: accounts.iter().map(|a| (a.username.clone(), a.roles.clone())).collect(),
        }),
        trusted_proxies: Default::default(),
    };
    serve(app, settings, args.addr, |local| {
        println!();
        println!("Logbog demo is running at http://{local}/");
        println!();
        let _ = print_accounts(false);
        println!();
        println!("Stop with Ctrl+C. Data is kept in {}.", args.data_dir.display());
        let _ = std::io::stdout().flush();
    })
    .await
}

async fn seed(args: SeedArgs) -> Result<()> {
    let app = open(&args.db, AppConfig::default()).await?;
    let started = std::time::Instant::now();
    let mut bar = progress::Bar::new();
    let outcome = logbog_app::seed::seed(&app, args.scale, &mut |phase, done, total| {
        bar.update(phase, done, total)
    })
    .await;
    bar.finish();
    let outcome = outcome.map_err(|e| anyhow::anyhow!("{e}"))?;
    use logbog_app::seed::SeedOutcome;
    match outcome {
        SeedOutcome::DemoOnly { seeded: true } => println!("Demo data seeded."),
        SeedOutcome::DemoOnly { seeded: false } => println!("Demo data already present; nothing to do."),
        SeedOutcome::AlreadyThere => println!("The dataset of this scale is already there; nothing to do."),
        SeedOutcome::Built | SeedOutcome::Stopped => {
            println!("Seeded in {}.", progress::clock(started.elapsed().as_secs_f64()))
        }
    }
    println!("Rows now in the database:");
    for (table, n) in logbog_app::seed::counts(&app).await? {
        println!("  {table:<20} {n:>10}");
    }
    app.db.close().await;
    Ok(())
}

fn read_password() -> Result<String> {
    if std::io::stdin().is_terminal() {
        let first = rpassword::prompt_password("Password: ")?;
        let second = rpassword::prompt_password("Repeat password: ")?;
        if first != second {
            bail!("the passwords differ");
        }
        Ok(first)
    } else {
        let mut line = String::new();
        std::io::stdin().lock().read_line(&mut line)?;
        Ok(line.trim_end_matches(['\r', '\n']).to_owned())
    }
}

#[tokio::main]
async fn main() -> Result<()> {
    let cli = Cli::parse();
    match cli.command {
        Command::Serve(args) => {
            init_logging(&args.log_format);
            let config = args.config();
            tracing::info!(?config, "configuration");
            let app = open(&args.db, config).await?;
            let mut conn = app.db.conn().await?;
            if logbog_db::accounts::count_accounts(&mut conn).await? == 0 {
                tracing::warn!(
                    "the database has no users: create the first administrator with `logbog admin create --username NAME`"
                );
            }
            drop(conn);
            let mail = app.config.mail.clone();
            let mailer: Option<Arc<dyn logbog_app::notifications::Mailer>> = match (&mail.smtp, &mail.outbox_dir) {
                (Some((host, port)), _) => Some(Arc::new(
                    logbog_app::notifications::SmtpMailer::new(host, *port, &mail.from).map_err(anyhow::Error::msg)?,
                )),
                (None, Some(dir)) => Some(Arc::new(logbog_app::notifications::OutboxMailer { dir: dir.clone() })),
                (None, None) => {
                    tracing::warn!(
                        "no --smtp-host or --outbox-dir: notifications are shown in the app but not emailed"
                    );
                    None
                }
            };
            let public_url = args
                .public_url
                .clone()
                .unwrap_or_else(|| format!("http://{}", args.addr));
            spawn_jobs(app.clone(), mailer, public_url)?;
            serve(
                app,
                logbog_web::WebSettings {
                    secure_cookies: args.cookie_secure,
                    demo: None,
                    trusted_proxies: args.trusted_proxies.clone(),
                },
                args.addr,
                |local| {
                    println!("Logbog is running at http://{local}/");
                },
            )
            .await
        }
        Command::Demo(args) => demo(args).await,
        Command::Seed(args) => seed(args).await,
        Command::Backup(args) => {
            if args.db.files.files_store == files::StoreKind::S3 {
                eprintln!(
                    "Note: the documents are in the S3 bucket, which this backup does not copy; keep them with the bucket's own versioning or replication."
                );
            }
            let app = open(&args.db, AppConfig::default()).await?;
            let m = logbog_app::backup::backup(&app, &args.db.data_dir.join("files"), &args.out)
                .await
                .map_err(|e| anyhow::anyhow!("backup failed: {e}"))?;
            let rows: u64 = m.tables.iter().map(|t| t.rows).sum();
            println!(
                "Backup written to {}: {rows} rows in {} tables, {} documents, audit head {} {}.",
                args.out.display(),
                m.tables.len(),
                m.files.len(),
                m.audit_head.0,
                m.audit_head.1
            );
            Ok(())
        }
        Command::Restore(args) => {
            let app = open(&args.db, AppConfig::default()).await?;
            let started = std::time::Instant::now();
            let r = logbog_app::backup::restore_with_progress(
                &app,
                &args.db.data_dir.join("files"),
                &args.from,
                args.replace,
                &mut |table, rows| {
                    if rows > 0 {
                        eprintln!("{:>6.1} s  {table}: {rows} rows", started.elapsed().as_secs_f64());
                    }
                },
            )
            .await
            .map_err(|e| anyhow::anyhow!("restore failed: {e}"))?;
            println!(
                "Restored {} rows and {} documents; the audit trail verifies ({} events).",
                r.rows, r.files, r.audit_events
            );
            Ok(())
        }
        Command::Migrate(args) => {
            init_logging("pretty");
            let app = open(&args, AppConfig::default()).await?;
            app.db.close().await;
            println!("The database is up to date.");
            Ok(())
        }
        Command::Admin {
            command:
                AdminCommand::Create {
                    db,
                    username,
                    given_name,
                    family_name,
                },
        } => {
            let app = open(&db, AppConfig::default()).await?;
            let password = read_password()?;
            logbog_app::auth::create_admin(&app, &username, &password, &given_name, &family_name)
                .await
                .map_err(|e| anyhow::anyhow!("{e}"))?;
            println!("Administrator {username} created.");
            Ok(())
        }
        Command::Audit { command } => audit::run(command).await,
    }
}
