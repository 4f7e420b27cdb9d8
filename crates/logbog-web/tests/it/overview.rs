//! The overview of medical employment on both databases: prefilled from the programmes, the
//! trainee adds, edits and removes her other employments; an overlap above full time is
//! refused naming what it overlaps; marking complete names the revision she saw and any later
//! change opens it again; others who may see her logbook read it and nothing more; the pages
//! do the same in a browser's forms.

use logbog_testkit::{TestApp, TestDb, csrf_of, date, dual_db_tests};
use serde_json::{Value, json};

const PW: &str = logbog_app::demo::DEMO_PASSWORD;

async fn send(t: &TestApp, token: &str, method: reqwest::Method, path: &str, body: Option<Value>) -> reqwest::Response {
    let mut req = t.client().request(method, t.url(path)).bearer_auth(token);
    if let Some(b) = body {
        req = req.json(&b);
    }
    req.send().await.unwrap()
}

async fn overview(t: &TestApp, token: &str, trainee: &str) -> Value {
    let resp = send(
        t,
        token,
        reqwest::Method::GET,
        &format!("/api/v1/trainees/{trainee}/employment-overview"),
        None,
    )
    .await;
    assert_eq!(resp.status(), 200);
    resp.json().await.unwrap()
}

fn own_ids(v: &Value) -> Vec<String> {
    v["employments"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["source"] == "own")
        .map(|e| e["id"].as_str().unwrap().to_owned())
        .collect()
}

async fn actions_of(t: &TestApp, subject: &str) -> Vec<String> {
    let mut conn = t.app.db.conn().await.unwrap();
    sqlx::query_scalar("SELECT action FROM audit_events WHERE subject_id = $1 ORDER BY seq")
        .bind(subject)
        .fetch_all(&mut *conn)
        .await
        .unwrap()
}

async fn an_overlap_above_full_time_is_refused_and_named(db: TestDb) {
    let t = TestApp::with_demo(db, date("2026-11-26")).await;
    // laege.hu5 has only her programme's employments: the overview starts prefilled.
    let token = t.token("laege.hu5", PW).await;
    let me = t.user("laege.hu5").await.id().to_string();
    let v = overview(&t, &token, &me).await;
    let first = v["employments"][0].clone();
    assert_eq!(first["source"], "programme", "{v}");
    assert!(own_ids(&v).is_empty());
    let add = format!("/api/v1/trainees/{me}/employment-overview/employments");

    // Half time in her programme's first employment (full time) is too much, and says where.
    let resp = send(
        &t,
        &token,
        reqwest::Method::POST,
        &add,
        Some(json!({
            "kind": "research", "employer": "Københavns Universitet", "position": "Forskningsårsstuderende",
            "start_date": first["start_date"], "end_date": first["end_date"], "working_percent": 50,
        })),
    )
    .await;
    assert_eq!(resp.status(), 422);
    let e: Value = resp.json().await.unwrap();
    assert_eq!(e["error"], "invalid_input", "{e}");
    let message = e["message"].as_str().unwrap();
    assert!(
        message.contains(first["employer"].as_str().unwrap()) && message.contains("150 %"),
        "{message}"
    );

    // Before the programme: a post abroad and a half-time research post beside it fit.
    let abroad = json!({
        "kind": "abroad", "employer": "Oslo universitetssykehus", "department": "Akuttmottak",
        "position": "Lege i spesialisering", "start_date": "2016-01-01", "end_date": "2016-12-31", "hours_per_week": 18,
    });
    let resp = send(&t, &token, reqwest::Method::POST, &add, Some(abroad)).await;
    assert_eq!(resp.status(), 201);
    let research = json!({
        "kind": "research", "employer": "Universitetet i Oslo", "position": "Forsker",
        "start_date": "2016-06-01", "end_date": "2017-05-31", "working_percent": 50,
    });
    let resp = send(&t, &token, reqwest::Method::POST, &add, Some(research)).await;
    assert_eq!(resp.status(), 201);
    let v: Value = resp.json().await.unwrap();
    let ids = own_ids(&v);
    assert_eq!(ids.len(), 2);

    // A third one on the stretch where both run is refused, naming the two.
    let resp = send(
        &t,
        &token,
        reqwest::Method::POST,
        &add,
        Some(json!({
            "kind": "post", "employer": "Legevakt", "position": "Vikar",
            "start_date": "2016-07-01", "end_date": "2016-07-31", "hours_per_week": 8,
        })),
    )
    .await;
    assert_eq!(resp.status(), 422);
    let e: Value = resp.json().await.unwrap();
    let message = e["message"].as_str().unwrap();
    assert!(
        message.contains("Oslo universitetssykehus") && message.contains("Universitetet i Oslo"),
        "{message}"
    );

    // Editing one does not count it against itself; a bad extent is refused by its field.
    let path = format!("/api/v1/medical-employments/{}", ids[0]);
    let edited = json!({
        "kind": "abroad", "employer": "Oslo universitetssykehus", "department": "Akuttmottak",
        "position": "Lege i spesialisering", "start_date": "2016-01-01", "end_date": "2016-12-31", "working_percent": 50,
    });
    let resp = send(&t, &token, reqwest::Method::PUT, &path, Some(edited)).await;
    assert_eq!(resp.status(), 200);
    for (extent, field, status) in [
        (json!({ "working_percent": 0 }), "Percent of full time", 400),
        (json!({ "hours_per_week": 81 }), "Hours a week", 400),
        (json!({ "hours_per_week": 1.5 }), "Hours a week", 400),
        (
            json!({ "working_percent": 50, "hours_per_week": 10 }),
            "Percent of full time",
            422,
        ),
        (json!({}), "Percent of full time", 422),
    ] {
        let mut body = json!({
            "kind": "post", "employer": "X", "position": "Y", "start_date": "2010-01-01", "end_date": "2010-02-01",
        });
        body.as_object_mut()
            .unwrap()
            .extend(extent.as_object().unwrap().clone());
        let resp = send(&t, &token, reqwest::Method::POST, &add, Some(body)).await;
        assert_eq!(resp.status(), status);
        let e: Value = resp.json().await.unwrap();
        assert!(e["message"].as_str().unwrap().starts_with(field), "{e}");
    }
    let resp = send(
        &t,
        &token,
        reqwest::Method::POST,
        &add,
        Some(json!({
            "kind": "post", "employer": "X", "position": "Y", "start_date": "2010-03-01", "end_date": "2010-02-01", "working_percent": 10,
        })),
    )
    .await;
    assert_eq!(resp.status(), 422);

    // Only hers: her supervisor reads the overview but changes nothing; another's is not found.
    let supervisor = t.token("vejleder.hansen", PW).await;
    let theirs = t.token("laege.hu1", PW).await;
    let hu1 = t.user("laege.hu1").await.id().to_string();
    let resp = send(&t, &theirs, reqwest::Method::DELETE, &path, None).await;
    assert_eq!(resp.status(), 404);
    let secretariat = t.token("sekretariat.syd", PW).await;
    let read = overview(&t, &secretariat, &hu1).await;
    assert!(!own_ids(&read).is_empty(), "the demo's PhD of laege.hu1");
    let resp = send(
        &t,
        &supervisor,
        reqwest::Method::POST,
        &format!("/api/v1/trainees/{hu1}/employment-overview/employments"),
        Some(json!({
            "kind": "post", "employer": "X", "position": "Y", "start_date": "2010-01-01", "end_date": "2010-02-01", "working_percent": 10,
        })),
    )
    .await;
    assert_eq!(resp.status(), 403);

    // Removed; every change is in the trail.
    let resp = send(&t, &token, reqwest::Method::DELETE, &path, None).await;
    assert_eq!(resp.status(), 204);
    assert_eq!(own_ids(&overview(&t, &token, &me).await).len(), 1);
    assert_eq!(
        actions_of(&t, &ids[0]).await,
        vec![
            "overview.employment_added",
            "overview.employment_changed",
            "overview.employment_removed"
        ]
    );
}

