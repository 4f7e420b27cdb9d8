//! `logbog backup` and `logbog restore`: a backup taken while writes go on restores into an
//! empty installation with every write acknowledged before it began, the audit chain intact and
//! every hash matching; a damaged backup and a non-empty target are refused.

use logbog_app::backup::{BackupError, backup, restore};
use logbog_domain::{ItemRef, Role};
use logbog_testkit::{TestApp, TestDb, date, dual_db_tests};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

fn temp_dir(name: &str) -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("logbog-{name}-{}", uuid::Uuid::now_v7().simple()));
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// A trainee reports and withdraws competencies in a loop; each write is kept with whether it
/// was acknowledged before the backup began, and with the audit head right after it.
async fn writes_while_backing_up(t: &TestApp) -> (Vec<String>, i64, std::path::PathBuf, std::path::PathBuf) {
    let trainee = t.user("laege.hu1").await;
    let supervisor = t.user("vejleder.hansen").await;
    let free = t.not_started(&trainee).await;
    assert!(free.len() >= 4, "{}", free.len());
    let files = temp_dir("files");
    std::fs::create_dir_all(files.join("ab")).unwrap();
    std::fs::write(files.join("ab/0191-document.pdf"), b"%PDF-1.7 a stored document").unwrap();

    let started = Arc::new(AtomicBool::new(false));
    let stop = Arc::new(AtomicBool::new(false));
    let writer = {
        let (app, started, stop) = (t.app.clone(), started.clone(), stop.clone());
        tokio::spawn(async move {
            let mut before = Vec::new();
            let mut head_before = 0;
            let mut i = 0;
            while !stop.load(Ordering::SeqCst) && i < 400 {
                let c = free[i % free.len()];
                i += 1;
                let was_started = started.load(Ordering::SeqCst);
                logbog_app::approvals::report_ready(&app, &trainee, &[c], supervisor.id(), Some(Role::Supervisor), "")
                    .await
                    .unwrap();
                let mut conn = app.db.conn().await.unwrap();
                let id = logbog_db::requests::pending_request(&mut conn, trainee.id(), ItemRef::Competency(c))
                    .await
                    .unwrap()
                    .unwrap();
                let (head, _) = logbog_db::audit::head(&mut conn).await.unwrap();
                drop(conn);
                if !was_started && !started.load(Ordering::SeqCst) {
                    before.push(id.to_string());
                    head_before = head;
                }
                logbog_app::approvals::withdraw(&app, &trainee, id).await.unwrap();
                tokio::task::yield_now().await;
            }
            (before, head_before)
        })
    };
    // Let some writes land, then back up while they go on.
    tokio::time::sleep(std::time::Duration::from_millis(300)).await;
    started.store(true, Ordering::SeqCst);
    let out = temp_dir("backup");
    let manifest = backup(&t.app, &files, &out).await.unwrap();
    tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    stop.store(true, Ordering::SeqCst);
    let (before, head_before) = writer.await.unwrap();
    assert!(before.len() >= 3, "writes before the backup: {}", before.len());
    assert!(manifest.audit_head.0 >= head_before);
    assert_eq!(manifest.files.len(), 1);
    (before, head_before, out, files)
}

