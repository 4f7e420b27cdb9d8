//! The crash test: the server is killed with SIGKILL at a random moment while a trainee reports
//! competencies ready through the API, and started again. Every report the server acknowledged
//! (201) must be there after the restart, and the audit chain must verify. 20 rounds on SQLite
//! and 5 on PostgreSQL (when `LOGBOG_TEST_POSTGRES_URL` is set); more on demand with
//! `LOGBOG_CRASH_ROUNDS=N cargo test -p logbog --test crash`.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod support;

use logbog_bench::server::{Data, Server, free_port};
use logbog_bench::writes::Writer;
use logbog_bench::{Accounts, Dataset};
use std::collections::HashSet;
use std::path::PathBuf;
use std::time::Duration;

fn binary() -> PathBuf {
    PathBuf::from(env!("CARGO_BIN_EXE_logbog"))
}

fn rounds(default: usize) -> usize {
    std::env::var("LOGBOG_CRASH_ROUNDS")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(default)
}

/// A small deterministic generator of kill moments (the round's number is its seed).
fn moment(round: usize) -> Duration {
    let mut x = (round as u64 + 1).wrapping_mul(0x9E37_79B9_7F4A_7C15);
    x ^= x >> 29;
    Duration::from_millis(3 + x % 100)
}

async fn pending_reports(url: &str, trainee: &str) -> HashSet<String> {
    let db = logbog_db::Db::connect(url).await.unwrap();
    let mut conn = db.conn().await.unwrap();
    let rows: Vec<String> = sqlx::query_scalar(
        "SELECT item_id FROM approval_requests WHERE trainee_id = $1 AND state = 'pending' AND message = 'logbog-bench'",
    )
    .bind(trainee)
    .fetch_all(&mut *conn)
    .await
    .unwrap();
    let verified = logbog_db::audit::verify(&mut conn).await.unwrap();
    assert!(
        matches!(verified, logbog_db::audit::Verification::Intact { .. }),
        "the audit chain after a crash: {verified:?}"
    );
    drop(conn);
    db.close().await;
    rows.into_iter().collect()
}

async fn crash_rounds(dir: PathBuf, url: Option<String>, n: usize) {
    let data = Data {
        dir: &dir,
        url: url.as_deref(),
    };
    logbog_bench::dataset::prepare(&binary(), &data, &Dataset::Demo).unwrap();
    let db_url = url
        .clone()
        .unwrap_or_else(|| format!("sqlite://{}", dir.join("logbog.db").display()));
    let port = free_port().unwrap();
    let http = reqwest::Client::new();
    let mut server = Server::start_on(&binary(), &data, port).unwrap();
    server.wait_ready(&http).await.unwrap();
    // API tokens are sessions in the database: they outlive the restarts.
    let writer = Writer::prepare(&server.base, &Accounts::default()).await.unwrap();
    let candidates: Vec<String> = writer.candidates().to_vec();
    assert!(candidates.len() >= 10, "{} competencies to report", candidates.len());
    let mut acknowledged_in_all = 0;
    for round in 0..n {
        let kill_at = moment(round);
        let writes = {
            let (writer, candidates) = (&writer, &candidates);
            async move {
                let mut acked = Vec::new();
                for c in candidates {
                    match writer.report_one(c).await {
                        Ok(201) => acked.push(c.clone()),
                        Ok(status) => panic!("report answered {status}"),
                        Err(_) => break,
                    }
                }
                acked
            }
        };
        let killing = async {
            tokio::time::sleep(kill_at).await;
            server.kill().unwrap();
        };
        let (acked, ()) = tokio::join!(writes, killing);
        acknowledged_in_all += acked.len();

        // Started again: everything acknowledged is there, and the chain verifies.
        server = Server::start_on(&binary(), &data, port).unwrap();
        server.wait_ready(&http).await.unwrap();
        let there = pending_reports(&db_url, writer.trainee_id()).await;
        let lost: Vec<&String> = acked.iter().filter(|c| !there.contains(*c)).collect();
        assert!(
            lost.is_empty(),
            "round {round} (killed after {kill_at:?}): {} of {} acknowledged reports lost: {lost:?}",
            lost.len(),
            acked.len()
        );
        eprintln!(
            "round {round}: killed after {kill_at:?}, {} acknowledged, {} there after the restart",
            acked.len(),
            there.len()
        );
        // Undo what was reported (acknowledged or not), for the next round.
        writer.undo_reports(&there).await.unwrap();
    }
    assert!(acknowledged_in_all > 0, "no write was acknowledged in {n} rounds");
    server.stop().unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn no_acknowledged_write_is_lost_when_the_server_is_killed_on_sqlite() {
    crash_rounds(support::temp_dir("logbog-crash"), None, rounds(20)).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn no_acknowledged_write_is_lost_when_the_server_is_killed_on_postgres() {
    let Some(db) = support::PgDatabase::create("logbog_crash").await else {
        return;
    };
    let dir = support::temp_dir(&format!("logbog-crash-{}", db.name));
    crash_rounds(dir, Some(db.url.clone()), rounds(5)).await;
    db.drop_database().await;
}
