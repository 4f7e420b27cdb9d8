//! The demo's approvers against a real database (SQLite always, PostgreSQL when configured):
//! each finds work of each kind waiting (issue 10 point 7).

use super::seed;
use crate::{App, AppConfig, FixedClock};
use chrono::NaiveDate;
use logbog_db::accounts;
use logbog_testkit::TestDb;
use std::sync::Arc;

fn app(db: &TestDb, today: NaiveDate) -> App {
    let clock = Arc::new(FixedClock::at_date(today));
    App::new(db.db.clone(), clock, AppConfig::default())
}

/// Every approver finds work of each kind waiting the moment they log in (issue 10 point 7):
/// requests, and for the training leads and the tutor a time attestation in its last month
/// that nobody asked for; a department with colleagues besides the demo trainee; and after the
/// reminder job, unread notifications, each about an item.
async fn every_approver_has_work_of_each_kind(db: TestDb) {
    let today = NaiveDate::from_ymd_opt(2026, 11, 26).unwrap();
    let app = app(&db, today);
    seed(&app, &mut |_, _, _| {}).await.unwrap();
    crate::notifications::run_reminders(&app).await.unwrap();
    for (username, due) in [
        ("vejleder.hansen", false),
        ("uao.kardiologi", true),
        ("uao.anaestesi", true),
        ("tutor.praksis", true),
    ] {
        let mut conn = app.db.conn().await.unwrap();
        let account = accounts::find_by_username(&mut conn, username).await.unwrap().unwrap();
        drop(conn);
        let user = crate::people::load_current_user(&app, account.id).await.unwrap();
        let requests = crate::worklist::work_list(&app, &user).await.unwrap();
        assert!(!requests.is_empty(), "{username} has requests waiting");
        let times = crate::worklist::due_time_attestations(&app, &user).await.unwrap();
        assert_eq!(!times.is_empty(), due, "{username}: {times:?}");
        for t in &times {
            assert!(logbog_domain::dates::last_month_opens(t.end_date) <= today && today <= t.end_date);
        }
        let unread = crate::notifications::unread(&app, &user).await.unwrap();
        assert!(unread > 0, "{username} has unread notifications");
        let notes = crate::notifications::list(&app, &user, crate::paging::PageRequest::default())
            .await
            .unwrap();
        assert!(
            notes
                .items
                .iter()
                .filter(|n| n.read_at.is_none())
                .all(|n| n.notice.about().is_some()),
            "{username}: every unread notification is about an item"
        );
    }
    let mut conn = app.db.conn().await.unwrap();
    let lead = accounts::find_by_username(&mut conn, "uao.anaestesi")
        .await
        .unwrap()
        .unwrap();
    drop(conn);
    let lead = crate::people::load_current_user(&app, lead.id).await.unwrap();
    let departments = crate::department::departments(&app, &lead, crate::paging::PageRequest::default())
        .await
        .unwrap();
    // Aalborg and Randers, each with a trainee employed today.
    assert_eq!(departments.len(), 2);
    for d in &departments {
        assert!(!d.trainees.items.is_empty(), "{}", d.site_name);
        assert!(
            d.trainees.items.iter().all(|t| t.progress.total.total > 0),
            "{:?}",
            d.trainees
        );
    }
}

logbog_testkit::dual_db_tests!(every_approver_has_work_of_each_kind);
