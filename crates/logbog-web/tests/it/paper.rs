//! Paper time attestations on both databases: the trainee uploads the paper of a served
//! employment; the secretariat of the programme's region approves it (the approval rests on
//! the paper) or returns it, and no other region's does; the site's training lead verifies one
//! by approving the time; one waits at a time; the pages do the same.

use logbog_testkit::{TestApp, TestDb, csrf_of, date, dual_db_tests, multipart};
use serde_json::{Value, json};

const PW: &str = logbog_app::demo::DEMO_PASSWORD;

async fn get_json(t: &TestApp, token: &str, path: &str) -> Value {
    let resp = t.client().get(t.url(path)).bearer_auth(token).send().await.unwrap();
    assert_eq!(resp.status(), 200, "GET {path}");
    resp.json().await.unwrap()
}

async fn post(t: &TestApp, token: &str, path: &str, body: Value) -> reqwest::Response {
    t.client()
        .post(t.url(path))
        .bearer_auth(token)
        .json(&body)
        .send()
        .await
        .unwrap()
}

async fn upload(t: &TestApp, token: &str, trainee: &str, employment: &str) -> reqwest::Response {
    let pdf = logbog_files::check::samples::pdf("Attestation for tid");
    let (content_type, body) = multipart(&[("message", "Givet på papir")], Some(("attestation.pdf", &pdf)));
    t.client()
        .post(t.url(&format!(
            "/api/v1/trainees/{trainee}/employments/{employment}/paper-attestations"
        )))
        .bearer_auth(token)
        .header("content-type", content_type)
        .body(body)
        .send()
        .await
        .unwrap()
}

async fn basis_of(t: &TestApp, employment: &str) -> Option<(String, String)> {
    let mut conn = t.app.db.conn().await.unwrap();
    sqlx::query_as(
        "SELECT basis_document_id, approver_role FROM approvals WHERE item_kind = 'time_attestation' AND item_id = $1",
    )
    .bind(employment)
    .fetch_optional(&mut *conn)
    .await
    .unwrap()
    .map(|(d, r): (Option<String>, String)| (d.unwrap_or_default(), r))
}

async fn the_regions_secretariat_approves_a_paper(db: TestDb) {
    let t = TestApp::with_demo(db, date("2026-11-26")).await;
    let nord = t.token("sekretariat.nord", PW).await;
    let waiting = get_json(&t, &nord, "/api/v1/paper-attestations").await;
    let list = waiting.as_array().unwrap();
    assert_eq!(list.len(), 1, "{waiting}");
    let paper = &list[0];
    assert_eq!(
        (paper["trainee_name"].as_str(), paper["state"].as_str()),
        (Some("Camilla Nørgaard"), Some("waiting"))
    );
    let document = paper["document"].as_str().unwrap().to_owned();
    let employment = paper["employment"].as_str().unwrap().to_owned();
    let trainee = paper["trainee_id"].as_str().unwrap().to_owned();
    // Her logbook says the paper waits, on the employment's line.
    let mut conn = t.app.db.conn().await.unwrap();
    let programme: String = sqlx::query_scalar("SELECT programme_id FROM employments WHERE id = $1")
        .bind(&employment)
        .fetch_one(&mut *conn)
        .await
        .unwrap();
    drop(conn);
    let hu5_web = t.login("laege.hu5", PW).await;
    let logbook = format!("/logbook?programme={programme}");
    let waiting_line = "Tid: papirattestation venter på sekretariatet";
    assert!(
        t.text(&hu5_web, &logbook).await.contains(waiting_line),
        "the logbook shows the paper waiting"
    );

    // Another region's secretariat sees its own, and may not decide this one.
    let syd = t.token("sekretariat.syd", PW).await;
    let theirs = get_json(&t, &syd, "/api/v1/paper-attestations").await;
    assert!(
        theirs
            .as_array()
            .unwrap()
            .iter()
            .all(|p| p["document"] != document.as_str())
    );
    let resp = post(
        &t,
        &syd,
        &format!("/api/v1/paper-attestations/{document}/approve"),
        json!({}),
    )
    .await;
    assert_eq!(resp.status(), 403);
    let e: Value = resp.json().await.unwrap();
    assert_eq!(e["error"], "other_region");
    // Nor does anyone but the secretariat, nor is a second paper taken while one waits.
    let hu5 = t.token("laege.hu5", PW).await;
    let resp = post(
        &t,
        &hu5,
        &format!("/api/v1/paper-attestations/{document}/approve"),
        json!({}),
    )
    .await;
    assert_eq!(resp.status(), 403);
    let resp = upload(&t, &hu5, &trainee, &employment).await;
    assert_eq!(resp.status(), 409);
    // Returning needs a reason.
    let resp = post(
        &t,
        &nord,
        &format!("/api/v1/paper-attestations/{document}/return"),
        json!({ "comment": " " }),
    )
    .await;
    assert_eq!(resp.status(), 400);

    // Approved: the time attestation rests on the paper, in the secretariat's role.
    let resp = post(
        &t,
        &nord,
        &format!("/api/v1/paper-attestations/{document}/approve"),
        json!({ "comment": "OK" }),
    )
    .await;
    assert_eq!(resp.status(), 204);
    assert_eq!(
        basis_of(&t, &employment).await,
        Some((document.clone(), "secretariat".to_owned()))
    );
    let page = t.text(&hu5_web, &logbook).await;
    assert!(
        !page.contains(waiting_line) && page.contains("Tid: Godkendt"),
        "approved now"
    );
    assert!(
        get_json(&t, &nord, "/api/v1/paper-attestations")
            .await
            .as_array()
            .unwrap()
            .is_empty()
    );
    let resp = post(
        &t,
        &nord,
        &format!("/api/v1/paper-attestations/{document}/approve"),
        json!({}),
    )
    .await;
    assert_eq!(resp.status(), 409);
    let time = get_json(
        &t,
        &hu5,
        &format!("/api/v1/trainees/{trainee}/employments/{employment}/time-attestation"),
    )
    .await;
    assert_eq!(time["state"], "approved", "{time}");
    // The basis of an approval stays.
    let resp = t
        .client()
        .delete(t.url(&format!("/api/v1/documents/{document}")))
        .bearer_auth(&hu5)
        .send()
        .await
        .unwrap();
    assert!(resp.status() == 409 || resp.status() == 403, "{}", resp.status());
    let resp = upload(&t, &hu5, &trainee, &employment).await;
    assert_eq!(resp.status(), 409, "approved already");
}

