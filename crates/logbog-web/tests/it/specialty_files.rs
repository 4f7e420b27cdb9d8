//! Specialty-specific files on both databases: the specialty's course leader and the
//! secretariat publish a curriculum's forms, nobody else does; a new version replaces the
//! current one and both stay; a refused file leaves nothing; every signed-in user downloads a
//! form, unaudited (it is no one's logbook); trainees and their approvers find their
//! curricula's forms on one page, and the competency page links its card.

use logbog_testkit::{TestApp, TestDb, csrf_of, date, dual_db_tests, multipart};
use serde_json::Value;

const PW: &str = logbog_app::demo::DEMO_PASSWORD;

async fn curriculum(t: &TestApp, code: &str) -> String {
    let mut conn = t.app.db.conn().await.unwrap();
    sqlx::query_scalar("SELECT id FROM curricula WHERE code = $1")
        .bind(code)
        .fetch_one(&mut *conn)
        .await
        .unwrap()
}

async fn publish(t: &TestApp, token: &str, path: &str, fields: &[(&str, &str)], file: &[u8]) -> reqwest::Response {
    let (content_type, body) = multipart(fields, Some(("skema.pdf", file)));
    t.client()
        .post(t.url(path))
        .bearer_auth(token)
        .header("content-type", content_type)
        .body(body)
        .send()
        .await
        .unwrap()
}

async fn list(t: &TestApp, token: &str, curriculum: &str) -> Vec<Value> {
    let v = t
        .api_json(token, &format!("/api/v1/curricula/{curriculum}/specialty-files"))
        .await;
    v.as_array().unwrap().clone()
}

/// Objects in the store, and specialty-file rows.
async fn stored(t: &TestApp) -> (usize, i64) {
    use futures_util::StreamExt;
    let objects = t.app.files.list_older_than(i64::MAX).count().await;
    let mut conn = t.app.db.conn().await.unwrap();
    let rows: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM documents WHERE kind = 'specialty_file'")
        .fetch_one(&mut *conn)
        .await
        .unwrap();
    (objects, rows)
}

async fn publishers_publish_and_versions_replace(db: TestDb) {
    let t = TestApp::with_demo(db, date("2026-11-26")).await;
    let cardio = curriculum(&t, "kardiologi-hu").await;
    let kbu = curriculum(&t, "kbu").await;
    let leader = t.token("kursus.leder", PW).await;

    // The demo's: three cards (the first in two versions) and a checklist.
    let files = list(&t, &leader, &cardio).await;
    assert_eq!(files.len(), 4, "{files:?}");
    assert_eq!(
        files
            .iter()
            .filter(|f| f["earlier"].as_array().unwrap().len() == 1)
            .count(),
        1
    );
    let code = files
        .iter()
        .find(|f| f["form"] == "competency_card")
        .and_then(|f| f["competencies"][0].as_str())
        .unwrap()
        .to_owned();

    // A code the curriculum does not have is refused, and nothing of the file stays.
    let before = stored(&t).await;
    let pdf = logbog_files::check::samples::pdf("Kompetencekort");
    let path = format!("/api/v1/curricula/{cardio}/specialty-files");
    let resp = publish(&t, &leader, &path, &[("title", "Kort"), ("competencies", "ZZ99")], &pdf).await;
    assert_eq!(resp.status(), 422);
    let e: Value = resp.json().await.unwrap();
    assert_eq!(e["error"], "invalid_input", "{e}");
    // So is a file that is not a PDF or an image.
    let resp = publish(&t, &leader, &path, &[("title", "Kort")], b"just text, no form").await;
    assert_eq!(resp.status(), 422);
    assert_eq!(stored(&t).await, before);

    // Published, with its competency.
    let resp = publish(
        &t,
        &leader,
        &path,
        &[
            ("title", "Ny tjekliste"),
            ("kind", "checklist"),
            ("competencies", &code),
        ],
        &pdf,
    )
    .await;
    assert_eq!(resp.status(), 201);
    let made: Value = resp.json().await.unwrap();
    assert_eq!(
        (made["form"].as_str(), made["competencies"][0].as_str()),
        (Some("checklist"), Some(code.as_str()))
    );
    let first = made["document"]["id"].as_str().unwrap().to_owned();
    assert_eq!(stored(&t).await, (before.0 + 1, before.1 + 1));

    // A new version replaces it; the old one stays, downloadable; replacing the old is a 409.
    let v2 = logbog_files::check::samples::pdf("Ny tjekliste, version 2");
    let resp = publish(
        &t,
        &leader,
        &format!("/api/v1/specialty-files/{first}/versions"),
        &[("title", "Ny tjekliste (2. udgave)"), ("kind", "checklist")],
        &v2,
    )
    .await;
    assert_eq!(resp.status(), 201);
    let second: Value = resp.json().await.unwrap();
    assert_eq!(second["earlier"][0]["id"], first.as_str());
    assert_eq!(second["competencies"].as_array().unwrap().len(), 0);
    let resp = publish(
        &t,
        &leader,
        &format!("/api/v1/specialty-files/{first}/versions"),
        &[("title", "Igen")],
        &v2,
    )
    .await;
    assert_eq!(resp.status(), 409);
    assert_eq!(list(&t, &leader, &cardio).await.len(), 5);

    // Every signed-in user downloads a form, and no one's logbook shows it.
    let hu3 = t.token("laege.hu3", PW).await;
    let resp = t
        .client()
        .get(t.url(&format!("/api/v1/documents/{first}")))
        .bearer_auth(&hu3)
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), 200);
    assert_eq!(resp.bytes().await.unwrap().as_ref(), pdf.as_slice());
    let mut conn = t.app.db.conn().await.unwrap();
    let audited: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM audit_events WHERE subject_id = $1 AND (action = 'document.downloaded' OR trainee_id IS NOT NULL)",
    )
    .bind(&first)
    .fetch_one(&mut *conn)
    .await
    .unwrap();
    drop(conn);
    assert_eq!(audited, 0);

    // The course leader of cardiology publishes nothing for the foundation year, nor does a
    // trainee anywhere; the secretariat publishes for every curriculum.
    for (token, path) in [
        (&leader, format!("/api/v1/curricula/{kbu}/specialty-files")),
        (&hu3, path.clone()),
        (&hu3, format!("/api/v1/specialty-files/{first}/versions")),
    ] {
        let resp = publish(&t, token, &path, &[("title", "Kort")], &pdf).await;
        assert_eq!(resp.status(), 403, "{path}");
        let e: Value = resp.json().await.unwrap();
        assert_eq!(e["error"], "not_a_publisher", "{e}");
    }
    let nord = t.token("sekretariat.nord", PW).await;
    let path = format!("/api/v1/curricula/{kbu}/specialty-files");
    let resp = publish(
        &t,
        &nord,
        &path,
        &[("title", "Tjekliste KBU"), ("kind", "checklist")],
        &pdf,
    )
    .await;
    assert_eq!(resp.status(), 201);
    assert_eq!(stored(&t).await, (before.0 + 3, before.1 + 3));
    let resp = t
        .client()
        .get(t.url(&format!("/api/v1/curricula/{}/specialty-files", uuid::Uuid::now_v7())))
        .bearer_auth(&nord)
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), 404);

    // Withdrawing the new version makes the first current again; only a publisher withdraws.
    let second_id = second["document"]["id"].as_str().unwrap();
    let delete = |token: String| {
        let url = t.url(&format!("/api/v1/documents/{second_id}"));
        let client = t.client();
        async move { client.delete(url).bearer_auth(token).send().await.unwrap().status() }
    };
    assert_eq!(delete(hu3.clone()).await, 403);
    assert_eq!(delete(leader.clone()).await, 204);
    let files = list(&t, &leader, &cardio).await;
    assert!(files.iter().any(|f| f["document"]["id"] == first.as_str()), "{files:?}");
}

