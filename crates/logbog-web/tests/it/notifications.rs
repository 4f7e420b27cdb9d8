//! Notifications on both databases: in the app after a request and a decision, reminders and
//! escalations once each (also across a restart), and email to the outbox folder once each.

use logbog_app::notifications::{OutboxMailer, deliver_email, run_reminders};
use logbog_testkit::{TestApp, TestDb, csrf_of, date, dual_db_tests};
use std::sync::Arc;

const PW: &str = logbog_app::demo::DEMO_PASSWORD;

async fn requests_and_decisions_notify_in_the_app(db: TestDb) {
    let t = TestApp::with_demo(db, date("2026-11-26")).await;
    let trainee = t.login("laege.hu1", PW).await;
    let html = t.text(&trainee, "/logbook").await;
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
    let page = t.text(&sup, "/notifications").await;
    assert!(page.contains("Beskeder (1 ny)"), "the counter in the header");
    assert!(page.contains("har meldt klar til godkendelse"));
    let r = sup
        .post(t.url("/notifications/read"))
        .form(&[("csrf", csrf_of(&page).as_str())])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 303);
    let page = t.text(&sup, "/notifications").await;
    assert!(!page.contains("1 ny"));

    let list = t.text(&sup, "/worklist").await;
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
    // The basis: the first method the competency's curriculum names.
    let method = item
        .split("<option value=\"")
        .find(|o| o.starts_with(&format!("{request}:")))
        .and_then(|o| o.split('"').next())
        .expect("a method for the item")
        .to_owned();
    let r = sup
        .post(t.url("/worklist/approve"))
        .form(&[
            ("csrf", csrf_of(&list).as_str()),
            ("request", &request),
            ("method", &method),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 303);
    let page = t.text(&trainee, "/notifications").await;
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
    let page = t.text(&lead, "/notifications").await;
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
    let render = logbog_web::notify::email_renderer(
        Arc::new(logbog_web::i18n::I18n::load().unwrap()),
        "https://logbog.example.dk".to_owned(),
    );
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

/// A minimal SMTP server on loopback that keeps the messages it receives.
async fn fake_smtp() -> (u16, tokio::sync::mpsc::UnboundedReceiver<String>) {
    use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader};
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let port = listener.local_addr().unwrap().port();
    let (tx, rx) = tokio::sync::mpsc::unbounded_channel();
    tokio::spawn(async move {
        while let Ok((stream, _)) = listener.accept().await {
            let tx = tx.clone();
            tokio::spawn(async move {
                let (read, mut write) = stream.into_split();
                let mut lines = BufReader::new(read).lines();
                write.write_all(b"220 localhost ESMTP test\r\n").await.unwrap();
                let mut data = String::new();
                let mut in_data = false;
                while let Ok(Some(line)) = lines.next_line().await {
                    if in_data {
                        if line == "." {
                            in_data = false;
                            tx.send(std::mem::take(&mut data)).unwrap();
                            write.write_all(b"250 queued\r\n").await.unwrap();
                        } else {
                            data.push_str(&line);
                            data.push('\n');
                        }
                        continue;
                    }
                    let upper = line.to_ascii_uppercase();
                    let reply: &[u8] = if upper.starts_with("EHLO") || upper.starts_with("HELO") {
                        b"250 localhost\r\n"
                    } else if upper.starts_with("DATA") {
                        in_data = true;
                        b"354 go ahead\r\n"
                    } else if upper.starts_with("QUIT") {
                        write.write_all(b"221 bye\r\n").await.unwrap();
                        break;
                    } else {
                        b"250 OK\r\n"
                    };
                    write.write_all(reply).await.unwrap();
                }
            });
        }
    });
    (port, rx)
}

