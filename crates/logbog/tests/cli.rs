//! The binary as users run it: demo accounts, seed, migrate, admin create, serve, audit verify,
//! backup and restore.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

fn bin() -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_logbog"));
    c.env_remove("LOGBOG_DATABASE_URL")
        .env_remove("LOGBOG_ADDR")
        .env_remove("LOGBOG_DATA_DIR");
    c
}

fn temp_dir() -> PathBuf {
    let d = std::env::temp_dir().join(format!("logbog-cli-{}", uuid::Uuid::now_v7().simple()));
    std::fs::create_dir_all(&d).unwrap();
    d
}

/// Start a server command and wait for the line with its address.
fn start(mut cmd: Command) -> (Child, String, Vec<String>) {
    let mut child = cmd.stdout(Stdio::piped()).stderr(Stdio::null()).spawn().unwrap();
    let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
    let mut seen = Vec::new();
    let deadline = Instant::now() + Duration::from_secs(60);
    while Instant::now() < deadline {
        let Some(Ok(line)) = lines.next() else { break };
        seen.push(line.clone());
        if let Some(rest) = line.split("http://").nth(1) {
            let addr = rest.trim_end_matches('/').to_owned();
            // The demo prints its accounts after the address: read up to its last line.
            let demo = line.contains("demo");
            for _ in 0..if demo { 40 } else { 0 } {
                match lines.next() {
                    Some(Ok(l)) => seen.push(l),
                    _ => break,
                }
                if seen.last().is_some_and(|l| l.starts_with("Stop with")) {
                    break;
                }
            }
            return (child, addr, seen);
        }
    }
    let _ = child.kill();
    let _ = child.wait();
    panic!("the server never printed its address: {seen:?}");
}

fn get(addr: &str, path: &str) -> (u16, String) {
    let mut s = TcpStream::connect(addr).unwrap();
    write!(s, "GET {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n").unwrap();
    let mut out = String::new();
    s.read_to_string(&mut out).unwrap();
    let status = out.split(' ').nth(1).unwrap().parse().unwrap();
    (status, out)
}

#[test]
fn demo_lists_its_accounts_as_text_and_json() {
    let out = bin().args(["demo", "--list-accounts", "--json"]).output().unwrap();
    assert!(out.status.success());
    let accounts: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let accounts = accounts.as_array().unwrap();
    assert_eq!(accounts.len(), 20);
    for a in accounts {
        assert_eq!(a["password"], "logbog-demo");
        assert!(a["username"].is_string() && a["note"].is_string());
        assert!(!a["roles"].as_array().unwrap().is_empty());
    }
    let text = bin().args(["demo", "--list-accounts"]).output().unwrap();
    let text = String::from_utf8(text.stdout).unwrap();
    assert!(text.contains("laege.hu5") && text.contains("logbog-demo"));
}

#[test]
fn demo_serves_and_a_second_run_reuses_the_data() {
    let dir = temp_dir();
    let accounts = || -> i64 {
        let rt = tokio::runtime::Runtime::new().unwrap();
        rt.block_on(async {
            let db = logbog_db::Db::connect(&format!("sqlite://{}", dir.join("logbog.db").display()))
                .await
                .unwrap();
            let mut conn = db.conn().await.unwrap();
            logbog_db::accounts::count_accounts(&mut conn).await.unwrap()
        })
    };
    let mut counts = Vec::new();
    for run in 0..2 {
        let mut cmd = bin();
        cmd.args(["demo", "--addr", "127.0.0.1:0", "--data-dir"]).arg(&dir);
        let (mut child, addr, out) = start(cmd);
        assert!(out.iter().any(|l| l.contains("admin")), "prints the accounts: {out:?}");
        let (status, _) = get(&addr, "/healthz");
        assert_eq!(status, 200);
        let (status, body) = get(&addr, "/login");
        assert_eq!(status, 200);
        assert!(body.contains("logbog-demo"), "the demo's login page shows the password");
        child.kill().unwrap();
        child.wait().unwrap();
        let _ = run;
        counts.push(accounts());
    }
    // The 20 demo accounts and the accounts of the sites' colleagues, who cannot log in.
    assert!(counts[0] > 20, "{counts:?}");
    assert_eq!(counts[0], counts[1], "the second run does not duplicate");
    assert!(dir.join("files").is_dir(), "a files folder in the data folder");
    std::fs::remove_dir_all(dir).unwrap();
}

