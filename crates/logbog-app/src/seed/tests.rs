//! The national seed at a small scale against real databases (SQLite always, PostgreSQL when
//! configured): the invariants every row must keep, idempotence and resuming after a stop.

use super::*;
use crate::{AppConfig, FixedClock};
use logbog_db::audit::{self, Verification};
use logbog_db::{Backend, accounts, curricula as repo, employments, notifications, programmes};
use logbog_domain::PersonId;
use logbog_testkit::TestDb;
use std::sync::Arc;

const SCALE: f64 = 0.002;

fn day() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 26).unwrap()
}

fn app(db: &TestDb) -> App {
    App::new(
        db.db.clone(),
        Arc::new(FixedClock::at_date(day())),
        AppConfig::default(),
    )
}

async fn another(db: &TestDb) -> TestDb {
    match db.backend() {
        Backend::Sqlite => TestDb::sqlite().await,
        Backend::Postgres => TestDb::postgres().await.unwrap(),
    }
}

async fn scalar(conn: &mut Conn, sql: &'static str) -> i64 {
    sqlx::query_scalar::<_, i64>(sql).fetch_one(conn).await.unwrap()
}

async fn person(conn: &mut Conn, username: &str) -> accounts::Account {
    accounts::find_by_username(conn, username).await.unwrap().unwrap()
}

/// Every programme of every trainee is on versions in force at its start, and every employment
/// on one of its programme's versions (the demo's test of the same, over all trainees).
async fn versions_in_force(conn: &mut Conn) -> usize {
    let trainees: Vec<String> = sqlx::query_scalar("SELECT DISTINCT trainee_id FROM programmes")
        .fetch_all(&mut *conn)
        .await
        .unwrap();
    let mut checked = 0;
    for t in trainees {
        let t: PersonId = t.parse().unwrap();
        let progs = programmes::programmes_of(conn, t).await.unwrap();
        let versions = programmes::curricula_of_trainee(conn, t).await.unwrap();
        let in_force =
            |v: &repo::CurriculumVersion, d: NaiveDate| v.valid_from <= d && v.valid_until.is_none_or(|u| u >= d);
        for p in &progs {
            let attached: Vec<_> = versions.iter().filter(|(id, _)| *id == p.id).collect();
            assert!(!attached.is_empty(), "programme {} without a curriculum", p.id);
            for (_, v) in attached {
                assert!(
                    in_force(v, p.start_date),
                    "programme from {} on {} ({})",
                    p.start_date,
                    v.label,
                    v.valid_from
                );
                checked += 1;
            }
        }
        for e in employments::employments_of_trainee(conn, t).await.unwrap() {
            let p = progs.iter().find(|p| p.id == e.programme_id).unwrap();
            let version = e.curriculum_version_id.unwrap();
            let (_, v) = versions.iter().find(|(id, v)| *id == p.id && v.id == version).unwrap();
            assert!(in_force(v, p.start_date));
            assert!(
                p.start_date <= e.start_date && e.end_date <= p.end_date,
                "employment outside its programme"
            );
            checked += 1;
        }
    }
    checked
}

