//! Competency cards as the basis of approvals, on both databases: the trainee uploads a
//! filled card on a competency and reports it ready; the supervisor sees the card in the work
//! list and approves; the approval records the card, which can then be replaced but not
//! deleted; nobody else uploads cards.

use logbog_files::check::samples;
use logbog_testkit::{TestApp, TestDb, csrf_of, date, dual_db_tests, multipart};

const PW: &str = logbog_app::demo::DEMO_PASSWORD;

async fn get(t: &TestApp, token: &str, path: &str) -> serde_json::Value {
    let resp = t.client().get(t.url(path)).bearer_auth(token).send().await.unwrap();
    assert_eq!(resp.status(), 200, "GET {path}");
    resp.json().await.unwrap()
}

async fn upload_card(t: &TestApp, token: &str, path: &str, fields: &[(&str, &str)], bytes: &[u8]) -> reqwest::Response {
    let (content_type, body) = multipart(fields, Some(("kompetencekort.pdf", bytes)));
    t.client()
        .post(t.url(path))
        .bearer_auth(token)
        .header("content-type", content_type)
        .body(body)
        .send()
        .await
        .unwrap()
}

/// laege.hu1's person id and a competency she may still report to vejleder.hansen.
async fn free_competency(t: &TestApp, token: &str) -> (String, String) {
    let me = get(t, token, "/api/v1/me").await;
    let person = me["person_id"].as_str().unwrap().to_owned();
    let list = get(t, token, &format!("/api/v1/trainees/{person}/competencies")).await;
    let free = list["competencies"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["state"] == "not_started")
        .unwrap()["id"]
        .as_str()
        .unwrap()
        .to_owned();
    (person, free)
}

async fn a_card_is_the_basis_of_the_approval(db: TestDb) {
    let t = TestApp::with_demo(db, date("2026-11-26")).await;
    let token = t.token("laege.hu1", PW).await;
    let (me, competency) = free_competency(&t, &token).await;
    let cards_path = format!("/api/v1/trainees/{me}/competencies/{competency}/cards");
    let card = samples::pdf("Kompetencekort udfyldt");
    let resp = upload_card(&t, &token, &cards_path, &[], &card).await;
    assert_eq!(resp.status(), 201);
    let created: serde_json::Value = resp.json().await.unwrap();
    let card_id = created["document"]["id"].as_str().unwrap().to_owned();
    assert_eq!(created["is_basis"], false);

    // Her supervisor reads it, but may not upload one for her.
    let supervisor = t.token("vejleder.hansen", PW).await;
    let listed = get(&t, &supervisor, &cards_path).await;
    assert_eq!(listed[0]["document"]["id"], card_id.as_str());
    let refused = upload_card(&t, &supervisor, &cards_path, &[], &card).await;
    assert_eq!(refused.status(), 403);
    // Only general practice's qualification cards are confirmed by a department.
    let resp = t
        .client()
        .post(t.url(&format!("/api/v1/documents/{card_id}/confirmation")))
        .bearer_auth(&supervisor)
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), 422);
    assert_eq!(listed[0]["confirmable"], false);
    let other = t.token("laege.kbu", PW).await;
    let refused = upload_card(&t, &other, &cards_path, &[], &card).await;
    assert_eq!(refused.status(), 404);

    // Reported ready; the work list shows the card; approved on its basis.
    let supervisor_id = get(&t, &supervisor, "/api/v1/me").await["person_id"]
        .as_str()
        .unwrap()
        .to_owned();
    let resp = t
        .client()
        .post(t.url(&format!("/api/v1/trainees/{me}/requests")))
        .bearer_auth(&token)
        .json(&serde_json::json!({ "competencies": [competency], "approver": supervisor_id, "approver_role": "supervisor" }))
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), 201);
    let web = t.login("vejleder.hansen", PW).await;
    let worklist = t.text(&web, "/worklist").await;
    assert!(
        worklist.contains(&format!("/documents/{card_id}")),
        "the work list links the card"
    );
    let work = get(&t, &supervisor, "/api/v1/worklist").await;
    let item = work
        .as_array()
        .unwrap()
        .iter()
        .find(|w| w["item_id"] == competency.as_str())
        .unwrap()
        .clone();
    let methods = item["assessment_methods"].as_array().unwrap();
    let resp = t
        .client()
        .post(t.url("/api/v1/worklist/approvals"))
        .bearer_auth(&supervisor)
        .json(&serde_json::json!({ "requests": [item["request_id"]], "assessment_method": methods.first() }))
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), 200, "{}", resp.text().await.unwrap());
    let mut conn = t.app.db.conn().await.unwrap();
    let basis: Option<String> = sqlx::query_scalar(
        "SELECT basis_document_id FROM approvals WHERE item_id = $1 ORDER BY generation DESC LIMIT 1",
    )
    .bind(&competency)
    .fetch_one(&mut *conn)
    .await
    .unwrap();
    drop(conn);
    assert_eq!(
        basis.as_deref(),
        Some(card_id.as_str()),
        "the approval records the card"
    );

    // Now it stands as a basis: not deleted, but replaced, keeping both.
    let listed = get(&t, &token, &cards_path).await;
    assert_eq!(listed[0]["is_basis"], true);
    let resp = t
        .client()
        .delete(t.url(&format!("/api/v1/documents/{card_id}")))
        .bearer_auth(&token)
        .send()
        .await
        .unwrap();
    let status = resp.status();
    let body = resp.text().await.unwrap();
    assert_eq!(status, 409, "{body}");
    let resp = upload_card(&t, &token, &cards_path, &[("replaces", &card_id)], &samples::png()).await;
    assert_eq!(resp.status(), 201);
    let replaced: serde_json::Value = resp.json().await.unwrap();
    assert_eq!(replaced["earlier"][0]["id"], card_id.as_str());
    assert_eq!(replaced["document"]["content_type"], "image/png");
    // The competency page shows the card with its history, to her and to him.
    let own = t.login("laege.hu1", PW).await;
    let page = t.text(&own, &format!("/logbook/competencies/{competency}")).await;
    assert!(
        page.contains("kompetencekort.png") && page.contains("1 tidligere version"),
        "{page}"
    );
    let page = t.text(&web, &format!("/trainees/{me}/competencies/{competency}")).await;
    assert!(
        page.contains("kompetencekort.png") && !page.contains("card-file"),
        "no upload form for him"
    );
}

