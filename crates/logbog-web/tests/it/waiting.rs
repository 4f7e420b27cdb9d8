//! The count of waiting requests in the navigation is reused between pages, but never where it
//! would be wrong: a report, a decision or a change of access shows at once, and the work list's
//! own page always says what its list says.

use logbog_app::approvals::{report_ready, waiting_count};
use logbog_domain::Role;
use logbog_testkit::{TestApp, TestDb, date, dual_db_tests};

const PW: &str = logbog_app::demo::DEMO_PASSWORD;

async fn the_waiting_count_follows_reports_decisions_and_access_at_once(db: TestDb) {
    let t = TestApp::with_demo(db, date("2026-11-26")).await;
    let supervisor = t.user("vejleder.hansen").await;
    let trainee = t.user("laege.hu1").await;
    let before = waiting_count(&t.app, &supervisor).await.unwrap();
    assert!(before > 0, "the demo has requests waiting for vejleder.hansen");
    assert_eq!(waiting_count(&t.app, &supervisor).await.unwrap(), before, "reused");

    // A report counts at once.
    let free = t.not_started(&trainee).await;
    assert!(free.len() >= 2, "{}", free.len());
    report_ready(
        &t.app,
        &trainee,
        &free[..2],
        supervisor.id(),
        Some(Role::Supervisor),
        "",
    )
    .await
    .unwrap();
    assert_eq!(waiting_count(&t.app, &supervisor).await.unwrap(), before + 2);

    // So does a decision.
    let list = logbog_app::approvals::work_list(&t.app, &supervisor).await.unwrap();
    let mine: Vec<_> = list.iter().filter(|w| w.request.trainee_id == trainee.id()).collect();
    assert!(mine.len() >= 2, "{}", mine.len());
    logbog_app::approvals::return_request(&t.app, &supervisor, mine[0].request.id, "Mangler underskrift")
        .await
        .unwrap();
    assert_eq!(waiting_count(&t.app, &supervisor).await.unwrap(), before + 1);

    // The training lead ends the supervision (from yesterday): what the trainee reported to the
    // supervisor no longer counts, without waiting for the count to grow old.
    let hu1_waiting = list.iter().filter(|w| w.request.trainee_id == trainee.id()).count() as i64 - 1;
    let supervision: String = {
        let mut conn = t.app.db.conn().await.unwrap();
        sqlx::query_scalar(
            "SELECT id FROM supervisions WHERE supervisor_id = $1 AND trainee_id = $2 ORDER BY valid_from DESC",
        )
        .bind(supervisor.id().to_string())
        .bind(trainee.id().to_string())
        .fetch_one(&mut *conn)
        .await
        .unwrap()
    };
    let lead = t.user("uao.kardiologi").await;
    logbog_app::access::end_supervision(&t.app, &lead, supervision.parse().unwrap())
        .await
        .unwrap();
    assert_eq!(
        waiting_count(&t.app, &supervisor).await.unwrap(),
        before + 1 - hu1_waiting,
        "the trainee's {hu1_waiting} requests wait for nobody now"
    );
}

/// A change the server did not make itself (another server process, here SQL) may leave the
/// navigation's count a little behind, but the work list's own page counts afresh and its
/// navigation says the same.
async fn the_work_list_page_and_its_navigation_agree(db: TestDb) {
    let t = TestApp::with_demo(db, date("2026-11-26")).await;
    let web = t.login("vejleder.hansen", PW).await;
    let supervisor = t.user("vejleder.hansen").await;
    let before = waiting_count(&t.app, &supervisor).await.unwrap();
    let html = t.text(&web, "/worklist").await;
    assert!(html.contains(&format!("Godkendelser ({before} venter)")), "{html}");

    let ended = {
        let mut tx = t.app.db.begin().await.unwrap();
        let n = sqlx::query("UPDATE supervisions SET valid_until = $1 WHERE supervisor_id = $2 AND trainee_id IN (SELECT trainee_id FROM approval_requests WHERE approver_id = $2 AND state = 'pending')")
            .bind("2026-11-25")
            .bind(supervisor.id().to_string())
            .execute(&mut *tx)
            .await
            .unwrap()
            .rows_affected();
        tx.commit().await.unwrap();
        n
    };
    assert!(ended > 0);
    let html = t.text(&web, "/worklist").await;
    let now = logbog_app::approvals::work_list(&t.app, &supervisor)
        .await
        .unwrap()
        .len();
    assert!((now as i64) < before, "{now} < {before}");
    if now == 0 {
        assert!(html.contains(">Godkendelser<"), "{html}");
    } else {
        assert!(html.contains(&format!("Godkendelser ({now} venter)")), "{html}");
    }
    assert_eq!(waiting_count(&t.app, &supervisor).await.unwrap(), now as i64);
}

dual_db_tests!(
    the_waiting_count_follows_reports_decisions_and_access_at_once,
    the_work_list_page_and_its_navigation_agree,
);
