//! Notes on both databases: a trainee's note is private until she shares it with a current
//! approver, who then reads it (never edits it) until the share or the access ends; sharing
//! with anyone else is refused; sharing and ending a share are in the audit trail; the pages
//! write, share and show notes, in the logbook and on the competency.

use logbog_testkit::{TestApp, TestDb, csrf_of, date, dual_db_tests};
use serde_json::{Value, json};

const PW: &str = logbog_app::demo::DEMO_PASSWORD;

async fn get(t: &TestApp, token: &str, path: &str) -> reqwest::Response {
    t.client().get(t.url(path)).bearer_auth(token).send().await.unwrap()
}

async fn json_of(t: &TestApp, token: &str, path: &str) -> Value {
    let resp = get(t, token, path).await;
    assert_eq!(resp.status(), 200, "GET {path}");
    resp.json().await.unwrap()
}

async fn send(t: &TestApp, token: &str, method: reqwest::Method, path: &str, body: Value) -> reqwest::Response {
    t.client()
        .request(method, t.url(path))
        .bearer_auth(token)
        .json(&body)
        .send()
        .await
        .unwrap()
}

fn ids_of(list: &Value) -> Vec<String> {
    list.as_array()
        .unwrap()
        .iter()
        .map(|n| n["id"].as_str().unwrap().to_owned())
        .collect()
}

async fn audit_actions(t: &TestApp, note: &str) -> Vec<String> {
    let mut conn = t.app.db.conn().await.unwrap();
    sqlx::query_scalar("SELECT action FROM audit_events WHERE subject_id = $1 ORDER BY seq")
        .bind(note)
        .fetch_all(&mut *conn)
        .await
        .unwrap()
}

