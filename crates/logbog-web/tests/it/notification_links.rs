//! Notifications that lead to the item (issue 10 point 1), on both databases: each in the list
//! and in its email opens `/notifications/{id}`, which marks it read and leads on to the item;
//! after a login the link lands there; opening the item itself marks its notifications read;
//! counts and days are worded by Fluent's plural rules; reminders name the items.

use logbog_app::notifications::{OutboxMailer, deliver_email, run_reminders};
use logbog_testkit::{TestApp, TestDb, csrf_of, date, dual_db_tests};
use std::sync::Arc;

const PW: &str = logbog_app::demo::DEMO_PASSWORD;

/// The newest notification of `username`: its id and whether it is read.
async fn newest(t: &TestApp, username: &str) -> logbog_db::notifications::Notification {
    let person = t.person(username).await;
    let mut conn = t.app.db.conn().await.unwrap();
    logbog_db::notifications::list_for(&mut conn, person, 1, 0)
        .await
        .unwrap()[0]
        .clone()
}

async fn location(client: &reqwest::Client, t: &TestApp, path: &str) -> (u16, String) {
    let r = client.get(t.url(path)).send().await.unwrap();
    let to = r
        .headers()
        .get("location")
        .map(|l| l.to_str().unwrap().to_owned())
        .unwrap_or_default();
    (r.status().as_u16(), to)
}

async fn a_notification_leads_to_its_item_and_is_read_there(db: TestDb) {
    let t = TestApp::with_demo(db, date("2026-11-26")).await;
    let hu1 = t.user("laege.hu1").await;
    let hansen = t.user("vejleder.hansen").await;
    let free = t.not_started(&hu1).await;
    logbog_app::approvals::report_ready(
        &t.app,
        &hu1,
        &free[..2],
        hansen.id(),
        Some(logbog_domain::Role::Supervisor),
        "",
    )
    .await
    .unwrap();

    // The supervisor's notification: plural by Fluent, and a link.
    let n = newest(&t, "vejleder.hansen").await;
    assert!(n.read_at.is_none());
    let sup = t.login("vejleder.hansen", PW).await;
    let list = t.text(&sup, "/notifications").await;
    assert!(list.contains("2 punkter venter på din godkendelse"), "{list}");
    assert!(!list.contains("punkt(er)"));
    let open = format!("/notifications/{}", n.id);
    assert!(list.contains(&format!("href=\"{open}\"")), "the list links it");
    // Opening it: read, and on to the trainee's requests in the work list.
    let (status, to) = location(&sup, &t, &open).await;
    assert_eq!(status, 303);
    assert!(to.starts_with(&format!("/worklist?trainee={}&item=", hu1.id())), "{to}");
    assert!(
        newest(&t, "vejleder.hansen").await.read_at.is_some(),
        "opening marks it read"
    );
    let work = t.text(&sup, &to).await;
    assert!(work.contains("Viser anmodningerne fra") && work.contains("Vis hele arbejdslisten"));
    assert_eq!(
        work.matches("<section class=\"card\"").count(),
        1,
        "only her group: {work}"
    );
    assert!(work.matches("class=\"work-item\"").count() >= 2, "{work}");
    // The items of the report it is about are ticked already (both of this one, none of the
    // older requests): approving them is one press.
    assert_eq!(work.matches(" checked>").count(), 2, "{work}");
    // Another's notification is not found.
    let other = t.login("uao.kardiologi", PW).await;
    assert_eq!(location(&other, &t, &open).await.0, 404);

    // From an email, logged out: the login leads there, and on to the item.
    let anonymous = t.client();
    let (status, to) = location(&anonymous, &t, &open).await;
    assert_eq!(status, 303);
    assert!(to.starts_with("/login?next="), "{to}");
    let login = t.text(&anonymous, &to).await;
    let r = anonymous
        .post(t.url("/login"))
        .form(&[
            ("csrf", csrf_of(&login).as_str()),
            ("username", "vejleder.hansen"),
            ("password", PW),
            ("next", &open),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(r.headers()["location"], open.as_str(), "after login, the notification");

    // The supervisor approves; the trainee's notification leads to the competency, and
    // opening the competency itself marks it read.
    let waiting = logbog_app::approvals::work_list(&t.app, &hansen).await.unwrap();
    let first = waiting
        .iter()
        .find(|w| w.request.item == logbog_domain::ItemRef::Competency(free[0]))
        .unwrap();
    logbog_app::approvals::approve_each(
        &t.app,
        &hansen,
        &[(first.request.id, first.assessment_methods.first().copied())],
        "",
    )
    .await
    .unwrap();
    let n = newest(&t, "laege.hu1").await;
    assert_eq!(
        logbog_web::notify::link(&n.notice).as_deref(),
        Some(format!("/logbook/competencies/{}", free[0]).as_str())
    );
    let own = t.login("laege.hu1", PW).await;
    let page = t.text(&own, "/notifications").await;
    assert!(page.contains("1 punkt er godkendt"), "{page}");
    t.text(&own, &format!("/logbook/competencies/{}", free[0])).await;
    assert!(
        newest(&t, "laege.hu1").await.read_at.is_some(),
        "the item opened marks it read"
    );
}

async fn reminders_name_the_items_and_emails_carry_the_link(db: TestDb) {
    let t = TestApp::with_demo(db, date("2026-11-26")).await;
    run_reminders(&t.app).await.unwrap();
    let mut conn = t.app.db.conn().await.unwrap();
    let reminders: Vec<String> = sqlx::query_scalar("SELECT payload FROM notifications WHERE kind = 'reminder'")
        .fetch_all(&mut *conn)
        .await
        .unwrap();
    drop(conn);
    assert!(!reminders.is_empty());
    for payload in &reminders {
        let v: serde_json::Value = serde_json::from_str(payload).unwrap();
        assert!(
            v["codes"].as_array().is_some_and(|c| !c.is_empty()) && v["about"]["trainee"].is_string(),
            "a reminder names its item and whom it is about: {payload}"
        );
    }
    let sup = t.login("vejleder.hansen", PW).await;
    let page = t.text(&sup, "/notifications").await;
    assert!(page.contains("dage på din afgørelse af"), "{page}");

    let dir = std::env::temp_dir().join(format!("logbog-outbox-{}", uuid::Uuid::now_v7().simple()));
    let mailer = OutboxMailer { dir: dir.clone() };
    let render = logbog_web::notify::email_renderer(
        Arc::new(logbog_web::i18n::I18n::load().unwrap()),
        "https://logbog.example.dk/".to_owned(),
    );
    assert!(deliver_email(&t.app, &mailer, &render).await.unwrap() > 0);
    let mails: Vec<String> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| std::fs::read_to_string(e.unwrap().path()).unwrap())
        .collect();
    assert!(
        mails
            .iter()
            .all(|m| m.contains("https://logbog.example.dk/notifications/")
                && (m.contains("Åbn den i Logbog") || m.contains("Open it in Logbog"))),
        "every email carries its link"
    );
    std::fs::remove_dir_all(&dir).ok();
}

dual_db_tests!(
    a_notification_leads_to_its_item_and_is_read_there,
    reminders_name_the_items_and_emails_carry_the_link
);
