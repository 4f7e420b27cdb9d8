//! Reads and writes side by side on both databases: a page's reads never wait for a writer,
//! and the audit event of a staff view waits its turn to be written before the page is
//! answered (so a view is never shown without its event).

use logbog_app::logbook::view_logbook;
use logbog_db::audit::{NewEvent, append};
use logbog_domain::{AuditAction, Subject};
use logbog_testkit::{TestApp, TestDb, date, dual_db_tests};
use std::time::Duration;

async fn events_of(t: &TestApp) -> i64 {
    let mut conn = t.app.db.conn().await.unwrap();
    logbog_db::audit::head(&mut conn).await.unwrap().0
}

async fn page_reads_do_not_wait_for_a_writer(db: TestDb) {
    let t = TestApp::with_demo(db, date("2026-11-26")).await;
    let trainee = t.user("laege.hu1").await;
    let supervisor = t.user("vejleder.hansen").await;
    let before = events_of(&t).await;

    // A writer in the middle of a change of legal weight: it holds SQLite's write lock, and on
    // PostgreSQL the audit trail's head row.
    let mut writer = t.app.db.begin().await.unwrap();
    append(
        &mut writer,
        &NewEvent {
            actor_id: Some(supervisor.id()),
            actor_role: Some(logbog_domain::Role::Supervisor),
            action: AuditAction::LogbookViewed,
            subject: Some(Subject::Logbook(trainee.id())),
            trainee_id: Some(trainee.id()),
            details: serde_json::json!({ "page": "logbook" }),
        },
        logbog_app::Clock::now(t.clock.as_ref()),
    )
    .await
    .unwrap();

    // The trainee's own logbook writes nothing: it is answered while the writer works.
    let own = tokio::time::timeout(
        Duration::from_secs(3),
        view_logbook(&t.app, &trainee, trainee.id(), Default::default()),
    )
    .await
    .expect("the trainee's own logbook waited for a writer");
    assert!(own.is_ok());

    // A supervisor's view reads without waiting, then waits its turn to record the view.
    let app = t.app.clone();
    let (sup, trainee_id) = (supervisor.clone(), trainee.id());
    let staff = tokio::spawn(async move { view_logbook(&app, &sup, trainee_id, Default::default()).await });
    tokio::time::sleep(Duration::from_millis(300)).await;
    assert!(
        !staff.is_finished(),
        "the view was answered before its event could be written"
    );
    writer.commit().await.unwrap();
    let seen = tokio::time::timeout(Duration::from_secs(5), staff)
        .await
        .expect("the view is answered once the writer is done")
        .unwrap();
    assert!(seen.is_ok(), "{:?}", seen.err());
    assert_eq!(events_of(&t).await, before + 2, "the writer's event and the view's");
}

dual_db_tests!(page_reads_do_not_wait_for_a_writer);
