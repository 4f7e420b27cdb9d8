//! The API's edge: malformed ids in bodies and paths are 400s naming the field (never a new
//! id), and malformed input is worded in the caller's language without the parser's text.

use logbog_testkit::{TestApp, TestDb, csrf_of, date, dual_db_tests};
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

/// A page's CSRF token may come in a header (any body) or as the first part of a multipart
/// form (the coming uploads), besides the field of an urlencoded form.
async fn csrf_from_a_header_or_a_multipart_forms_first_part(db: TestDb) {
    let t = TestApp::with_demo(db, date("2026-11-26")).await;
    let c = t.login("laege.hu1", PW).await;
    let csrf = csrf_of(&t.text(&c, "/logbook").await);
    let language = |token: Option<&str>| {
        let mut r = c.post(t.url("/language")).form(&[("lang", "da"), ("back", "/logbook")]);
        if let Some(tok) = token {
            r = r.header("x-csrf-token", tok);
        }
        r.send()
    };
    assert_eq!(language(Some(&csrf)).await.unwrap().status(), 303);
    assert_eq!(language(Some("wrong")).await.unwrap().status(), 403);
    assert_eq!(language(None).await.unwrap().status(), 403);

    let multipart = |first: &str, value: &str| {
        format!(
            "--B0und\r\nContent-Disposition: form-data; name=\"{first}\"\r\n\r\n{value}\r\n\
             --B0und\r\nContent-Disposition: form-data; name=\"file\"; filename=\"kort.pdf\"\r\n\
             Content-Type: application/pdf\r\n\r\n%PDF-1.7\r\n--B0und--\r\n"
        )
    };
    let send = |body: String| {
        c.post(t.url("/language"))
            .header("content-type", "multipart/form-data; boundary=B0und")
            .body(body)
            .send()
    };
    let passed = send(multipart("csrf", &csrf)).await.unwrap().status();
    assert_ne!(passed, 403, "the token in the first part passes the check");
    assert_eq!(send(multipart("csrf", "wrong")).await.unwrap().status(), 403);
    assert_eq!(
        send(multipart("lang", "da")).await.unwrap().status(),
        403,
        "the token must come first"
    );
}

/// Body limits per kind of route: JSON bodies and forms are small; only the outer bound is
/// as large as an upload.
async fn bodies_are_limited_per_kind_of_route(db: TestDb) {
    let t = TestApp::with_demo(db, date("2026-11-26")).await;
    let limits = t.app.config.http;
    assert!(limits.json_body < limits.upload_body && limits.form_body < limits.upload_body);
    let big = format!(
        r#"{{"username": "laege.hu1", "password": "{}"}}"#,
        "x".repeat(limits.json_body + 1)
    );
    let r = t
        .client()
        .post(t.url("/api/v1/auth/token"))
        .header("content-type", "application/json")
        .body(big)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 413);
    let e: Value = r.json().await.unwrap();
    assert_eq!(e["error"], "payload_too_large", "{e}");
    let c = t.login("laege.hu1", PW).await;
    let csrf = csrf_of(&t.text(&c, "/logbook").await);
    let message = "x".repeat(limits.form_body + 1);
    let r = c
        .post(t.url("/logbook/report"))
        .form(&[("csrf", csrf.as_str()), ("message", &message)])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 400, "a form over the form limit is refused as too large");
}

/// API answers, errors included, are never stored by a browser or a proxy.
async fn api_answers_are_not_stored(db: TestDb) {
    let t = TestApp::with_demo(db, date("2026-11-26")).await;
    let token = t.token("laege.hu1", PW).await;
    for path in [
        "/api/v1/me",
        "/api/v1/trainees/not-an-id/competencies",
        "/api/v1/nothing-here",
    ] {
        let r = t.client().get(t.url(path)).bearer_auth(&token).send().await.unwrap();
        assert_eq!(
            r.headers().get("cache-control").and_then(|v| v.to_str().ok()),
            Some("no-store"),
            "{path} answered {}",
            r.status()
        );
    }
}

