//! `logbog audit`: the tamper-evident trail checked from the command line.

use crate::{DbArgs, database_url};
use anyhow::{Context, Result};
use clap::Subcommand;
use logbog_db::Db;

#[derive(Subcommand)]
pub(crate) enum AuditCommand {
    /// Check the hash chain; exits non-zero naming the first bad event.
    Verify {
        #[command(flatten)]
        db: DbArgs,
        /// A head kept earlier, as `logbog audit head` printed it ("SEQ HASH"): that event must
        /// still be in the chain with that hash, so that a cut-off tail is caught.
        #[arg(long, value_name = "SEQ HASH")]
        head: Option<String>,
    },
    /// Print the newest event's number and hash, to keep elsewhere.
    Head(DbArgs),
}

/// `logbog audit verify` and `logbog audit head`: read the chain without migrating or changing
/// the database.
pub(crate) async fn run(command: AuditCommand) -> Result<()> {
    let (args, verify, kept) = match command {
        AuditCommand::Verify { db, head } => (db, true, head),
        AuditCommand::Head(a) => (a, false, None),
    };
    let kept = kept
        .map(|k| {
            let mut parts = k.split_whitespace();
            match (parts.next().map(str::parse::<i64>), parts.next(), parts.next()) {
                (Some(Ok(seq)), Some(hash), None) => Ok((seq, hash.to_owned())),
                _ => Err(anyhow::anyhow!(
                    "--head takes what `logbog audit head` printed: the event's number and hash, e.g. \"42 3f…\""
                )),
            }
        })
        .transpose()?;
    let url = database_url(&args, "logbog.db")?;
    // A mistyped path must not create an empty database that then "verifies".
    if let Some(path) = url.strip_prefix("sqlite://") {
        let path = path.split('?').next().unwrap_or(path);
        anyhow::ensure!(
            std::path::Path::new(path).is_file(),
            "no database at {path}: give the --data-dir or --database-url that `serve` uses"
        );
    }
    // No migration either, so that checking a trail never changes the database.
    let db = Db::connect(&url)
        .await
        .with_context(|| format!("cannot open the database {}", logbog_app::config::redact_url(&url)))?;
    let mut conn = db.conn().await?;
    if verify {
        let result = logbog_db::audit::verify(&mut conn)
            .await
            .context("cannot read the audit trail (is this a Logbog database? `logbog migrate` creates one)")?;
        match result {
            logbog_db::audit::Verification::Intact { events, head } => {
                if let Some((seq, hash)) = kept {
                    match logbog_db::audit::event_hash(&mut conn, seq).await? {
                        Some(h) if h == hash => {}
                        Some(_) => {
                            eprintln!("BROKEN at event {seq}: its hash differs from the head kept earlier");
                            std::process::exit(2);
                        }
                        None => {
                            eprintln!(
                                "BROKEN at event {seq}: the head kept earlier is gone; the chain ends at {events}"
                            );
                            std::process::exit(2);
                        }
                    }
                }
                println!("intact: {events} events, head {head}");
                Ok(())
            }
            logbog_db::audit::Verification::Broken { seq, reason } => {
                eprintln!("BROKEN at event {seq}: {reason}");
                std::process::exit(2);
            }
        }
    } else {
        let (seq, hash) = logbog_db::audit::head(&mut conn).await?;
        println!("{seq} {hash}");
        Ok(())
    }
}