async fn a_returned_paper_is_sent_again_and_the_lead_verifies_one(db: TestDb) {
    let t = TestApp::with_demo(db, date("2026-11-26")).await;
    let syd = t.token("sekretariat.syd", PW).await;
    let paper = get_json(&t, &syd, "/api/v1/paper-attestations").await[0].clone();
    let document = paper["document"].as_str().unwrap().to_owned();
    let employment = paper["employment"].as_str().unwrap().to_owned();
    let trainee = paper["trainee_id"].as_str().unwrap().to_owned();
    let resp = post(
        &t,
        &syd,
        &format!("/api/v1/paper-attestations/{document}/return"),
        json!({ "comment": "Underskriften mangler" }),
    )
    .await;
    assert_eq!(resp.status(), 204);
    let hu1 = t.token("laege.hu1", PW).await;
    let resp = upload(&t, &hu1, &trainee, &employment).await;
    assert_eq!(resp.status(), 201);
    let again: Value = resp.json().await.unwrap();
    assert_eq!(again["state"], "waiting");
    let time = get_json(
        &t,
        &hu1,
        &format!("/api/v1/trainees/{trainee}/employments/{employment}/time-attestation"),
    )
    .await;
    assert_ne!(time["state"], "approved");

    // A paper for an employment at the cardiology department, in its last month: its training
    // lead approves the time, and so verifies the paper.
    let lead = t.user("uao.kardiologi").await;
    let site = lead.led_sites()[0].0;
    let me = t.user("laege.hu1").await.id();
    let mut conn = t.app.db.conn().await.unwrap();
    let programme = logbog_db::programmes::programmes_of(&mut conn, me)
        .await
        .unwrap()
        .last()
        .unwrap()
        .id;
    drop(conn);
    let mut tx = t.app.db.begin().await.unwrap();
    let ending = logbog_db::employments::insert_employment(
        &mut tx,
        &logbog_db::employments::NewEmployment {
            programme_id: programme,
            site_id: site,
            phase_id: None,
            curriculum_version_id: None,
            ordinal: 99,
            title: "Vikariat".into(),
            start_date: date("2026-06-01"),
            end_date: date("2026-12-15"),
            working_percent: logbog_domain::WorkingPercent::FULL,
        },
    )
    .await
    .unwrap();
    tx.commit().await.unwrap();
    let resp = upload(&t, &hu1, &trainee, &ending.to_string()).await;
    assert_eq!(resp.status(), 201);
    let paper: Value = resp.json().await.unwrap();
    let lead_token = t.token("uao.kardiologi", PW).await;
    let resp = post(
        &t,
        &lead_token,
        &format!("/api/v1/trainees/{trainee}/employments/{ending}/time-attestation/approve"),
        json!({ "comment": "" }),
    )
    .await;
    assert!(resp.status().is_success(), "{}", resp.status());
    let (basis, role) = basis_of(&t, &ending.to_string()).await.unwrap();
    assert_eq!(
        (basis.as_str(), role.as_str()),
        (paper["document"].as_str().unwrap(), "training_lead")
    );
    let waiting = get_json(&t, &syd, "/api/v1/paper-attestations").await;
    assert!(
        waiting
            .as_array()
            .unwrap()
            .iter()
            .all(|p| p["document"] != paper["document"])
    );
}