/// The page form: uploaded with the CSRF token first, back to the competency; a refusal shown
/// on the competency page in Danish.
async fn the_competency_page_takes_a_card(db: TestDb) {
    let t = TestApp::with_demo(db, date("2026-11-26")).await;
    let token = t.token("laege.hu1", PW).await;
    let (me, competency) = free_competency(&t, &token).await;
    let web = t.login("laege.hu1", PW).await;
    let page = t.text(&web, &format!("/logbook/competencies/{competency}")).await;
    assert!(page.contains("id=\"card-file\""));
    let csrf = csrf_of(&page);
    let back = format!("/logbook/competencies/{competency}");
    let post = |bytes: Vec<u8>| {
        let (content_type, body) = multipart(&[("csrf", &csrf), ("back", &back)], Some(("kort.pdf", &bytes)));
        web.post(t.url(&format!("/trainees/{me}/competencies/{competency}/cards")))
            .header("content-type", content_type)
            .body(body)
            .send()
    };
    let resp = post(samples::pdf("kort")).await.unwrap();
    assert_eq!(resp.status(), 303);
    assert_eq!(resp.headers()["location"], format!("{back}?uploaded=1").as_str());
    let page = t.text(&web, &format!("{back}?uploaded=1")).await;
    assert!(page.contains("Kortet er uploadet") && page.contains("kort.pdf"));
    let resp = post(b"GIF89a".to_vec()).await.unwrap();
    assert_eq!(resp.status(), 422);
    let page = resp.text().await.unwrap();
    assert!(page.contains("id=\"card-error\"") && page.contains("PDF-, PNG- eller JPEG"));
}

dual_db_tests!(a_card_is_the_basis_of_the_approval, the_competency_page_takes_a_card);
