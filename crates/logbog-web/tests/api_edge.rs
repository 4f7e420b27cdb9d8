//! The API's edge: malformed ids in bodies and paths are 400s naming the field (never a new
//! id), and malformed input is worded in the caller's language without the parser's text.

use logbog_testkit::{TestApp, TestDb, date, dual_db_tests};
use serde_json::{Value, json};

const PW: &str = logbog_app::demo::DEMO_PASSWORD;

async fn post(t: &TestApp, token: &str, path: &str, body: &str, lang: &str) -> (u16, Value) {
    let r = t
        .client()
        .post(t.url(path))
        .bearer_auth(token)
        .header("content-type", "application/json")
        .header("accept-language", lang)
        .body(body.to_owned())
        .send()
        .await
        .unwrap();
    let status = r.status().as_u16();
    (status, r.json().await.unwrap_or(Value::Null))
}

async fn malformed_ids_are_named_not_replaced(db: TestDb) {
    let t = TestApp::with_demo(db, date("2026-11-26")).await;
    let lead = t.token("uao.kardiologi", PW).await;
    let hu1 = t.person("laege.hu1").await;
    let body = json!({ "trainee": hu1, "supervisor": "not-an-id", "kind": "main", "valid_from": "2026-11-26" });
    let (status, e) = post(&t, &lead, "/api/v1/access/supervisions", &body.to_string(), "en").await;
    assert_eq!(status, 400, "{e}");
    assert_eq!(e["error"], "invalid_input");
    assert!(e["message"].as_str().unwrap().starts_with("Supervisor"), "{e}");

    let syd = t.token("sekretariat.syd", PW).await;
    let body = json!({ "username": "vejleder.hansen", "site": "x", "valid_from": "2026-11-26" });
    let (status, e) = post(&t, &syd, "/api/v1/access/site-grants", &body.to_string(), "da").await;
    assert_eq!(status, 400, "{e}");
    assert!(e["message"].as_str().unwrap().contains("Uddannelsessted"), "{e}");

    let trainee = t.token("laege.hu1", PW).await;
    let body = json!({ "approver": "", "message": "" });
    let employment = logbog_domain::EmploymentId::new();
    let (status, e) = post(
        &t,
        &trainee,
        &format!("/api/v1/employments/{employment}/time-attestation/requests"),
        &body.to_string(),
        "en",
    )
    .await;
    assert_eq!(status, 400, "{e}");
    assert!(e["message"].as_str().unwrap().starts_with("Approver"), "{e}");
}

async fn malformed_input_is_worded_in_the_callers_language(db: TestDb) {
    let t = TestApp::with_demo(db, date("2026-11-26")).await;
    let trainee = t.token("laege.hu1", PW).await;
    let hu1 = t.person("laege.hu1").await;
    let path = format!("/api/v1/trainees/{hu1}/requests");
    for (body, lang, words) in [
        ("{not json", "da", "JSON"),
        (r#"{"competencies": 3}"#, "da", "JSON"),
        ("{not json", "en", "JSON"),
    ] {
        let (status, e) = post(&t, &trainee, &path, body, lang).await;
        assert_eq!(status, 400, "{e}");
        let message = e["message"].as_str().unwrap();
        assert!(message.contains(words), "{message}");
        for parser_text in ["line 1", "column", "expected", "invalid type", "EOF"] {
            assert!(
                !message.contains(parser_text),
                "the parser's words reach the user: {message}"
            );
        }
    }
    let r = t
        .client()
        .get(t.url("/api/v1/trainees/not-an-id/competencies"))
        .bearer_auth(&trainee)
        .header("accept-language", "da")
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 400);
    let e: Value = r.json().await.unwrap();
    assert!(
        e["message"].as_str().unwrap().contains("adressen er ikke gyldig"),
        "{e}"
    );
    assert!(!e["message"].as_str().unwrap().contains("UUID"), "{e}");
}

dual_db_tests!(
    malformed_ids_are_named_not_replaced,
    malformed_input_is_worded_in_the_callers_language
);
