//! The benchmark harness on the debug binary, briefly (`--quick`): every scenario sends
//! requests, nothing is answered 5xx or otherwise unexpectedly, and the login and logbook work.
//! It checks that the harness and the server agree, not how fast they are.

use logbog_bench::{Dataset, Options, Report, SCENARIOS};
use std::path::PathBuf;

fn binary() -> PathBuf {
    PathBuf::from(env!("CARGO_BIN_EXE_logbog"))
}

fn temp_dir() -> std::io::Result<PathBuf> {
    let dir = std::env::temp_dir().join(format!("logbog-bench-smoke-{}", uuid::Uuid::now_v7().simple()));
    std::fs::create_dir_all(&dir)?;
    Ok(dir)
}

fn check(report: &Report) {
    let table = logbog_bench::output::table(report);
    eprintln!("{table}");
    // The documents' figures are their own: the folder store's, with something moved.
    let Some(files) = report.files.first() else {
        panic!("the documents were not measured:\n{table}");
    };
    assert!(
        files.upload_ms > 0.0 && files.download_ms > 0.0 && files.parallel_peak_kib > 0,
        "{files:?}"
    );
    for name in SCENARIOS.iter().filter(|n| **n != "documents") {
        let rows: Vec<_> = report.rows.iter().filter(|r| r.scenario == *name).collect();
        assert!(!rows.is_empty(), "scenario {name} did not run:\n{table}");
        for row in rows {
            assert!(
                row.figures.requests > 0,
                "{name} with {} connections sent no requests:\n{table}",
                row.connections
            );
        }
    }
    assert_eq!(report.server_errors(), 0, "5xx answers:\n{table}");
    assert_eq!(report.errors(), 0, "unexpected answers:\n{table}");
    for (name, status) in [
        ("login_page", 200),
        ("logbook", 200),
        ("login", 303),
        ("login_burst", 303),
    ] {
        for row in report.rows.iter().filter(|r| r.scenario == name) {
            assert_eq!(
                row.figures.statuses.keys().copied().collect::<Vec<_>>(),
                vec![status],
                "{name} answered other than {status}:\n{table}"
            );
        }
    }
    assert!(
        report.startup_ms > 0.0 && report.first_write_ms >= report.startup_ms,
        "{table}"
    );
    assert!(report.memory.peak_kib > 0 && report.memory.page_load_kib > 0, "{table}");
}

#[test]
fn bench_quick_on_sqlite() {
    let dir = temp_dir().unwrap();
    let opts = Options::new(binary(), dir.clone(), Dataset::Demo).quick();
    let rt = tokio::runtime::Runtime::new().unwrap();
    let report = rt.block_on(logbog_bench::run(&opts)).unwrap();
    check(&report);
    assert_eq!(report.backend, "SQLite");
    std::fs::remove_dir_all(dir).unwrap();
}

/// Whether the binary seeds by itself (`logbog seed`); else the test seeds the demo in-process.
fn has_seed() -> bool {
    std::process::Command::new(binary())
        .args(["seed", "--help"])
        .output()
        .is_ok_and(|o| o.status.success())
}

#[test]
fn bench_quick_on_postgresql() {
    let rt = tokio::runtime::Runtime::new().unwrap();
    let Some(test_db) = rt.block_on(logbog_testkit::TestDb::postgres()) else {
        return;
    };
    let base = std::env::var("LOGBOG_TEST_POSTGRES_URL").unwrap();
    let schema: String = rt.block_on(async {
        let mut conn = test_db.db.conn().await.unwrap();
        sqlx::query_scalar("SELECT current_schema()::text")
            .fetch_one(&mut *conn)
            .await
            .unwrap()
    });
    let separator = if base.contains('?') { '&' } else { '?' };
    let url = format!("{base}{separator}options[search_path]={schema}");
    let dataset = if has_seed() {
        Dataset::Demo
    } else {
        rt.block_on(async {
            let app = logbog_app::App::new(
                test_db.db.clone(),
                std::sync::Arc::new(logbog_app::SystemClock),
                logbog_app::AppConfig::default(),
            );
            let mut tx = app.db.begin().await.unwrap();
            let today = logbog_app::Clock::today(&logbog_app::SystemClock);
            logbog_app::reference_data::ensure_reference_data(&mut tx, today)
                .await
                .unwrap();
            tx.commit().await.unwrap();
            logbog_app::demo::seed(&app, &mut |_, _, _| {}).await.unwrap();
        });
        Dataset::Existing
    };
    let dir = temp_dir().unwrap();
    let mut opts = Options::new(binary(), dir.clone(), dataset).quick();
    opts.database_url = Some(url);
    let report = rt.block_on(logbog_bench::run(&opts));
    rt.block_on(async {
        let mut conn = test_db.db.conn().await.unwrap();
        sqlx::raw_sql(sqlx::AssertSqlSafe(format!("DROP SCHEMA \"{schema}\" CASCADE")))
            .execute(&mut *conn)
            .await
            .unwrap();
    });
    let report = report.unwrap();
    check(&report);
    assert_eq!(report.backend, "PostgreSQL");
    std::fs::remove_dir_all(dir).unwrap();
}
