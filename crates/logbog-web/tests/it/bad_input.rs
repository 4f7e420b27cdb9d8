//! The bad-input sweep: every route of the router (pages and API, from the authorization table,
//! which the router must match) gets, from every kind of user, path parameters that are no ids
//! (traversal, injections, NUL, invalid UTF-8), query strings and bodies of the wrong type,
//! missing or 1 MB fields, invalid UTF-8, NUL and control characters, SQL and script
//! injections. No answer may be a 5xx, and no page may carry the injected script unescaped.

use logbog_testkit::{TestApp, TestDb, csrf_of, date, dual_db_tests};
use serde_json::{Value, json};

const PW: &str = logbog_app::demo::DEMO_PASSWORD;
const SCRIPT: &str = "<script>alert(1)</script>";

/// What a path parameter is replaced with.
const BAD_IDS: &[&str] = &[
    "..%2F..%2Fetc%2Fpasswd",
    "%27%20OR%20%271%27%3D%271",
    "%00",
    "%FF%FE",
    "0190aaaa-0000-7000-8000-000000000000",
    "%3Cscript%3Ealert(1)%3C%2Fscript%3E",
];

/// The values every field of a body or query is set to, one kind per request.
fn bad_values() -> Vec<Value> {
    vec![
        json!(""),
        json!("a\u{0}b"),
        json!("\u{7}\u{1b}[2J"),
        json!("x".repeat(1 << 20)),
        json!(SCRIPT),
        json!("' OR '1'='1'; DROP TABLE people; --"),
        json!("../../etc/passwd"),
        json!(-1),
        json!(1e300),
        json!(true),
        json!([]),
        json!({}),
        Value::Null,
    ]
}

/// The field names the product's forms and bodies use.
const FIELDS: &[&str] = &[
    "competencies",
    "competency",
    "approver",
    "approver_role",
    "role",
    "message",
    "comment",
    "request",
    "requests",
    "method",
    "decisions",
    "trainee",
    "supervisor",
    "kind",
    "valid_from",
    "valid_until",
    "username",
    "password",
    "site",
    "lang",
    "back",
    "next",
    "q",
    "page",
    "per_page",
    "reason",
    "reference",
    "request_reference",
    "as",
    "programme",
    "curriculum",
    "phase",
];

fn as_form_text(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

async fn no_input_makes_a_server_error(db: TestDb) {
    let t = TestApp::with_demo(db, date("2026-11-26")).await;
    let users = ["laege.hu1", "vejleder.hansen", "uao.kardiologi", "sekretariat.syd"];
    let mut web = vec![(t.client(), String::new(), None)];
    for u in users {
        let client = t.login(u, PW).await;
        let csrf = csrf_of(&t.text(&client, "/notifications").await);
        web.push((client, csrf, Some(t.token(u, PW).await)));
    }
    let routes: Vec<(&str, &str)> = crate::authorization::table().keys().copied().collect();
    let values = bad_values();
    let mut failures = Vec::new();
    let mut sent = 0;
    for (method, path) in &routes {
        if *path == "/logout" {
            continue;
        }
        let mut paths: Vec<String> = vec![fill(path, "0190aaaa-0000-7000-8000-000000000000")];
        if path.contains('{') {
            paths.extend(BAD_IDS.iter().map(|bad| fill(path, bad)));
        }
        for concrete in &paths {
            for (client, csrf, token) in &web {
                for v in &values {
                    let text = as_form_text(v);
                    let mut url = t.url(concrete);
                    let query: Vec<(&str, &str)> = FIELDS.iter().map(|f| (*f, text.as_str())).collect();
                    if *method == "GET" {
                        // A 1 MB query string is not a query anyone sends; the rest are.
                        if text.len() > 4096 {
                            continue;
                        }
                        url.push('?');
                        url.push_str(&serde_urlencoded::to_string(&query).unwrap());
                    }
                    let mut r = client.request(method.parse().unwrap(), &url);
                    if path.starts_with("/api/") {
                        if let Some(tok) = token {
                            r = r.bearer_auth(tok);
                        }
                        if *method != "GET" {
                            let body: serde_json::Map<String, Value> =
                                FIELDS.iter().map(|f| ((*f).to_owned(), v.clone())).collect();
                            r = r
                                .header("content-type", "application/json")
                                .body(Value::Object(body).to_string());
                        }
                    } else if *method != "GET" {
                        let mut form: Vec<(&str, &str)> = vec![("csrf", csrf.as_str())];
                        form.extend(query.iter().copied());
                        r = r.form(&form);
                    }
                    sent += 1;
                    check(r, method, concrete, text.len() > 4096, &mut failures).await;
                }
                // Bodies that are no JSON or no text at all.
                if *method != "GET" {
                    for raw in [&b"\xff\xfe\x00garbage"[..], b"[1,2", b"null", b"\"x\""] {
                        let mut r = client
                            .request(method.parse().unwrap(), t.url(concrete))
                            .body(raw.to_vec());
                        r = if path.starts_with("/api/") {
                            let r = r.header("content-type", "application/json");
                            match token {
                                Some(tok) => r.bearer_auth(tok),
                                None => r,
                            }
                        } else {
                            r.header("content-type", "application/x-www-form-urlencoded")
                                .header("x-csrf-token", csrf.as_str())
                        };
                        sent += 1;
                        check(r, method, concrete, false, &mut failures).await;
                    }
                }
            }
        }
    }
    assert!(sent > 5000, "{sent} requests");
    assert!(
        failures.is_empty(),
        "{} of {sent} requests failed:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

fn fill(path: &str, value: &str) -> String {
    let mut out = String::new();
    let mut rest = path;
    while let Some(start) = rest.find('{') {
        out.push_str(&rest[..start]);
        let end = rest[start..].find('}').map_or(rest.len(), |e| start + e + 1);
        out.push_str(value);
        rest = &rest[end..];
    }
    out.push_str(rest);
    out
}

/// Send and judge the answer. A body over the route's limit may be refused before it has all
/// been sent (413 and the connection closed): the client then sees no answer, which is fine.
async fn check(r: reqwest::RequestBuilder, method: &str, path: &str, oversized: bool, failures: &mut Vec<String>) {
    let response = match r.send().await {
        Ok(response) => response,
        Err(_) if oversized => return,
        Err(e) => {
            failures.push(format!("{method} {path}: no answer ({e})"));
            return;
        }
    };
    let status = response.status();
    let html = response
        .headers()
        .get("content-type")
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("text/html"));
    let body = response.text().await.unwrap_or_default();
    if oversized && method != "GET" && status.is_success() {
        failures.push(format!("{method} {path}: a 1 MB field was accepted ({status})"));
    } else if status.is_server_error() {
        failures.push(format!("{method} {path}: {status} {}", &body[..body.len().min(200)]));
    } else if html && body.contains(SCRIPT) {
        failures.push(format!("{method} {path}: the injected script is in the page unescaped"));
    }
}

dual_db_tests!(no_input_makes_a_server_error);