/// A state-changing page request whose Origin (or Referer) is another site is refused, even
/// with the right CSRF token; one from the site itself passes.
async fn requests_from_another_site_are_refused(db: TestDb) {
    let t = TestApp::with_demo(db, date("2026-11-26")).await;
    let c = t.login("laege.hu1", PW).await;
    let csrf = csrf_of(&t.text(&c, "/logbook").await);
    let own = t.url("/");
    let own = own.trim_end_matches('/');
    for (header, value, refused) in [
        ("origin", "https://evil.example", true),
        ("origin", "null", true),
        ("referer", "https://evil.example/page", true),
        ("origin", own, false),
        ("referer", &format!("{own}/logbook"), false),
    ] {
        let r = c
            .post(t.url("/language"))
            .header(header, value)
            .form(&[("csrf", csrf.as_str()), ("lang", "da"), ("back", "/logbook")])
            .send()
            .await
            .unwrap();
        assert_eq!(r.status() == 403, refused, "{header}: {value} answered {}", r.status());
    }
}

/// Submitting the login page after the old session expired gives exactly one session cookie,
/// the new one, and the user lands logged in (issue 8, point 4).
async fn login_with_a_stale_session_cookie_keeps_the_new_session(db: TestDb) {
    let t = TestApp::with_demo(db, date("2026-11-26")).await;
    let client = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();
    let login = t.url("/login");
    let html = client
        .get(&login)
        .header("cookie", "logbog_session=stale-token-of-an-expired-session")
        .send()
        .await
        .unwrap();
    let csrf_cookie = html
        .headers()
        .get_all("set-cookie")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find(|v| v.starts_with("logbog_csrf="))
        .map(|v| v.split(';').next().unwrap().to_owned())
        .expect("a CSRF cookie before login");
    let csrf = csrf_of(&html.text().await.unwrap());
    let r = client
        .post(&login)
        .header(
            "cookie",
            format!("logbog_session=stale-token-of-an-expired-session; {csrf_cookie}"),
        )
        .form(&[
            ("csrf", csrf.as_str()),
            ("username", "laege.hu1"),
            ("password", PW),
            ("next", ""),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 303);
    let sessions: Vec<&str> = r
        .headers()
        .get_all("set-cookie")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .filter(|v| v.starts_with("logbog_session="))
        .collect();
    assert_eq!(sessions.len(), 1, "{sessions:?}");
    assert!(
        !sessions[0].starts_with("logbog_session=;"),
        "the new session, not its deletion: {sessions:?}"
    );
}

/// A U+0000 or another control character in any text field is a 400 naming the field on both
/// databases (PostgreSQL refused it with a 500 before); newlines stay allowed in free text
/// (issue 8, point 2).
async fn control_characters_are_refused_at_the_boundary(db: TestDb) {
    let t = TestApp::with_demo(db, date("2026-11-26")).await;
    let r = t
        .client()
        .post(t.url("/api/v1/auth/token"))
        .json(&json!({ "username": "a\u{0}b", "password": "x" }))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 400);
    let e: Value = r.json().await.unwrap();
    assert_eq!(e["error"], "invalid_input");
    assert!(e["message"].as_str().unwrap().starts_with("Username"), "{e}");

    let c = t.login("laege.hu1", PW).await;
    let html = t.text(&c, "/logbook").await;
    let csrf = csrf_of(&html);
    let r = c
        .post(t.url("/logbook/report"))
        .form(&[("csrf", csrf.as_str()), ("message", "klar\u{0}"), ("back", "/logbook")])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 400);
    assert!(r.text().await.unwrap().contains("kontroltegn"));

    let syd = t.login("sekretariat.syd", PW).await;
    let r = syd.get(t.url("/home?q=a%00b")).send().await.unwrap();
    assert_eq!(r.status(), 400, "a search term with a NUL never reaches the database");
    let r = syd.get(t.url("/home?q=%C3%B8ster")).send().await.unwrap();
    assert_eq!(r.status(), 200);

    // Free text keeps its lines.
    let token = t.token("laege.hu1", PW).await;
    let hu1 = t.person("laege.hu1").await;
    let free: Vec<String> = html
        .split("name=\"competency\" value=\"")
        .skip(1)
        .map(|s| s.split('"').next().unwrap().to_owned())
        .collect();
    let supervisor = t.person("vejleder.hansen").await;
    let (status, body) = post(
        &t,
        &token,
        &format!("/api/v1/trainees/{hu1}/requests"),
        &json!({ "competencies": [free[0]], "approver": supervisor, "message": "Klar.\nSe kortet.\tTak" }).to_string(),
        "en",
    )
    .await;
    assert_eq!(status, 201, "{body}");
}

