//! Access grants through the pages, on both databases: the secretariat gives and ends a
//! training lead's access; a training lead ends and gives a supervisor's access, which takes
//! effect at once; every grant and end is audited.

use logbog_testkit::{TestApp, TestDb, csrf_of, date, dual_db_tests};

const PW: &str = logbog_app::demo::DEMO_PASSWORD;

async fn page(t: &TestApp, c: &reqwest::Client, path: &str) -> String {
    t.text(c, path).await
}

fn first_value_after(html: &str, marker: &str) -> String {
    html.split(marker)
        .nth(1)
        .unwrap()
        .split("value=\"")
        .nth(1)
        .unwrap()
        .split('"')
        .next()
        .unwrap()
        .to_owned()
}

async fn audit_count(t: &TestApp, action: &str) -> i64 {
    let mut conn = t.app.db.conn().await.unwrap();
    sqlx::query_scalar("SELECT COUNT(*) FROM audit_events WHERE action = $1")
        .bind(action)
        .fetch_one(&mut *conn)
        .await
        .unwrap()
}

async fn secretariat_gives_and_ends_a_training_leads_access(db: TestDb) {
    let t = TestApp::with_demo(db, date("2026-11-26")).await;
    // The demo's own grants are audited too: count what this test adds.
    let (granted, ended) = (
        audit_count(&t, "access.site_granted").await,
        audit_count(&t, "access.site_ended").await,
    );
    logbog_testkit::builders::account(
        &t.app,
        "ny.overlaege",
        logbog_domain::Role::Supervisor,
        None,
        date("2020-01-01"),
    )
    .await;
    let syd = t.login("sekretariat.syd", PW).await;
    let html = page(&t, &syd, "/access").await;
    assert!(html.contains("Uddannelsessteder i Videreuddannelsesregion Syd"));
    let site = first_value_after(&html, "name=\"site\"");
    // An unknown username is refused and the form keeps what was typed.
    let r = syd
        .post(t.url("/access/site-grants"))
        .form(&[
            ("csrf", csrf_of(&html).as_str()),
            ("username", "findes.ikke"),
            ("site", &site),
            ("valid_from", "2026-11-26"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 422);
    assert!(r.text().await.unwrap().contains("value=\"findes.ikke\""));
    let r = syd
        .post(t.url("/access/site-grants"))
        .form(&[
            ("csrf", csrf_of(&html).as_str()),
            ("username", "ny.overlaege"),
            ("site", &site),
            ("valid_from", "2026-11-26"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 303);
    assert_eq!(audit_count(&t, "access.site_granted").await, granted + 1);
    // The new training lead has the access page and sees the site's trainees.
    let lead = t.login("ny.overlaege", logbog_testkit::builders::PASSWORD).await;
    assert_eq!(lead.get(t.url("/access")).send().await.unwrap().status(), 200);

    // The same list through the API.
    let token = t.token("sekretariat.syd", PW).await;
    let grants: serde_json::Value = t
        .client()
        .get(t.url("/api/v1/access/site-grants"))
        .bearer_auth(&token)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let new = grants
        .as_array()
        .unwrap()
        .iter()
        .find(|g| g["username"] == "ny.overlaege")
        .expect("listed in the API");
    assert!(new["role"] == "training_lead" || new["role"] == "tutor", "{new}");
    assert_eq!(new["region"], "syd");
    assert!(new["granted_by_name"].as_str().is_some_and(|n| !n.is_empty()));

    // Another region's secretariat cannot end it; the region's can, at once.
    let html = page(&t, &syd, "/access").await;
    let listed = html.split("<li>").find(|li| li.contains("ny.overlaege")).unwrap();
    assert!(
        listed.contains("givet af") && listed.contains("26.11.2026"),
        "who gave it, and when: {listed}"
    );
    let end = html
        .split("<li>")
        .find(|li| li.contains("ny.overlaege"))
        .unwrap()
        .split("action=\"")
        .nth(1)
        .unwrap()
        .split('"')
        .next()
        .unwrap()
        .to_owned();
    let oest = t.login("sekretariat.oest", PW).await;
    let ohtml = page(&t, &oest, "/access").await;
    let r = oest
        .post(t.url(&end))
        .form(&[("csrf", csrf_of(&ohtml).as_str())])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 404);
    let r = syd
        .post(t.url(&end))
        .form(&[("csrf", csrf_of(&html).as_str())])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 303);
    assert_eq!(audit_count(&t, "access.site_ended").await, ended + 1);
    assert_eq!(
        lead.get(t.url("/access")).send().await.unwrap().status(),
        403,
        "the role is gone at once"
    );
}

async fn training_lead_ends_and_gives_a_supervisors_access(db: TestDb) {
    let t = TestApp::with_demo(db, date("2026-11-26")).await;
    let (granted, ended) = (
        audit_count(&t, "access.supervision_granted").await,
        audit_count(&t, "access.supervision_ended").await,
    );
    let sup = t.login("vejleder.hansen", PW).await;
    let home = page(&t, &sup, "/home").await;
    // Ida Mikkelsen's logbook, whose supervision by Mette Hansen the lead ends below.
    let logbook = home
        .split("href=\"/trainees/")
        .skip(1)
        .find(|s| s.contains("\">Ida Mikkelsen<"))
        .unwrap()
        .split('"')
        .next()
        .unwrap()
        .to_owned();
    let logbook = format!("/trainees/{logbook}");
    assert_eq!(sup.get(t.url(&logbook)).send().await.unwrap().status(), 200);

    let lead = t.login("uao.kardiologi", PW).await;
    let html = page(&t, &lead, "/access").await;
    let li = html
        .split("<li>")
        .find(|li| li.contains("Mette Hansen") && li.contains("Ida Mikkelsen") && li.contains("/end"))
        .expect("the supervisor's access");
    let end = li
        .split("action=\"")
        .nth(1)
        .unwrap()
        .split('"')
        .next()
        .unwrap()
        .to_owned();
    let r = lead
        .post(t.url(&end))
        .form(&[("csrf", csrf_of(&html).as_str())])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 303);
    assert_eq!(
        sup.get(t.url(&logbook)).send().await.unwrap().status(),
        403,
        "access ends at once"
    );
    assert_eq!(audit_count(&t, "access.supervision_ended").await, ended + 1);

    // Give it back, for a period.
    let html = page(&t, &lead, "/access").await;
    assert!(
        html.contains("givet af"),
        "the lead sees who gave each supervisor access"
    );
    let trainee = logbook.split('/').nth(2).unwrap().to_owned();
    let supervisor = html
        .split("name=\"supervisor\"")
        .nth(1)
        .unwrap()
        .split("<option value=\"")
        .skip(1)
        .find(|o| o.contains("Mette Hansen"))
        .unwrap()
        .split('"')
        .next()
        .unwrap()
        .to_owned();
    let bad = lead
        .post(t.url("/access/supervisions"))
        .form(&[
            ("csrf", csrf_of(&html).as_str()),
            ("trainee", &trainee),
            ("supervisor", &supervisor),
            ("kind", "main"),
            ("valid_from", "2026-12-01"),
            ("valid_until", "2026-11-01"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(bad.status(), 422, "a period that ends before it starts");
    let r = lead
        .post(t.url("/access/supervisions"))
        .form(&[
            ("csrf", csrf_of(&html).as_str()),
            ("trainee", &trainee),
            ("supervisor", &supervisor),
            ("kind", "main"),
            ("valid_from", "2026-11-26"),
            ("valid_until", "2027-05-31"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 303);
    assert_eq!(
        sup.get(t.url(&logbook)).send().await.unwrap().status(),
        200,
        "access given at once"
    );
    assert_eq!(audit_count(&t, "access.supervision_granted").await, granted + 1);
}

dual_db_tests!(
    secretariat_gives_and_ends_a_training_leads_access,
    training_lead_ends_and_gives_a_supervisors_access
);