async fn completing_names_the_revision_seen(db: TestDb) {
    let t = TestApp::with_demo(db, date("2026-11-26")).await;
    // laege.hu3 has added a post abroad and not marked the overview complete.
    let token = t.token("laege.hu3", PW).await;
    let me = t.user("laege.hu3").await.id().to_string();
    let v = overview(&t, &token, &me).await;
    assert!(v["completed_at"].is_null());
    let revision = v["revision"].as_i64().unwrap();
    let complete = format!("/api/v1/trainees/{me}/employment-overview/completion");

    // Not as of an older revision: she has not seen what changed since.
    let resp = send(
        &t,
        &token,
        reqwest::Method::PUT,
        &complete,
        Some(json!({ "revision": revision - 1 })),
    )
    .await;
    assert_eq!(resp.status(), 409);
    let e: Value = resp.json().await.unwrap();
    assert_eq!(e["error"], "overview_changed");

    let resp = send(
        &t,
        &token,
        reqwest::Method::PUT,
        &complete,
        // A whole number written as 7.0 is the same revision.
        Some(json!({ "revision": revision as f64 })),
    )
    .await;
    assert_eq!(resp.status(), 200);
    let done: Value = resp.json().await.unwrap();
    assert!(done["completed_at"].is_string(), "{done}");
    // Again: nothing changes.
    let resp = send(
        &t,
        &token,
        reqwest::Method::PUT,
        &complete,
        Some(json!({ "revision": revision })),
    )
    .await;
    assert_eq!(resp.status(), 200);
    assert_eq!(
        actions_of(&t, &me)
            .await
            .iter()
            .filter(|a| *a == "overview.completed")
            .count(),
        1
    );

    // Nobody else marks it.
    let supervisor = t.token("vejleder.hansen", PW).await;
    let hu1 = t.user("laege.hu1").await.id().to_string();
    let resp = send(
        &t,
        &supervisor,
        reqwest::Method::PUT,
        &format!("/api/v1/trainees/{hu1}/employment-overview/completion"),
        Some(json!({ "revision": 1 })),
    )
    .await;
    assert_eq!(resp.status(), 403);

    // A change opens it again, and the trail says so.
    let id = own_ids(&done)[0].clone();
    let resp = send(
        &t,
        &token,
        reqwest::Method::PUT,
        &format!("/api/v1/medical-employments/{id}"),
        Some(json!({
            "kind": "abroad", "employer": "Karolinska Universitetssjukhuset, Stockholm", "department": "Akutkliniken",
            "position": "Underläkare", "start_date": "2015-01-01", "end_date": "2015-06-30", "hours_per_week": 40,
        })),
    )
    .await;
    assert_eq!(resp.status(), 200);
    let after: Value = resp.json().await.unwrap();
    assert!(after["completed_at"].is_null());
    assert_eq!(after["revision"].as_i64(), Some(revision + 1));
    let mut conn = t.app.db.conn().await.unwrap();
    let details: String = sqlx::query_scalar(
        "SELECT details FROM audit_events WHERE subject_id = $1 AND action = 'overview.employment_changed'",
    )
    .bind(&id)
    .fetch_one(&mut *conn)
    .await
    .unwrap();
    assert!(details.contains("\"reopened\":true"), "{details}");
}