/// What the OpenAPI document does not allow is a 400 naming the field (an unknown property, a
/// page out of range, a blank required text); input of the documented shape that a rule
/// refuses is a 422. schemathesis (`crates/logbog/tests/schemathesis.rs`) holds the API to
/// this for every operation; these are its cases, pinned.
async fn the_document_decides_400_and_a_rule_422(db: TestDb) {
    let t = TestApp::with_demo(db, date("2026-11-26")).await;
    let syd = t.token("sekretariat.syd", PW).await;
    let hu1 = t.person("laege.hu1").await;
    let site = {
        let mut conn = t.app.db.conn().await.unwrap();
        let today = date("2026-11-26");
        logbog_db::employments::employments_of_trainee(&mut conn, hu1)
            .await
            .unwrap()
            .into_iter()
            .find(|e| e.start_date <= today && today <= e.end_date)
            .expect("employed today")
            .site_id
    };
    let grant = |extra: Value| {
        let mut body = json!({ "username": "vejleder.hansen", "site": site, "valid_from": "2026-12-01" });
        body.as_object_mut().unwrap().extend(extra.as_object().unwrap().clone());
        body.to_string()
    };
    let (status, e) = post(
        &t,
        &syd,
        "/api/v1/access/site-grants",
        &grant(json!({ "extra": 1 })),
        "en",
    )
    .await;
    assert_eq!(status, 400, "an unknown property: {e}");
    let (status, e) = post(
        &t,
        &syd,
        "/api/v1/access/site-grants",
        &grant(json!({ "username": " " })),
        "en",
    )
    .await;
    assert_eq!(status, 400, "a blank username: {e}");
    assert!(e["message"].as_str().unwrap().starts_with("Username"), "{e}");
    let ends_before = json!({ "valid_until": "2026-11-01" });
    let (status, e) = post(&t, &syd, "/api/v1/access/site-grants", &grant(ends_before), "en").await;
    assert_eq!(status, 422, "a period that ends before it starts: {e}");
    assert_eq!(e["error"], "invalid_input");

    for (query, field) in [
        ("per_page=201", "Per page"),
        ("per_page=0", "Per page"),
        ("page=0", "Page"),
    ] {
        let r = t
            .client()
            .get(t.url(&format!("/api/v1/notifications?{query}")))
            .bearer_auth(&syd)
            .header("accept-language", "en")
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 400, "{query}");
        let e: Value = r.json().await.unwrap();
        let message = e["message"].as_str().unwrap();
        assert!(
            message.starts_with(field) && message.contains("from 1 to"),
            "{query}: {e}"
        );
    }
    let r = t
        .client()
        .get(t.url("/api/v1/notifications?page=3&per_page=200"))
        .bearer_auth(&syd)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200, "within range, beyond the last page: the last");
}

dual_db_tests!(
    the_document_decides_400_and_a_rule_422,
    malformed_ids_are_named_not_replaced,
    malformed_input_is_worded_in_the_callers_language,
    csrf_from_a_header_or_a_multipart_forms_first_part,
    bodies_are_limited_per_kind_of_route,
    api_answers_are_not_stored,
    requests_from_another_site_are_refused,
    login_with_a_stale_session_cookie_keeps_the_new_session,
    control_characters_are_refused_at_the_boundary,
);
