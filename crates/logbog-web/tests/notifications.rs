//! Notifications on both databases: in the app after a request and a decision, reminders and
//! escalations once each (also across a restart), and email to the outbox folder once each.

use logbog_app::notifications::{OutboxMailer, deliver_email, run_reminders};
use logbog_testkit::{TestApp, TestDb, csrf_of, date, dual_db_tests};
use std::sync::Arc;

const PW: &str = logbog_app::demo::DEMO_PASSWORD;

async fn requests_and_decisions_notify_in_the_app(db: TestDb) {
    let t = TestApp::with_demo(db, date("2026-11-26")).await;
    let trainee = t.login("laege.hu1", PW).await;
    let html = trainee
        .get(t.url("/logbook"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let id = html
        .split("name=\"competency\" value=\"")
        .nth(1)
        .unwrap()
        .split('"')
        .next()
        .unwrap()
        .to_owned();
    let supervisor = html
        .split("<option value=\"")
        .skip(1)
        .find(|o| o.split("</option>").next().unwrap().contains("Vejleder"))
        .unwrap()
        .split('"')
        .next()
        .unwrap()
        .to_owned();
    trainee
        .post(t.url("/logbook/report"))
        .form(&[
            ("csrf", csrf_of(&html).as_str()),
            ("back", "/logbook"),
            ("competency", &id),
            ("approver", &supervisor),
            ("message", ""),
        ])
        .send()
        .await
        .unwrap();

    let sup = t.login("vejleder.hansen", PW).await;
    let page = sup
        .get(t.url("/notifications"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(page.contains("Beskeder (1 ny)"), "the counter in the header");
    assert!(page.contains("har meldt klar til godkendelse"));
    let r = sup
        .post(t.url("/notifications/read"))
        .form(&[("csrf", csrf_of(&page).as_str())])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 303);
    let page = sup
        .get(t.url("/notifications"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(!page.contains("1 ny"));

    let list = sup.get(t.url("/worklist")).send().await.unwrap().text().await.unwrap();
    let item = list
        .split("<li class=\"work-item\">")
        .find(|li| li.contains(&id))
        .unwrap();
    let request = item
        .split("name=\"request\" value=\"")
        .nth(1)
        .unwrap()
        .split('"')
        .next()
        .unwrap()
        .to_owned();
    sup.post(t.url("/worklist/approve"))
        .form(&[
            ("csrf", csrf_of(&list).as_str()),
            ("request", &request),
            ("method", "direct_observation"),
        ])
        .send()
        .await
        .unwrap();
    let page = trainee
        .get(t.url("/notifications"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(page.contains("Mette Hansen har godkendt") && page.contains("1 punkt er godkendt"));
}

async fn reminders_and_escalations_happen_once(db: TestDb) {
    let t = TestApp::with_demo(db, date("2026-11-26")).await;
    // The demo has requests of laege.hu1 waiting 9 and 16 days.
    let first = run_reminders(&t.app).await.unwrap();
    assert!(first.reminders >= 2, "{first:?}");
    assert!(first.escalations >= 1, "{first:?}");
    assert_eq!(
        run_reminders(&t.app).await.unwrap(),
        Default::default(),
        "nothing twice"
    );
    // A restart: a new App on the same database sends nothing again either.
    let again = logbog_app::App::new(t.app.db.clone(), t.clock.clone(), Default::default());
    assert_eq!(run_reminders(&again).await.unwrap(), Default::default());
    // The training lead of the department is told about the 16-day-old request.
    let lead = t.login("uao.kardiologi", PW).await;
    let page = lead
        .get(t.url("/notifications"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(page.contains("En anmodning har ventet længe"));
    // Configurable delays: with 30 days nothing is old enough.
    let patient = logbog_app::App::new(
        t.app.db.clone(),
        t.clock.clone(),
        logbog_app::AppConfig {
            reminder_days: 30,
            escalation_days: 60,
            ..Default::default()
        },
    );
    assert_eq!(run_reminders(&patient).await.unwrap(), Default::default());

    // Email: each notification once, to the outbox folder, in the recipient's language.
    let dir = std::env::temp_dir().join(format!("logbog-outbox-{}", uuid::Uuid::now_v7().simple()));
    let mailer = OutboxMailer { dir: dir.clone() };
    let render = logbog_web::notify::email_renderer(Arc::new(logbog_web::i18n::I18n::load().unwrap()));
    let sent = deliver_email(&t.app, &mailer, &render).await.unwrap();
    assert!(sent >= 3, "{sent}");
    let files: Vec<_> = std::fs::read_dir(&dir).unwrap().map(|e| e.unwrap().path()).collect();
    assert_eq!(files.len(), sent);
    let text = std::fs::read_to_string(&files[0]).unwrap();
    assert!(text.contains("Subject: Logbog:") && text.contains("@example.dk") && text.contains("Kære"));
    assert_eq!(
        deliver_email(&t.app, &mailer, &render).await.unwrap(),
        0,
        "each email once"
    );
    std::fs::remove_dir_all(dir).unwrap();
}

dual_db_tests!(
    requests_and_decisions_notify_in_the_app,
    reminders_and_escalations_happen_once
);