async fn a_note_is_read_only_by_those_it_is_shared_with(db: TestDb) {
    let t = TestApp::with_demo(db, date("2026-11-26")).await;
    let token = t.token("laege.hu1", PW).await;
    let me = t.user("laege.hu1").await.id().to_string();
    let notes_path = format!("/api/v1/trainees/{me}/notes");
    let resp = send(
        &t,
        &token,
        reqwest::Method::POST,
        &notes_path,
        json!({ "written_on": "2026-11-25", "note": "Første selvstændige ekkokardiografi i dag." }),
    )
    .await;
    assert_eq!(resp.status(), 201);
    let note: Value = resp.json().await.unwrap();
    let id = note["id"].as_str().unwrap().to_owned();
    assert_eq!(note["shared_with"], json!([]));
    assert!(ids_of(&json_of(&t, &token, &notes_path).await).contains(&id));

    // Private: her supervisor does not see it, nor can he open it or change it.
    let supervisor = t.token("vejleder.hansen", PW).await;
    let hansen = t.user("vejleder.hansen").await.id().to_string();
    assert!(!ids_of(&json_of(&t, &supervisor, &notes_path).await).contains(&id));
    assert_eq!(get(&t, &supervisor, &format!("/api/v1/notes/{id}")).await.status(), 404);

    // Shared with him: he reads it, with only his share; still not his to change.
    let shares = format!("/api/v1/notes/{id}/shares");
    let resp = send(
        &t,
        &token,
        reqwest::Method::PUT,
        &shares,
        json!({ "shared_with": [hansen] }),
    )
    .await;
    assert_eq!(resp.status(), 200);
    let shared: Value = resp.json().await.unwrap();
    assert_eq!(shared["shared_with"][0]["person_id"], hansen.as_str());
    let his = json_of(&t, &supervisor, &notes_path).await;
    let seen = his.as_array().unwrap().iter().find(|n| n["id"] == id.as_str()).unwrap();
    assert_eq!(seen["note"], "Første selvstændige ekkokardiografi i dag.");
    let edit = json!({ "written_on": "2026-11-25", "note": "ændret" });
    let resp = send(
        &t,
        &supervisor,
        reqwest::Method::PUT,
        &format!("/api/v1/notes/{id}"),
        edit.clone(),
    )
    .await;
    assert_eq!(resp.status(), 404);
    let resp = send(
        &t,
        &supervisor,
        reqwest::Method::PUT,
        &shares,
        json!({ "shared_with": [] }),
    )
    .await;
    assert_eq!(resp.status(), 404);

    // Never with someone who is not her approver today: another trainee, the secretariat.
    let other = t.user("laege.kbu").await.id().to_string();
    let secretariat = t.user("sekretariat.nord").await.id().to_string();
    for nobody in [other, secretariat, me.clone()] {
        let resp = send(
            &t,
            &token,
            reqwest::Method::PUT,
            &shares,
            json!({ "shared_with": [hansen, nobody] }),
        )
        .await;
        assert_eq!(resp.status(), 422);
        let body: Value = resp.json().await.unwrap();
        assert_eq!(body["error"], "note_only_for_approvers", "{body}");
    }

    // Revoked: gone from his list at once.
    let resp = send(&t, &token, reqwest::Method::PUT, &shares, json!({ "shared_with": [] })).await;
    assert_eq!(resp.status(), 200);
    assert!(!ids_of(&json_of(&t, &supervisor, &notes_path).await).contains(&id));
    assert_eq!(
        audit_actions(&t, &id).await,
        vec!["note.shared".to_owned(), "note.unshared".to_owned()]
    );

    // Shared again, then his supervision ends: he reads it no more.
    send(
        &t,
        &token,
        reqwest::Method::PUT,
        &shares,
        json!({ "shared_with": [hansen] }),
    )
    .await;
    {
        let mut tx = t.app.db.begin().await.unwrap();
        sqlx::query("UPDATE supervisions SET valid_until = $1 WHERE supervisor_id = $2 AND trainee_id = $3")
            .bind("2026-11-25")
            .bind(&hansen)
            .bind(&me)
            .execute(&mut *tx)
            .await
            .unwrap();
        tx.commit().await.unwrap();
    }
    let resp = get(&t, &supervisor, &notes_path).await;
    let still = if resp.status() == 200 {
        ids_of(&resp.json().await.unwrap()).contains(&id)
    } else {
        false
    };
    assert!(!still, "an ended access hides what was shared");

    // Her edit keeps the share; her delete ends it, in the trail.
    let resp = send(&t, &token, reqwest::Method::PUT, &format!("/api/v1/notes/{id}"), edit).await;
    assert_eq!(resp.status(), 200);
    let edited: Value = resp.json().await.unwrap();
    assert_eq!(
        (edited["note"].as_str(), edited["shared_with"].as_array().unwrap().len()),
        (Some("ændret"), 1)
    );
    let resp = t
        .client()
        .delete(t.url(&format!("/api/v1/notes/{id}")))
        .bearer_auth(&token)
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), 204);
    assert_eq!(get(&t, &token, &format!("/api/v1/notes/{id}")).await.status(), 404);
    assert_eq!(
        audit_actions(&t, &id).await.last().map(String::as_str),
        Some("note.unshared")
    );
}

async fn a_bad_note_is_refused_by_its_field(db: TestDb) {
    let t = TestApp::with_demo(db, date("2026-11-26")).await;
    let token = t.token("laege.hu1", PW).await;
    let me = t.user("laege.hu1").await.id().to_string();
    let path = format!("/api/v1/trainees/{me}/notes");
    // A competency of nobody's curricula.
    let kbu_competency = "01a238a8-c081-7717-bfa3-98760af6e7a6";
    for (body, field) in [
        (json!({ "written_on": "2026-11-25", "note": "   " }), "Note"),
        (json!({ "written_on": "1980-01-01", "note": "x" }), "Day"),
        (
            json!({ "written_on": "2026-11-25", "note": "x", "competency": kbu_competency }),
            "Competency",
        ),
        (json!({ "written_on": "2026-11-25", "note": "x".repeat(2001) }), "Note"),
    ] {
        let resp = send(&t, &token, reqwest::Method::POST, &path, body.clone()).await;
        let status = resp.status();
        let e: Value = resp.json().await.unwrap();
        assert!(status == 422 || status == 400, "{status} {e}");
        assert_eq!(e["error"], "invalid_input", "{e}");
        assert!(e["message"].as_str().unwrap().starts_with(field), "{e}");
    }
    // Nobody writes in another's notes.
    let supervisor = t.token("vejleder.hansen", PW).await;
    let resp = send(
        &t,
        &supervisor,
        reqwest::Method::POST,
        &path,
        json!({ "written_on": "2026-11-25", "note": "x" }),
    )
    .await;
    assert_eq!(resp.status(), 403);
}