#[test]
fn a_real_deployment_starts_empty_and_gets_an_administrator() {
    let dir = temp_dir();
    let out = bin().arg("migrate").arg("--data-dir").arg(&dir).output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));

    // Served empty, it says in its log how to get the first administrator.
    let log = dir.join("serve.log");
    let mut cmd = bin();
    cmd.args(["serve", "--addr", "127.0.0.1:0", "--data-dir"])
        .arg(&dir)
        .stderr(std::fs::File::create(&log).unwrap());
    let mut child = cmd.stdout(Stdio::piped()).spawn().unwrap();
    let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
    assert!(lines.any(|l| l.is_ok_and(|l| l.contains("http://"))), "serves");
    child.kill().unwrap();
    child.wait().unwrap();
    let text = std::fs::read_to_string(&log).unwrap();
    assert!(
        text.contains("the database has no users") && text.contains("logbog admin create"),
        "{text}"
    );

    let create = |password: &str| {
        let mut child = bin()
            .args(["admin", "create", "--username", "Root", "--data-dir"])
            .arg(&dir)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        writeln!(child.stdin.take().unwrap(), "{password}").unwrap();
        child.wait_with_output().unwrap()
    };
    let short = create("short");
    assert!(!short.status.success());
    assert!(String::from_utf8_lossy(&short.stderr).contains("at least 8"));
    let ok = create("a long enough password");
    assert!(ok.status.success(), "{}", String::from_utf8_lossy(&ok.stderr));
    let again = create("a long enough password");
    assert!(!again.status.success());
    assert!(String::from_utf8_lossy(&again.stderr).contains("taken"));

    // The administrator logs in through the API.
    let mut cmd = bin();
    cmd.args(["serve", "--addr", "127.0.0.1:0", "--data-dir"]).arg(&dir);
    let (mut child, addr, _) = start(cmd);
    let body = r#"{"username":"root","password":"a long enough password"}"#;
    let mut s = TcpStream::connect(&addr).unwrap();
    write!(
        s,
        "POST /api/v1/auth/token HTTP/1.1\r\nHost: {addr}\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    )
    .unwrap();
    let mut out = String::new();
    s.read_to_string(&mut out).unwrap();
    assert!(out.starts_with("HTTP/1.1 201"), "{out}");
    child.kill().unwrap();
    child.wait().unwrap();

    // Creating the administrator was audited; the chain verifies, and tampering is found.
    let verify = bin()
        .args(["audit", "verify", "--data-dir"])
        .arg(&dir)
        .output()
        .unwrap();
    assert!(verify.status.success());
    assert!(String::from_utf8_lossy(&verify.stdout).contains("intact: 1 events"));
    let head = bin().args(["audit", "head", "--data-dir"]).arg(&dir).output().unwrap();
    assert!(String::from_utf8_lossy(&head.stdout).starts_with("1 "));
    let rt = tokio::runtime::Runtime::new().unwrap();
    rt.block_on(async {
        let db = logbog_db::Db::connect(&format!("sqlite://{}", dir.join("logbog.db").display()))
            .await
            .unwrap();
        let mut conn = db.conn().await.unwrap();
        sqlx::query("UPDATE audit_events SET details = '{\"username\":\"mallory\"}' WHERE seq = 1")
            .execute(&mut *conn)
            .await
            .unwrap();
        drop(conn);
        db.close().await;
    });
    let verify = bin()
        .args(["audit", "verify", "--data-dir"])
        .arg(&dir)
        .output()
        .unwrap();
    assert!(!verify.status.success());
    assert!(String::from_utf8_lossy(&verify.stderr).contains("event 1"));
    std::fs::remove_dir_all(dir).unwrap();
}