async fn check_invariants(app: &App, plan: &Plan) {
    let mut conn = app.db.conn().await.unwrap();
    let conn: &mut Conn = &mut conn;
    let events = match audit::verify(conn).await.unwrap() {
        Verification::Intact { events, .. } => events,
        broken => panic!("the seeded chain is broken: {broken:?}"),
    };
    assert!(events as u64 >= plan.audit_events * 9 / 10, "{events} events");
    assert!(versions_in_force(conn).await > plan.trainees * 3);
    // Supervisions lie inside an employment of the trainee at the supervision's site.
    let outside = scalar(
        conn,
        "SELECT COUNT(*) FROM supervisions s WHERE NOT EXISTS (SELECT 1 FROM employments e \
           JOIN programmes p ON p.id = e.programme_id WHERE p.trainee_id = s.trainee_id AND e.site_id = s.site_id \
           AND e.start_date <= s.valid_from AND s.valid_until <= e.end_date)",
    )
    .await;
    assert_eq!(outside, 0, "supervisions outside an employment");
    // Each generated approval answers an approved request of its item, decided by its approver
    // (the demo also approves without a request, and after resets).
    let orphans = scalar(
        conn,
        "SELECT COUNT(*) FROM approvals a LEFT JOIN approval_requests r ON r.id = a.request_id \
         WHERE a.trainee_id IN (SELECT ac.person_id FROM accounts ac WHERE ac.username LIKE '%.%.%') AND (r.id IS NULL OR r.state <> 'approved' OR r.decided_by <> a.approver_id OR r.item_id <> a.item_id \
           OR r.trainee_id <> a.trainee_id OR r.decided_at <> a.approved_at)",
    )
    .await;
    assert_eq!(orphans, 0, "approvals without their approved request");
    let unanswered = scalar(
        conn,
        "SELECT COUNT(*) FROM approval_requests r WHERE r.state = 'approved' \
           AND r.trainee_id IN (SELECT ac.person_id FROM accounts ac WHERE ac.username LIKE '%.%.%') AND NOT EXISTS (SELECT 1 FROM approvals a WHERE a.request_id = r.id)",
    )
    .await;
    assert_eq!(unanswered, 0, "approved requests without an approval");
    let twice = scalar(
        conn,
        "SELECT COUNT(*) FROM (SELECT trainee_id, item_id FROM approval_requests WHERE state = 'pending' \
           GROUP BY trainee_id, item_id HAVING COUNT(*) > 1) x",
    )
    .await;
    assert_eq!(twice, 0);
    for state in ["returned", "withdrawn", "pending"] {
        let n: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM approval_requests WHERE state = $1")
            .bind(state)
            .fetch_one(&mut *conn)
            .await
            .unwrap();
        assert!(n > 0, "some requests are {state}");
    }
    // Every event's actor holds the role it acted in, at least at some time.
    let roleless = scalar(
        conn,
        "SELECT COUNT(*) FROM audit_events e WHERE e.actor_role <> 'trainee' AND NOT EXISTS \
           (SELECT 1 FROM role_grants g WHERE g.person_id = e.actor_id AND g.role = e.actor_role)",
    )
    .await;
    assert_eq!(roleless, 0, "events in a role the actor never held");
    // Notifications read back through the repository, all of them.
    let recipients: Vec<String> = sqlx::query_scalar("SELECT DISTINCT recipient_id FROM notifications")
        .fetch_all(&mut *conn)
        .await
        .unwrap();
    let mut read_back = 0;
    for r in recipients {
        read_back += notifications::list_for(conn, r.parse().unwrap(), 1_000_000, 0)
            .await
            .unwrap()
            .len() as i64;
    }
    assert_eq!(read_back, scalar(conn, "SELECT COUNT(*) FROM notifications").await);
    // The demo accounts still log in; so do generated ones.
    for a in demo::demo_accounts() {
        let account = person(conn, &a.username).await;
        assert!(
            password::verify(demo::DEMO_PASSWORD, &account.password_hash),
            "{}",
            a.username
        );
    }
    let generated: String = sqlx::query_scalar("SELECT username FROM accounts WHERE username LIKE '%.%.%' LIMIT 1")
        .fetch_one(&mut *conn)
        .await
        .unwrap();
    let generated = person(conn, &generated).await;
    assert!(password::verify(demo::DEMO_PASSWORD, &generated.password_hash));
    // The demo approvers have trainees today and requests they may decide.
    for (username, at_least) in [
        ("uao.kardiologi", plan.cardiology),
        ("vejleder.hansen", plan.hansen),
        ("uao.anaestesi", plan.anaesthesia),
        ("tutor.praksis", plan.practice),
    ] {
        let account = person(conn, username).await;
        let trainees = logbog_db::relations::trainees_of_staff(conn, account.person.id, day())
            .await
            .unwrap();
        assert!(trainees.len() >= at_least, "{username}: {} trainees", trainees.len());
        let user = crate::people::load_current_user_in(conn, account.id, day())
            .await
            .unwrap();
        let list = crate::approvals::work_list(app, &user).await.unwrap();
        assert!(!list.is_empty(), "{username} has requests to decide");
    }
    let hu3 = person(conn, "laege.hu3").await;
    let views = audit::views_of(conn, hu3.person.id, 1_000_000, 0).await.unwrap();
    assert!(
        views.len() as u64 >= plan.hu3_views,
        "{} views of laege.hu3",
        views.len()
    );
    // Views newest first follow the chain; the seeded part of the chain is in time order.
    let seeded_from = scalar(
        conn,
        "SELECT MIN(seq) FROM audit_events WHERE action = 'logbook.viewed'",
    )
    .await;
    let backwards = sqlx::query_scalar::<_, i64>(
        "SELECT COUNT(*) FROM audit_events a JOIN audit_events b ON b.seq = a.seq + 1 \
         WHERE a.seq >= $1 AND b.occurred_at < a.occurred_at",
    )
    .bind(seeded_from)
    .fetch_one(&mut *conn)
    .await
    .unwrap();
    assert_eq!(backwards, 0, "seeded events out of time order");
}