async fn the_page_shows_the_forms_of_ones_curricula(db: TestDb) {
    let t = TestApp::with_demo(db, date("2026-11-26")).await;
    let cardio = curriculum(&t, "kardiologi-hu").await;

    // The cardiology trainee, and her supervisor, find cardiology's forms on one page.
    for username in ["laege.hu1", "vejleder.hansen"] {
        let web = t.login(username, PW).await;
        let page = t.text(&web, "/specialty-files").await;
        assert!(page.contains("Tjekliste til fase 1"), "{username}: {page}");
        assert!(page.contains("(revideret)"), "{username}");
    }
    // The competency names its card: its page links the current version.
    let mut conn = t.app.db.conn().await.unwrap();
    let (competency, document): (String, String) = sqlx::query_as(
        "SELECT c.id, f.document_id FROM specialty_files f \
         JOIN specialty_file_competencies fc ON fc.document_id = f.document_id \
         JOIN curriculum_versions v ON v.curriculum_id = f.curriculum_id \
         JOIN competencies c ON c.curriculum_version_id = v.id AND c.code = fc.competency_code \
         JOIN documents d ON d.id = f.document_id \
         WHERE f.curriculum_id = $1 AND d.replaces_id IS NOT NULL",
    )
    .bind(&cardio)
    .fetch_one(&mut *conn)
    .await
    .unwrap();
    drop(conn);
    let web = t.login("laege.hu1", PW).await;
    let page = t.text(&web, &format!("/logbook/competencies/{competency}")).await;
    assert!(page.contains(&format!("/documents/{document}")), "{page}");

    // The course leader publishes from the curriculum's view; a refused form keeps its title.
    let leader = t.login("kursus.leder", PW).await;
    let page = t.text(&leader, &format!("/specialty-files?curriculum={cardio}")).await;
    assert!(page.contains("publish-heading"), "{page}");
    let csrf = csrf_of(&page);
    let (content_type, body) = multipart(
        &[("csrf", &csrf), ("title", "Logbogsskema"), ("competencies", "ZZ99")],
        Some(("skema.pdf", &logbog_files::check::samples::pdf("Skema"))),
    );
    let resp = leader
        .post(t.url(&format!("/specialty-files/curricula/{cardio}")))
        .header("content-type", content_type)
        .body(body)
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), 422);
    let html = resp.text().await.unwrap();
    assert!(
        html.contains("ZZ99") && html.contains("value=\"Logbogsskema\""),
        "{html}"
    );
    // The trainee has no form to publish with.
    let web = t.login("laege.hu1", PW).await;
    let page = t.text(&web, &format!("/specialty-files?curriculum={cardio}")).await;
    assert!(!page.contains("publish-heading"));
    // A malformed choice is a clear error, an unknown one not found.
    let resp = web.get(t.url("/specialty-files?curriculum=nope")).send().await.unwrap();
    assert_eq!(resp.status(), 400);
    let resp = web
        .get(t.url(&format!("/specialty-files?curriculum={}", uuid::Uuid::now_v7())))
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), 404);
}

dual_db_tests!(
    publishers_publish_and_versions_replace,
    the_page_shows_the_forms_of_ones_curricula
);