async fn the_pages_add_edit_and_complete(db: TestDb) {
    let t = TestApp::with_demo(db, date("2026-11-26")).await;
    let web = t.login("laege.hu5", PW).await;
    let logbook = t.text(&web, "/logbook").await;
    assert!(logbook.contains("href=\"/logbook/employment-overview\""));
    let page = t.text(&web, "/logbook/employment-overview").await;
    assert!(page.contains("Fra dit uddannelsesforløb") && page.contains("Ikke markeret som udfyldt"));
    let csrf = csrf_of(&page);
    let form = |start: &'static str, end: &'static str, extent: &'static str| {
        vec![
            ("csrf", csrf.clone()),
            ("kind", "research".to_owned()),
            ("employer", "Rigshospitalet".to_owned()),
            ("department", "Forskningsenheden".to_owned()),
            ("position", "Ph.d.-studerende".to_owned()),
            ("start_date", start.to_owned()),
            ("end_date", end.to_owned()),
            ("extent", extent.to_owned()),
            ("extent_unit", "hours".to_owned()),
        ]
    };
    let resp = web
        .post(t.url("/logbook/employment-overview"))
        .form(&form("2012-02-01", "2015-01-31", "37"))
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), 303);
    let page = t.text(&web, "/logbook/employment-overview?saved=1").await;
    assert!(page.contains("Ansættelsen er gemt.") && page.contains("37 timer om ugen"));

    // The same once more overlaps it: the form comes back with what was written and why.
    let resp = web
        .post(t.url("/logbook/employment-overview"))
        .form(&form("2014-01-01", "2014-12-31", "10"))
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), 422);
    let again = resp.text().await.unwrap();
    assert!(
        again.contains("overlapper med Rigshospitalet, Forskningsenheden"),
        "{again}"
    );
    assert!(again.contains("value=\"2014-01-01\""));

    // Edited on its own page.
    let edit = again
        .split("href=\"/logbook/employment-overview/")
        .nth(1)
        .and_then(|s| s.split('"').next())
        .unwrap()
        .to_owned();
    let edit_page = t.text(&web, &format!("/logbook/employment-overview/{edit}")).await;
    assert!(edit_page.contains("value=\"Ph.d.-studerende\""));
    let resp = web
        .post(t.url(&format!("/logbook/employment-overview/{edit}")))
        .form(&form("2012-02-01", "2014-12-31", "37"))
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), 303);

    // Marked complete with the revision the page showed.
    let page = t.text(&web, "/logbook/employment-overview").await;
    let revision = page
        .split("name=\"revision\" value=\"")
        .nth(1)
        .and_then(|s| s.split('"').next())
        .unwrap()
        .to_owned();
    let resp = web
        .post(t.url("/logbook/employment-overview/complete"))
        .form(&[("csrf", csrf.as_str()), ("revision", revision.as_str())])
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), 303);
    let page = t.text(&web, "/logbook/employment-overview?completed=1").await;
    assert!(page.contains("Markeret som udfyldt") && !page.contains("name=\"revision\""));

    // The secretariat of her region reads it, without forms.
    let me = t.user("laege.hu5").await.id().to_string();
    let secretariat = t.login("sekretariat.nord", PW).await;
    let theirs = t
        .text(&secretariat, &format!("/trainees/{me}/employment-overview"))
        .await;
    assert!(theirs.contains("Ph.d.-studerende") && !theirs.contains("<form method=\"post\" action=\"/logbook"));

    // Removed from the edit page.
    let resp = web
        .post(t.url(&format!("/logbook/employment-overview/{edit}/delete")))
        .form(&[("csrf", csrf.as_str())])
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), 303);
    let page = t.text(&web, "/logbook/employment-overview?removed=1").await;
    assert!(page.contains("Ansættelsen er fjernet.") && !page.contains("Ph.d.-studerende"));
}

dual_db_tests!(
    an_overlap_above_full_time_is_refused_and_named,
    completing_names_the_revision_seen,
    the_pages_add_edit_and_complete
);
