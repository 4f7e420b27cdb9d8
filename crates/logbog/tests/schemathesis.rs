//! schemathesis (PyPI) against the API's OpenAPI document, with a token of each kind of user, on
//! the demo data of each database: it generates valid and invalid requests for every operation
//! and fails on a server error, a status code or body the document does not describe, an
//! invalid request accepted or a valid one refused (a 422, a rule refusing input of the right
//! shape, counts as accepted: `schemathesis.toml`). `POST/DELETE /api/v1/auth/token` are left
//! out, so that the run neither revokes its own token nor trips the login throttle.
//!
//! Skipped when schemathesis is not installed, unless `LOGBOG_REQUIRE_SCHEMATHESIS=1` (as in
//! CI, where `.ci/run` installs it). More cases per operation on demand:
//! `LOGBOG_SCHEMATHESIS_EXAMPLES=200 cargo test -p logbog --test schemathesis`, and another
//! seed with `LOGBOG_SCHEMATHESIS_SEED=N`.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod support;

use logbog_bench::Dataset;
use logbog_bench::server::{Data, Server, free_port};
use std::path::{Path, PathBuf};
use std::process::Command;

/// One account of each kind of user the demo has.
const USERS: &[&str] = &[
    "laege.hu1",
    "vejleder.hansen",
    "uao.kardiologi",
    "tutor.praksis",
    "kursus.udbyder",
    "kursus.leder",
    "forskning.vejleder",
    "sekretariat.syd",
    "stps.sagsbehandler",
    "admin",
];

fn binary() -> PathBuf {
    PathBuf::from(env!("CARGO_BIN_EXE_logbog"))
}

fn env_or(name: &str, default: &str) -> String {
    std::env::var(name).unwrap_or_else(|_| default.to_owned())
}

/// The schemathesis command, if installed.
fn schemathesis() -> Option<String> {
    let program = env_or("LOGBOG_SCHEMATHESIS", "schemathesis");
    let found = Command::new(&program)
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success());
    if found {
        return Some(program);
    }
    if std::env::var("LOGBOG_REQUIRE_SCHEMATHESIS").is_ok_and(|v| v == "1") {
        panic!("LOGBOG_REQUIRE_SCHEMATHESIS=1 but `{program}` does not run (pip install schemathesis)");
    }
    eprintln!("skipping: schemathesis is not installed (pip install schemathesis)");
    None
}

/// Runs schemathesis as `user`; the output of a failing run.
fn run_as(program: &str, base: &str, token: &str, user: &str, work: &Path) -> Result<(), String> {
    let config = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/schemathesis.toml");
    let output = Command::new(program)
        // Its caches and reports stay in the test's folder, out of the repository.
        .current_dir(work)
        .arg("--config-file")
        .arg(&config)
        .arg("--no-color")
        .args(["run", &format!("{base}/api/v1/openapi.json")])
        .args(["--header", &format!("Authorization: Bearer {token}")])
        .args(["--exclude-path", "/api/v1/auth/token"])
        .args(["--max-examples", &env_or("LOGBOG_SCHEMATHESIS_EXAMPLES", "25")])
        .args(["--seed", &env_or("LOGBOG_SCHEMATHESIS_SEED", "20261202")])
        .args(["--generation-database", "none"])
        .args(["--request-timeout", "30"])
        .output()
        .map_err(|e| format!("schemathesis did not start: {e}"))?;
    let stdout = String::from_utf8_lossy(&output.stdout);
    let summary = stdout
        .lines()
        .rev()
        .find(|l| l.contains(" in "))
        .unwrap_or("")
        .to_owned();
    eprintln!("schemathesis as {user}: {summary}");
    if output.status.success() {
        Ok(())
    } else {
        Err(format!(
            "schemathesis as {user} found problems:\n{stdout}\n{}",
            String::from_utf8_lossy(&output.stderr)
        ))
    }
}

async fn every_kind_of_user(dir: PathBuf, url: Option<&str>) {
    let Some(program) = schemathesis() else {
        return;
    };
    let data = Data { dir: &dir, url };
    logbog_bench::dataset::prepare(&binary(), &data, &Dataset::Demo).unwrap();
    let mut server = Server::start_on(&binary(), &data, free_port().unwrap()).unwrap();
    let http = reqwest::Client::new();
    server.wait_ready(&http).await.unwrap();
    let mut failures = Vec::new();
    for user in USERS {
        let token = logbog_bench::client::token(&http, &server.base, user, "logbog-demo")
            .await
            .unwrap();
        let (program, base, work) = (program.clone(), server.base.clone(), dir.clone());
        let user = (*user).to_owned();
        let result = tokio::task::spawn_blocking(move || run_as(&program, &base, &token, &user, &work))
            .await
            .unwrap();
        if let Err(e) = result {
            failures.push(e);
        }
    }
    server.stop().unwrap();
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_api_keeps_its_document_on_sqlite() {
    every_kind_of_user(support::temp_dir("logbog-schemathesis"), None).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_api_keeps_its_document_on_postgres() {
    if schemathesis().is_none() {
        return;
    }
    let Some(db) = support::PgDatabase::create("logbog_schemathesis").await else {
        return;
    };
    let dir = support::temp_dir(&format!("logbog-schemathesis-{}", db.name));
    every_kind_of_user(dir, Some(&db.url)).await;
    db.drop_database().await;
}