/// A removed event is found by `audit verify`; a tail cut off by someone who also rewrote the
/// head is found against a head kept earlier (`audit verify --head "SEQ HASH"`).
#[test]
fn seed_builds_once_refuses_another_scale_and_verifies() {
    let dir = temp_dir();
    let run = |args: &[&str]| bin().args(args).arg("--data-dir").arg(&dir).output().unwrap();
    let out = run(&["seed", "--scale", "0.002"]);
    let (stdout, stderr) = (
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr),
    );
    assert!(out.status.success(), "{stderr}");
    assert!(
        stdout.contains("Seeded in") && stdout.contains("audit_events"),
        "{stdout}"
    );
    assert!(
        stderr.contains("history (audit events)") && stderr.contains("100.0 %"),
        "{stderr}"
    );
    let again = run(&["seed", "--scale", "0.002"]);
    assert!(String::from_utf8_lossy(&again.stdout).contains("already there"));
    let other = run(&["seed", "--scale", "0.003"]);
    assert!(!other.status.success());
    assert!(String::from_utf8_lossy(&other.stderr).contains("seeded at scale 0.002"));
    let bad = run(&["seed", "--scale", "lots"]);
    assert!(!bad.status.success());
    assert!(String::from_utf8_lossy(&bad.stderr).contains("use national, demo or a fraction"));
    let verify = run(&["audit", "verify"]);
    assert!(verify.status.success(), "{}", String::from_utf8_lossy(&verify.stderr));
    assert!(String::from_utf8_lossy(&verify.stdout).starts_with("intact"));
}

/// `logbog backup` writes a folder with a manifest; `logbog restore` loads it into a new data
/// folder, refuses a non-empty one without `--replace`, and the restored trail verifies.
#[test]
fn backup_and_restore_from_the_command_line() {
    let (dir, copy, target) = (temp_dir(), temp_dir().join("backup"), temp_dir());
    let seeded = bin()
        .args(["seed", "--scale", "demo", "--data-dir"])
        .arg(&dir)
        .output()
        .unwrap();
    assert!(seeded.status.success(), "{}", String::from_utf8_lossy(&seeded.stderr));
    let out = bin()
        .args(["backup", "--data-dir"])
        .arg(&dir)
        .arg("--out")
        .arg(&copy)
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(String::from_utf8_lossy(&out.stdout).starts_with("Backup written to"));
    assert!(copy.join("manifest.json").is_file());
    let restore = |extra: &[&str]| {
        bin()
            .args(["restore", "--data-dir"])
            .arg(&target)
            .arg("--from")
            .arg(&copy)
            .args(extra)
            .output()
            .unwrap()
    };
    let first = restore(&[]);
    assert!(first.status.success(), "{}", String::from_utf8_lossy(&first.stderr));
    assert!(String::from_utf8_lossy(&first.stdout).contains("the audit trail verifies"));
    let again = restore(&[]);
    assert!(!again.status.success());
    assert!(String::from_utf8_lossy(&again.stderr).contains("not empty"));
    assert!(restore(&["--replace"]).status.success());
    let verify = bin()
        .args(["audit", "verify", "--data-dir"])
        .arg(&target)
        .output()
        .unwrap();
    assert!(String::from_utf8_lossy(&verify.stdout).starts_with("intact"));
}

#[test]
fn audit_verify_finds_removed_events_and_a_cut_off_tail() {
    let dir = temp_dir();
    let out = bin().arg("migrate").arg("--data-dir").arg(&dir).output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    for name in ["root", "second", "third"] {
        let mut child = bin()
            .args(["admin", "create", "--username", name, "--data-dir"])
            .arg(&dir)
            .stdin(Stdio::piped())
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        writeln!(child.stdin.take().unwrap(), "a long enough password").unwrap();
        assert!(child.wait_with_output().unwrap().status.success());
    }
    let run = |args: &[&str]| bin().args(args).arg("--data-dir").arg(&dir).output().unwrap();
    // A mistyped folder is an error, not an empty database that verifies.
    let nowhere = bin()
        .args(["audit", "verify", "--data-dir"])
        .arg(dir.join("mistyped"))
        .output()
        .unwrap();
    assert!(!nowhere.status.success());
    assert!(String::from_utf8_lossy(&nowhere.stderr).contains("no database at"));
    assert!(!dir.join("mistyped").join("logbog.db").exists());
    let head = String::from_utf8_lossy(&run(&["audit", "head"]).stdout)
        .trim()
        .to_owned();
    assert!(head.starts_with("3 "), "{head}");
    let ok = run(&["audit", "verify", "--head", &head]);
    assert!(ok.status.success(), "{}", String::from_utf8_lossy(&ok.stderr));
    let bad = run(&["audit", "verify", "--head", "three"]);
    assert!(!bad.status.success());
    assert!(String::from_utf8_lossy(&bad.stderr).contains("--head takes"));

    let sql = |statements: &'static [&'static str]| {
        let rt = tokio::runtime::Runtime::new().unwrap();
        let url = format!("sqlite://{}", dir.join("logbog.db").display());
        rt.block_on(async move {
            let db = logbog_db::Db::connect(&url).await.unwrap();
            let mut conn = db.conn().await.unwrap();
            for s in statements {
                sqlx::query(*s).execute(&mut *conn).await.unwrap();
            }
            drop(conn);
            db.close().await;
        });
    };
    // The tail cut off, and the head rewritten to match what is left.
    sql(&[
        "DELETE FROM audit_events WHERE seq = 3",
        "UPDATE audit_head SET seq = 2, hash = (SELECT hash FROM audit_events WHERE seq = 2)",
    ]);
    assert!(
        run(&["audit", "verify"]).status.success(),
        "undetectable without a kept head"
    );
    let cut = run(&["audit", "verify", "--head", &head]);
    assert!(!cut.status.success());
    assert!(
        String::from_utf8_lossy(&cut.stderr).contains("BROKEN at event 3"),
        "{}",
        String::from_utf8_lossy(&cut.stderr)
    );
    // An event removed from the middle.
    sql(&["DELETE FROM audit_events WHERE seq = 1"]);
    let removed = run(&["audit", "verify"]);
    assert!(!removed.status.success());
    assert!(String::from_utf8_lossy(&removed.stderr).contains("BROKEN at event 1"));
    std::fs::remove_dir_all(dir).unwrap();
}