async fn the_pages_upload_and_decide_a_paper(db: TestDb) {
    let t = TestApp::with_demo(db, date("2026-11-26")).await;
    // The secretariat's work list, from the menu.
    let web = t.login("sekretariat.oest", PW).await;
    let home = t.text(&web, "/home").await;
    assert!(home.contains("href=\"/paper-attestations\""));
    let list = t.text(&web, "/paper-attestations").await;
    assert!(
        list.contains("Frederik Møller") && list.contains("Én venter."),
        "{list}"
    );
    let csrf = csrf_of(&list);
    let action = list
        .split("action=\"/paper-attestations/")
        .nth(1)
        .and_then(|s| s.split('"').next())
        .unwrap()
        .to_owned();
    let document = action.trim_end_matches("/approve").to_owned();
    let resp = web
        .post(t.url(&format!("/paper-attestations/{document}/return")))
        .form(&[("csrf", csrf.as_str()), ("comment", "")])
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), 400);
    assert!(resp.text().await.unwrap().contains("id=\"paper-error\""));
    let resp = web
        .post(t.url(&format!("/paper-attestations/{document}/return")))
        .form(&[("csrf", csrf.as_str()), ("comment", "Siden med underskrift mangler")])
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), 303);
    let list = t.text(&web, "/paper-attestations?returned=1").await;
    assert!(list.contains("sendt retur") && list.contains("Ingen papirattestationer venter."));

    // The trainee sees why on the employment's page and uploads it again there.
    let trainee = t.login("laege.hu3", PW).await;
    let mut conn = t.app.db.conn().await.unwrap();
    let paper = logbog_db::paper::find(&mut conn, document.parse().unwrap())
        .await
        .unwrap()
        .unwrap();
    drop(conn);
    let path = format!("/logbook/employments/{}", paper.employment_id);
    let page = t.text(&trainee, &path).await;
    assert!(
        page.contains("Sendt retur") && page.contains("Siden med underskrift mangler"),
        "{page}"
    );
    let csrf = csrf_of(&page);
    let pdf = logbog_files::check::samples::pdf("Attestation, med underskrift");
    let (content_type, body) = multipart(
        &[("csrf", &csrf), ("message", "Nu med underskrift")],
        Some(("att.pdf", &pdf)),
    );
    let resp = trainee
        .post(t.url(&format!(
            "/trainees/{}/employments/{}/paper",
            paper.trainee_id, paper.employment_id
        )))
        .header("content-type", content_type)
        .body(body)
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), 303);
    let page = t.text(&trainee, &format!("{path}?paper=1")).await;
    assert!(page.contains("Papirattestationen er sendt til sekretariatet.") && page.contains("Afventer sekretariatet"));
    assert!(!page.contains("name=\"file\""), "one waits at a time");

    // Approved from the employment's page by the secretariat.
    let page = t
        .text(
            &web,
            &format!("/trainees/{}/employments/{}", paper.trainee_id, paper.employment_id),
        )
        .await;
    let csrf = csrf_of(&page);
    let base = page
        .split("action=\"/paper-attestations/")
        .nth(1)
        .and_then(|s| s.split('/').next())
        .unwrap()
        .to_owned();
    let resp = web
        .post(t.url(&format!("/paper-attestations/{base}/approve")))
        .form(&[
            ("csrf", csrf.as_str()),
            ("comment", ""),
            ("back", "/paper-attestations"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), 303);
    let page = t.text(&trainee, &path).await;
    assert!(page.contains("Godkendt"));
}

dual_db_tests!(
    the_regions_secretariat_approves_a_paper,
    a_returned_paper_is_sent_again_and_the_lead_verifies_one,
    the_pages_upload_and_decide_a_paper
);