async fn a_backup_under_writes_restores_every_acknowledged_write(db: TestDb) {
    let t = TestApp::with_demo(db, date("2026-11-26")).await;
    let (before, head_before, out, _) = writes_while_backing_up(&t).await;

    let target_db = match t.app.db.backend() {
        logbog_db::Backend::Sqlite => TestDb::sqlite().await,
        logbog_db::Backend::Postgres => TestDb::postgres().await.unwrap(),
    };
    let target = logbog_app::App::new(target_db.db.clone(), t.clock.clone(), Default::default());
    let target_files = temp_dir("restored-files");
    let restored = restore(&target, &target_files, &out, false).await.unwrap();
    assert!(
        restored.rows > 1000 && restored.audit_events >= head_before,
        "{restored:?}"
    );
    assert_eq!(
        std::fs::read(target_files.join("ab/0191-document.pdf")).unwrap(),
        b"%PDF-1.7 a stored document"
    );

    // Every write acknowledged before the backup began is there, with its audit event unchanged.
    let mut conn = target.db.conn().await.unwrap();
    for id in &before {
        let n: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM approval_requests WHERE id = $1")
            .bind(id)
            .fetch_one(&mut *conn)
            .await
            .unwrap();
        assert_eq!(n, 1, "request {id} acknowledged before the backup is missing");
    }
    let mut source = t.app.db.conn().await.unwrap();
    assert_eq!(
        logbog_db::audit::event_hash(&mut conn, head_before).await.unwrap(),
        logbog_db::audit::event_hash(&mut source, head_before).await.unwrap(),
    );
    drop(conn);
    // The restored installation works: its users log in with their passwords.
    let user = logbog_app::auth::login(
        &target,
        "vejleder.hansen",
        logbog_app::demo::DEMO_PASSWORD,
        None,
        logbog_db::sessions::SessionKind::Web,
    )
    .await;
    assert!(user.is_ok(), "{user:?}");

    // A second restore into the now full installation is refused unless told.
    let again = restore(&target, &target_files, &out, false).await;
    assert!(matches!(again, Err(BackupError::Refused(_))), "{again:?}");
    restore(&target, &target_files, &out, true).await.unwrap();
}

/// A backup whose files differ from the manifest is refused before the target is touched.
async fn a_damaged_backup_is_refused_and_changes_nothing(db: TestDb) {
    let t = TestApp::with_demo(db, date("2026-11-26")).await;
    let files = temp_dir("files");
    let out = temp_dir("backup");
    backup(&t.app, &files, &out).await.unwrap();
    let path = out.join("tables/approvals.jsonl");
    let mut text = std::fs::read_to_string(&path).unwrap();
    text = text.replacen("supervisor", "superviser", 1);
    std::fs::write(&path, text).unwrap();

    let target_db = TestDb::sqlite().await;
    let target = logbog_app::App::new(target_db.db.clone(), t.clock.clone(), Default::default());
    let r = restore(&target, &temp_dir("restored"), &out, false).await;
    assert!(
        matches!(&r, Err(BackupError::Damaged(m)) if m.contains("approvals.jsonl")),
        "{r:?}"
    );
    let mut conn = target.db.conn().await.unwrap();
    assert_eq!(logbog_db::backup::count_rows(&mut conn, "people").await.unwrap(), 0);
    // A folder that is not empty is no place for a backup.
    let r = backup(&t.app, &files, &out).await;
    assert!(matches!(r, Err(BackupError::Refused(_))), "{r:?}");
}

/// A backup covers every table of the schema but those it leaves out on purpose, so a table
/// added later cannot be forgotten.
async fn a_backup_names_every_table_of_the_schema(db: TestDb) {
    let named: Vec<&str> = logbog_db::backup::TABLES
        .iter()
        .chain(logbog_db::backup::NOT_KEPT)
        .copied()
        .collect();
    logbog_testkit::assert_names_every_table(&db, &named, "a backup (TABLES and NOT_KEPT)").await;
}

/// A backup of SQLite restores into PostgreSQL: the copy is portable.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_sqlite_backup_restores_into_postgres() {
    let Some(pg) = TestDb::postgres().await else {
        return;
    };
    let t = TestApp::with_demo(TestDb::sqlite().await, date("2026-11-26")).await;
    let out = temp_dir("backup");
    let manifest = backup(&t.app, &temp_dir("files"), &out).await.unwrap();
    let target = logbog_app::App::new(pg.db.clone(), t.clock.clone(), Default::default());
    let restored = restore(&target, &temp_dir("restored"), &out, false).await.unwrap();
    assert_eq!(restored.audit_events, manifest.audit_head.0);
}

dual_db_tests!(
    a_backup_under_writes_restores_every_acknowledged_write,
    a_damaged_backup_is_refused_and_changes_nothing,
    a_backup_names_every_table_of_the_schema,
);