/// `logbog audit verify` on PostgreSQL, in a schema of the test's own.
#[test]
fn audit_verify_works_on_postgresql() {
    let Ok(base) = std::env::var("LOGBOG_TEST_POSTGRES_URL") else {
        assert!(
            std::env::var("LOGBOG_REQUIRE_POSTGRES").map_or(true, |v| v != "1"),
            "LOGBOG_REQUIRE_POSTGRES=1 but LOGBOG_TEST_POSTGRES_URL is not set"
        );
        eprintln!("skipping PostgreSQL: LOGBOG_TEST_POSTGRES_URL is not set");
        return;
    };
    let schema = format!(
        "lbt_{}_{}",
        chrono_now(),
        &uuid::Uuid::now_v7().simple().to_string()[20..]
    );
    let rt = tokio::runtime::Runtime::new().unwrap();
    rt.block_on(async {
        let db = logbog_db::Db::connect(&base).await.unwrap();
        let mut conn = db.conn().await.unwrap();
        sqlx::raw_sql(sqlx::AssertSqlSafe(format!("CREATE SCHEMA \"{schema}\"")))
            .execute(&mut *conn)
            .await
            .unwrap();
        drop(conn);
        db.close().await;
    });
    let url = format!("{base}?options[search_path]={schema}");
    let out = bin().args(["migrate", "--database-url", &url]).output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let mut child = bin()
        .args(["admin", "create", "--username", "root", "--database-url", &url])
        .stdin(Stdio::piped())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    writeln!(child.stdin.take().unwrap(), "a long enough password").unwrap();
    assert!(child.wait_with_output().unwrap().status.success());
    let verify = bin()
        .args(["audit", "verify", "--database-url", &url])
        .output()
        .unwrap();
    assert!(verify.status.success(), "{}", String::from_utf8_lossy(&verify.stderr));
    assert!(String::from_utf8_lossy(&verify.stdout).contains("intact: 1 events"));
    rt.block_on(async {
        let db = logbog_db::Db::connect_in_schema(&base, Some(&schema)).await.unwrap();
        let mut conn = db.conn().await.unwrap();
        sqlx::query("UPDATE audit_events SET occurred_at = '2020-01-01T00:00:00.000000Z' WHERE seq = 1")
            .execute(&mut *conn)
            .await
            .unwrap();
        drop(conn);
        db.close().await;
    });
    let verify = bin()
        .args(["audit", "verify", "--database-url", &url])
        .output()
        .unwrap();
    assert!(!verify.status.success());
    assert!(String::from_utf8_lossy(&verify.stderr).contains("event 1"));
    rt.block_on(async {
        let db = logbog_db::Db::connect(&base).await.unwrap();
        let mut conn = db.conn().await.unwrap();
        let _ = sqlx::raw_sql(sqlx::AssertSqlSafe(format!("DROP SCHEMA \"{schema}\" CASCADE")))
            .execute(&mut *conn)
            .await;
        drop(conn);
        db.close().await;
    });
}

fn chrono_now() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs() as i64)
        .unwrap_or(0)
}