async fn the_pages_write_share_and_show_a_note(db: TestDb) {
    let t = TestApp::with_demo(db, date("2026-11-26")).await;
    let web = t.login("laege.hu1", PW).await;
    let page = t.text(&web, "/logbook/notes").await;
    assert!(
        page.contains("Skriv et notat") && page.contains("Delt med"),
        "the demo's notes: {page}"
    );
    let csrf = csrf_of(&page);
    let resp = web
        .post(t.url("/logbook/notes"))
        .form(&[
            ("csrf", csrf.as_str()),
            ("back", "/logbook/notes"),
            ("written_on", "2026-11-26"),
            ("competency", ""),
            ("note", "Stuegang alene på afsnit B4."),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), 303);
    let location = resp.headers()["location"].to_str().unwrap().to_owned();
    assert!(location.starts_with("/logbook/notes?saved=1#note-"), "{location}");
    let id = location.rsplit("#note-").next().unwrap().to_owned();
    let page = t.text(&web, &location).await;
    assert!(page.contains("Notatet er gemt.") && page.contains("Stuegang alene på afsnit B4."));

    // Shared through the page's checkbox with her supervisor; he finds it from her logbook.
    let hansen = t.user("vejleder.hansen").await.id().to_string();
    let resp = web
        .post(t.url(&format!("/logbook/notes/{id}/shares")))
        .form(&[
            ("csrf", csrf.as_str()),
            ("back", "/logbook/notes"),
            ("shared_with", hansen.as_str()),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), 303);
    let supervisor = t.login("vejleder.hansen", PW).await;
    let me = t.user("laege.hu1").await.id().to_string();
    let logbook = t.text(&supervisor, &format!("/trainees/{me}/logbook")).await;
    assert!(logbook.contains(&format!("/trainees/{me}/notes")));
    let shared = t.text(&supervisor, &format!("/trainees/{me}/notes")).await;
    assert!(
        shared.contains("Stuegang alene på afsnit B4.") && !shared.contains("Husk: tilmelding"),
        "the private demo note stays private"
    );
    assert!(!shared.contains("/shares"), "no sharing controls for the approver");

    // An empty note is refused by the form, with what was written kept.
    let resp = web
        .post(t.url("/logbook/notes"))
        .form(&[
            ("csrf", csrf.as_str()),
            ("back", "/logbook/notes"),
            ("written_on", "2026-11-26"),
            ("note", " "),
        ])
        .send()
        .await
        .unwrap();
    let status = resp.status();
    let page = resp.text().await.unwrap();
    assert_eq!(status, 400, "a missing text: {page}");
    assert!(page.contains("id=\"note-error\""));

    // The competency's page shows the notes about it, and writes one.
    let list = json_of(
        &t,
        &t.token("laege.hu1", PW).await,
        &format!("/api/v1/trainees/{me}/notes"),
    )
    .await;
    let about = list
        .as_array()
        .unwrap()
        .iter()
        .find_map(|n| n["competency"].as_str())
        .unwrap()
        .to_owned();
    let page = t.text(&web, &format!("/logbook/competencies/{about}")).await;
    assert!(page.contains("Dine notater om kompetencen") && page.contains("Gennemgik kompetencen"));
    let theirs = t
        .text(&supervisor, &format!("/trainees/{me}/competencies/{about}"))
        .await;
    assert!(theirs.contains("Notater delt med dig") && theirs.contains("Gennemgik kompetencen"));
}

dual_db_tests!(
    a_note_is_read_only_by_those_it_is_shared_with,
    a_bad_note_is_refused_by_its_field,
    the_pages_write_share_and_show_a_note
);