/// Notifications go out through an SMTP relay, once each.
async fn email_goes_through_smtp(db: TestDb) {
    let t = TestApp::with_demo(db, date("2026-11-26")).await;
    run_reminders(&t.app).await.unwrap();
    let (port, mut rx) = fake_smtp().await;
    let mailer =
        logbog_app::notifications::SmtpMailer::new("127.0.0.1", port, "Logbog <noreply@logbog.local>").unwrap();
    let render = logbog_web::notify::email_renderer(
        Arc::new(logbog_web::i18n::I18n::load().unwrap()),
        "https://logbog.example.dk".to_owned(),
    );
    let sent = deliver_email(&t.app, &mailer, &render).await.unwrap();
    assert!(sent >= 3, "{sent}");
    let first = rx.recv().await.unwrap();
    assert!(
        first.contains("Subject:") && first.contains("@example.dk") && first.contains("Logbog"),
        "{first}"
    );
    assert_eq!(deliver_email(&t.app, &mailer, &render).await.unwrap(), 0);
}

/// Time attestation, notifications and the views of one's logbook through the API.
async fn time_notifications_and_views_through_the_api(db: TestDb) {
    let t = TestApp::with_demo(db, date("2026-11-26")).await;
    let c = t.client();
    let trainee = t.token("laege.hu5", PW).await;
    let me: serde_json::Value = c
        .get(t.url("/api/v1/me"))
        .bearer_auth(&trainee)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let id = me["person_id"].as_str().unwrap().to_owned();
    let programmes: serde_json::Value = c
        .get(t.url(&format!("/api/v1/trainees/{id}/programmes")))
        .bearer_auth(&trainee)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let employment = programmes
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|p| p["employments"].as_array().unwrap().clone())
        .find(|e| e["end_date"] == "2027-03-31")
        .unwrap()["id"]
        .as_str()
        .unwrap()
        .to_owned();
    // Before the last month the training lead is refused with the opening date.
    let lead = t.token("uao.anaestesi", PW).await;
    let url = format!("/api/v1/trainees/{id}/employments/{employment}/time-attestation/approve");
    let r = c
        .post(t.url(&url))
        .bearer_auth(&lead)
        .json(&serde_json::json!({}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 403);
    let body: serde_json::Value = r.json().await.unwrap();
    assert_eq!(body["error"], "time_attestation_not_yet_open");
    assert!(body["message"].as_str().unwrap().contains("1 Mar 2027"));
    // In the last month it is approved, and the trainee is notified.
    t.clock.set_date(date("2027-03-02"));
    let lead = t.token("uao.anaestesi", PW).await;
    let r = c
        .post(t.url(&url))
        .bearer_auth(&lead)
        .json(&serde_json::json!({ "comment": "ok" }))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 204);
    let trainee = t.token("laege.hu5", PW).await;
    let notes: serde_json::Value = c
        .get(t.url("/api/v1/notifications"))
        .bearer_auth(&trainee)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert!(
        notes
            .as_array()
            .unwrap()
            .iter()
            .any(|n| n["kind"] == "approved" && n["read"] == false)
    );
    let r: serde_json::Value = c
        .post(t.url("/api/v1/notifications/read"))
        .bearer_auth(&trainee)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert!(r["count"].as_u64().unwrap() >= 1);
    // The lead's views of the logbook were audited, and the trainee sees them.
    let views: serde_json::Value = c
        .get(t.url("/api/v1/me/logbook-views"))
        .bearer_auth(&trainee)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let _ = views.as_array().unwrap();
    let r = c
        .get(t.url(&format!("/api/v1/trainees/{id}/programmes")))
        .bearer_auth(&lead)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    let views: serde_json::Value = c
        .get(t.url("/api/v1/me/logbook-views"))
        .bearer_auth(&trainee)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert!(
        views
            .as_array()
            .unwrap()
            .iter()
            .any(|v| v["role"] == "training_lead" && v["page"] == "programmes")
    );
}

dual_db_tests!(email_goes_through_smtp, time_notifications_and_views_through_the_api);