async fn seeds_a_consistent_dataset_idempotently_and_resumably(db: TestDb) {
    let app = app(&db);
    let plan = Plan::new(SCALE);
    let mut phases = Vec::new();
    let outcome = seed(&app, Scale::Fraction(SCALE), &mut |phase, _, _| {
        phases.push(phase.to_owned())
    })
    .await
    .unwrap();
    assert_eq!(outcome, SeedOutcome::Built);
    assert!(phases.iter().any(|p| p.starts_with("history")));
    let built = counts(&app).await.unwrap();
    let count = |c: &[(&str, i64)], t: &str| c.iter().find(|(n, _)| *n == t).map(|(_, n)| *n).unwrap();
    assert!(count(&built, "programmes") as usize > plan.trainees * 2);
    assert!(count(&built, "curricula") >= 71);
    check_invariants(&app, &plan).await;

    // Again: nothing changes.
    let again = seed(&app, Scale::Fraction(SCALE), &mut |_, _, _| {}).await.unwrap();
    assert_eq!(again, SeedOutcome::AlreadyThere);
    assert_eq!(counts(&app).await.unwrap(), built);
    // Another scale is refused.
    let other = seed(&app, Scale::Fraction(0.003), &mut |_, _, _| {}).await;
    assert!(matches!(other, Err(AppError::Conflict(_))), "{other:?}");

    // Stopped after some months, then resumed: the same dataset.
    let second = another(&db).await;
    let app2 = self::app(&second);
    let stopped = run(&app2, Scale::Fraction(SCALE), &mut |_, _, _| {}, Some(100))
        .await
        .unwrap();
    assert_eq!(stopped, SeedOutcome::Stopped);
    let partial = counts(&app2).await.unwrap();
    assert!(count(&partial, "audit_events") < count(&built, "audit_events"));
    assert_eq!(
        count(&partial, "people"),
        count(&built, "people"),
        "the world is stored first"
    );
    let resumed = seed(&app2, Scale::Fraction(SCALE), &mut |_, _, _| {}).await.unwrap();
    assert_eq!(resumed, SeedOutcome::Built);
    assert_eq!(counts(&app2).await.unwrap(), built);
    let mut conn = app2.db.conn().await.unwrap();
    assert!(matches!(
        audit::verify(&mut conn).await.unwrap(),
        Verification::Intact { .. }
    ));
}

#[test]
fn scales_parse() {
    assert_eq!("national".parse::<Scale>(), Ok(Scale::Fraction(1.0)));
    assert_eq!("demo".parse::<Scale>(), Ok(Scale::Demo));
    assert_eq!("0.01".parse::<Scale>(), Ok(Scale::Fraction(0.01)));
    assert!("0".parse::<Scale>().is_err());
    assert!("2".parse::<Scale>().is_err());
    assert!("lots".parse::<Scale>().is_err());
    let national = Plan::new(1.0);
    assert_eq!(
        (national.trainees, national.cardiology, national.hansen),
        (10_000, 300, 40)
    );
}

#[test]
fn seventy_one_curricula() {
    let specs = curricula::specs().unwrap();
    assert_eq!(specs.len(), 71);
    assert_eq!(specs.iter().filter(|s| s.demo).count(), 7);
}

logbog_testkit::dual_db_tests!(seeds_a_consistent_dataset_idempotently_and_resumably);
