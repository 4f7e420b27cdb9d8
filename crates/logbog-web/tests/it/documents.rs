//! Documents through the real app on both databases, on a folder and (with `LOGBOG_TEST_S3`)
//! on an S3 server: agreements uploaded, listed, downloaded, replaced and deleted; refused
//! files leave neither object nor row; downloads by others are in "who has seen my logbook";
//! the sweep removes what no row points to.

use logbog_files::check::samples;
use logbog_testkit::{TestApp, TestDb, csrf_of, date, dual_db_tests, multipart, upload_agreement};
use sha2::{Digest, Sha256};

const PW: &str = logbog_app::demo::DEMO_PASSWORD;
const TODAY: &str = "2026-11-26";

/// The demo's laege.hu1 (main training in cardiology, region Syd): person id and the main
/// programme's id.
async fn subject(t: &TestApp, token: &str) -> (String, String) {
    let me: serde_json::Value = t
        .client()
        .get(t.url("/api/v1/me"))
        .bearer_auth(token)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let person = me["person_id"].as_str().unwrap().to_owned();
    let programmes: serde_json::Value = t
        .client()
        .get(t.url(&format!("/api/v1/trainees/{person}/programmes")))
        .bearer_auth(token)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let main = programmes
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["kind"] == "main")
        .unwrap()["id"]
        .as_str()
        .unwrap()
        .to_owned();
    (person, main)
}

/// The agreements of the programme, as the API lists them.
async fn agreements(t: &TestApp, token: &str, me: &str, programme: &str) -> serde_json::Value {
    t.client()
        .get(t.url(&format!("/api/v1/trainees/{me}/programmes/{programme}/agreements")))
        .bearer_auth(token)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap()
}

/// What the store and the database hold of documents.
async fn stored(t: &TestApp) -> (usize, i64) {
    use futures_util::StreamExt;
    let objects = t.app.files.list_older_than(i64::MAX).count().await;
    let mut conn = t.app.db.conn().await.unwrap();
    let rows: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM documents WHERE kind = 'agreement'")
        .fetch_one(&mut *conn)
        .await
        .unwrap();
    (objects, rows)
}

async fn agreements_happy_path(t: &TestApp) {
    let token = t.token("laege.hu1", PW).await;
    let (me, programme) = subject(t, &token).await;
    let before = stored(t).await;
    let pdf = samples::pdf("Ansaettelses- og uddannelsesaftale");
    let resp = upload_agreement(
        t,
        &token,
        &me,
        &programme,
        &[("dated", "2024-08-15")],
        Some(("../../Aftale HU.PDF", &pdf)),
    )
    .await;
    assert_eq!(resp.status(), 201);
    let created: serde_json::Value = resp.json().await.unwrap();
    assert_eq!(created["kind"], "agreement");
    assert_eq!(
        created["document"]["file_name"], "Aftale HU.pdf",
        "a name is data, never a path"
    );
    assert_eq!(created["document"]["content_type"], "application/pdf");
    assert_eq!(created["document"]["sha256"], hex::encode(Sha256::digest(&pdf)));
    // An addendum names why it was made; without a reason a rule refuses it (422).
    let png = samples::png();
    let resp = upload_agreement(
        t,
        &token,
        &me,
        &programme,
        &[("kind", "addendum"), ("dated", "2026-02-01")],
        Some(("tillaeg.png", &png)),
    )
    .await;
    assert_eq!(resp.status(), 422);
    let resp = upload_agreement(
        t,
        &token,
        &me,
        &programme,
        &[("kind", "addendum"), ("reason", "leave"), ("dated", "2026-02-01")],
        Some(("tillaeg.png", &png)),
    )
    .await;
    assert_eq!(resp.status(), 201);
    let after = stored(t).await;
    assert_eq!(
        (after.0 - before.0, after.1 - before.1),
        (2, 2),
        "the refused addendum left nothing"
    );

    let list = agreements(t, &token, &me, &programme).await;
    let dated: Vec<&str> = list
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["dated"].as_str().unwrap())
        .collect();
    assert!(dated.windows(2).all(|w| w[0] <= w[1]), "in date order: {dated:?}");
    let href = created["document"]["href"].as_str().unwrap().to_owned();

    // The owner downloads: the same bytes, as an attachment, not sniffed.
    let resp = t.client().get(t.url(&href)).bearer_auth(&token).send().await.unwrap();
    assert_eq!(resp.status(), 200);
    assert_eq!(resp.headers()["content-type"], "application/pdf");
    assert_eq!(resp.headers()["x-content-type-options"], "nosniff");
    let disposition = resp.headers()["content-disposition"].to_str().unwrap().to_owned();
    assert!(
        disposition.starts_with("attachment; filename=\"Aftale HU.pdf\""),
        "{disposition}"
    );
    assert_eq!(resp.bytes().await.unwrap().as_ref(), pdf.as_slice());

    // Her supervisor downloads it: audited, and shown to her.
    let supervisor = t.token("vejleder.hansen", PW).await;
    let resp = t
        .client()
        .get(t.url(&href))
        .bearer_auth(&supervisor)
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), 200);
    assert_eq!(resp.bytes().await.unwrap().as_ref(), pdf.as_slice());
    let views: serde_json::Value = t
        .client()
        .get(t.url("/api/v1/me/logbook-views"))
        .bearer_auth(&token)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let first = &views.as_array().unwrap()[0];
    assert_eq!(first["page"], "document", "{first}");
    // Someone with no access learns nothing.
    let other = t.token("laege.kbu", PW).await;
    let resp = t.client().get(t.url(&href)).bearer_auth(&other).send().await.unwrap();
    assert_eq!(resp.status(), 404);
}

async fn a_trainee_uploads_agreements_and_her_supervisor_reads_them(db: TestDb) {
    let t = TestApp::with_demo(db, date(TODAY)).await;
    agreements_happy_path(&t).await;
}

/// The same on an S3-compatible server (skipped without `LOGBOG_TEST_S3`).
async fn the_same_on_an_s3_bucket(db: TestDb) {
    let Some(s3) = logbog_testkit::test_s3("agreements").await else {
        return;
    };
    let t = TestApp::start_with_files(db, date(TODAY), Default::default(), logbog_files::StoreConfig::S3(s3)).await;
    t.seed_demo().await;
    agreements_happy_path(&t).await;
}

async fn refused_files_leave_neither_object_nor_row(db: TestDb) {
    let t = TestApp::with_demo(db, date(TODAY)).await;
    let token = t.token("laege.hu1", PW).await;
    let (me, programme) = subject(&t, &token).await;
    let before = stored(&t).await;
    let mut active = samples::pdf("x");
    active.extend_from_slice(b"9 0 obj << /OpenAction << /S /JavaScript /JS (app.alert(1)) >> >> endobj\n%%EOF\n");
    let mut encrypted = samples::pdf("x");
    encrypted.extend_from_slice(b"trailer << /Encrypt 7 0 R >>\n%%EOF\n");
    let large = samples::large_pdf(25 * 1024 * 1024 + 1000);
    let cases: Vec<(&str, Vec<u8>, &str)> = vec![
        (
            "page.html",
            b"<!doctype html><script>alert(1)</script>".to_vec(),
            "PDF, PNG",
        ),
        ("aftale.pdf", active, "JavaScript"),
        ("aftale.pdf", encrypted, "password"),
        ("aftale.pdf", large, "25 MB"),
        ("aftale.pdf", Vec::new(), "empty"),
    ];
    for (name, bytes, says) in cases {
        let resp = upload_agreement(
            &t,
            &token,
            &me,
            &programme,
            &[("dated", "2024-08-15")],
            Some((name, &bytes)),
        )
        .await;
        assert_eq!(resp.status(), 422, "{says}");
        let body: serde_json::Value = resp.json().await.unwrap();
        assert_eq!(body["error"], "invalid_input");
        assert!(body["message"].as_str().unwrap().contains(says), "{body}");
    }
    // Broken forms are 400s: no file, a bad date, two files.
    let pdf = samples::pdf("x");
    let resp = upload_agreement(&t, &token, &me, &programme, &[("dated", "2024-08-15")], None).await;
    assert_eq!(resp.status(), 400);
    let resp = upload_agreement(&t, &token, &me, &programme, &[("dated", "15/8")], Some(("a.pdf", &pdf))).await;
    assert_eq!(resp.status(), 400);
    let (content_type, mut body) = multipart(&[("dated", "2024-08-15")], Some(("a.pdf", &pdf)));
    let (_, second) = multipart(&[], Some(("b.pdf", &pdf)));
    let boundary = content_type.rsplit('=').next().unwrap().to_owned();
    // Two file parts under one boundary: the second's own boundary replaced by the first's.
    let second = String::from_utf8_lossy(&second).to_string();
    let other = second.lines().next().unwrap().trim_start_matches("--").to_owned();
    let second = second.replace(&other, &boundary);
    let end = format!("--{boundary}--\r\n");
    body.truncate(body.len() - end.len());
    body.extend_from_slice(second.as_bytes());
    let resp = t
        .client()
        .post(t.url(&format!("/api/v1/trainees/{me}/programmes/{programme}/agreements")))
        .bearer_auth(&token)
        .header("content-type", content_type)
        .body(body)
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), 400);
    assert_eq!(stored(&t).await, before, "nothing of a refused upload is kept");
}

async fn replacing_keeps_the_history_and_a_basis_is_never_deleted(db: TestDb) {
    let t = TestApp::with_demo(db, date(TODAY)).await;
    let token = t.token("laege.hu1", PW).await;
    let (me, programme) = subject(&t, &token).await;
    let first: serde_json::Value = upload_agreement(
        &t,
        &token,
        &me,
        &programme,
        &[("dated", "2024-08-15")],
        Some(("v1.pdf", &samples::pdf("v1"))),
    )
    .await
    .json()
    .await
    .unwrap();
    let first_id = first["document"]["id"].as_str().unwrap().to_owned();
    let second = upload_agreement(
        &t,
        &token,
        &me,
        &programme,
        &[("dated", "2024-08-16"), ("replaces", &first_id)],
        Some(("v2.pdf", &samples::pdf("v2"))),
    )
    .await;
    assert_eq!(second.status(), 201);
    let second: serde_json::Value = second.json().await.unwrap();
    assert_eq!(second["earlier"][0]["id"], first_id.as_str());
    // Replacing the replaced version again is refused: the newer one is current.
    let again = upload_agreement(
        &t,
        &token,
        &me,
        &programme,
        &[("dated", "2024-08-16"), ("replaces", &first_id)],
        Some(("v3.pdf", &samples::pdf("v3"))),
    )
    .await;
    assert_eq!(again.status(), 409);
    let second_id = second["document"]["id"].as_str().unwrap().to_owned();
    let delete = |id: String| {
        let t = &t;
        let token = token.clone();
        async move {
            t.client()
                .delete(t.url(&format!("/api/v1/documents/{id}")))
                .bearer_auth(token)
                .send()
                .await
                .unwrap()
                .status()
        }
    };
    // A supervisor may read but not delete.
    let supervisor = t.token("vejleder.hansen", PW).await;
    let resp = t
        .client()
        .delete(t.url(&format!("/api/v1/documents/{second_id}")))
        .bearer_auth(&supervisor)
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), 403);
    assert_eq!(delete(second_id.clone()).await, 204);
    assert_eq!(delete(second_id.clone()).await, 404);
    let list = agreements(&t, &token, &me, &programme).await;
    let current: Vec<&str> = list
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["document"]["id"].as_str().unwrap())
        .collect();
    assert!(
        current.contains(&first_id.as_str()),
        "the replaced version is current again"
    );

    // An approval that rests on the document: it can no longer be deleted.
    let mut conn = t.app.db.conn().await.unwrap();
    sqlx::query("UPDATE approvals SET basis_document_id = $1 WHERE id = (SELECT MIN(id) FROM approvals)")
        .bind(&first_id)
        .execute(&mut *conn)
        .await
        .unwrap();
    drop(conn);
    let resp = t
        .client()
        .delete(t.url(&format!("/api/v1/documents/{first_id}")))
        .bearer_auth(&token)
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), 409);
    let body: serde_json::Value = resp.json().await.unwrap();
    assert_eq!(body["error"], "document_is_basis");
}

async fn the_quota_refuses_with_what_is_used(db: TestDb) {
    // Room for the demo's own documents and one of these, not two.
    let pdf = samples::large_pdf(150 * 1024);
    let config = logbog_app::AppConfig {
        documents_quota: 200 * 1024,
        ..Default::default()
    };
    let t = TestApp::start_configured(db, date(TODAY), Default::default(), TestApp::temp_files(), config).await;
    t.seed_demo().await;
    let token = t.token("laege.hu1", PW).await;
    let (me, programme) = subject(&t, &token).await;
    let before = stored(&t).await.0;
    let ok = upload_agreement(
        &t,
        &token,
        &me,
        &programme,
        &[("dated", "2024-08-15")],
        Some(("a.pdf", &pdf)),
    )
    .await;
    assert_eq!(ok.status(), 201);
    let full = upload_agreement(
        &t,
        &token,
        &me,
        &programme,
        &[("dated", "2024-08-15")],
        Some(("b.pdf", &pdf)),
    )
    .await;
    assert_eq!(full.status(), 422);
    let body: serde_json::Value = full.json().await.unwrap();
    assert!(body["message"].as_str().unwrap().contains("Delete some"), "{body}");
    assert_eq!(stored(&t).await.0, before + 1);
}

async fn the_sweep_removes_what_no_row_points_to(db: TestDb) {
    let t = TestApp::with_demo(db, date(TODAY)).await;
    let token = t.token("laege.hu1", PW).await;
    let (me, programme) = subject(&t, &token).await;
    let kept = upload_agreement(
        &t,
        &token,
        &me,
        &programme,
        &[("dated", "2024-08-15")],
        Some(("a.pdf", &samples::pdf("kept"))),
    )
    .await;
    assert_eq!(kept.status(), 201);
    // An object whose row never committed (a crash between the two).
    let body = futures_util::stream::iter(vec![Ok::<_, std::io::Error>(bytes::Bytes::from(samples::png()))]);
    t.app.files.put_checked(body, 1 << 20).await.unwrap();
    let before = stored(&t).await.0;
    // Within the grace period nothing goes: it may be an upload about to commit.
    let young = logbog_app::documents::sweep(&t.app, chrono::Duration::hours(1))
        .await
        .unwrap();
    assert_eq!(young.removed, 0);
    let swept = logbog_app::documents::sweep(&t.app, chrono::Duration::hours(-1))
        .await
        .unwrap();
    assert_eq!(swept.removed, 1);
    assert_eq!(stored(&t).await.0, before - 1);
    // The recorded document is still there.
    let href = kept_href(&t, &token, &me, &programme).await;
    let resp = t.client().get(t.url(&href)).bearer_auth(&token).send().await.unwrap();
    assert_eq!(resp.status(), 200);
}

async fn kept_href(t: &TestApp, token: &str, me: &str, programme: &str) -> String {
    let list = agreements(t, token, me, programme).await;
    list[0]["document"]["href"].as_str().unwrap().to_owned()
}

/// The page: the trainee uploads through the form (its CSRF token the first part), sees the
/// file listed; a refused file shows the page again with the reason, in Danish.
async fn the_programme_page_uploads_and_explains_refusals(db: TestDb) {
    let t = TestApp::with_demo(db, date(TODAY)).await;
    let token = t.token("laege.hu1", PW).await;
    let (me, programme) = subject(&t, &token).await;
    let client = t.login("laege.hu1", PW).await;
    let logbook = t.text(&client, &format!("/logbook?programme={programme}")).await;
    assert!(logbook.contains(&format!("/logbook/programmes/{programme}")));
    let page = t.text(&client, &format!("/logbook/programmes/{programme}")).await;
    assert!(page.contains("enctype=\"multipart/form-data\""));
    let csrf = csrf_of(&page);
    let post = |fields: Vec<(&'static str, String)>, file: (&'static str, Vec<u8>)| {
        let client = client.clone();
        let url = t.url(&format!("/trainees/{me}/programmes/{programme}/agreements"));
        async move {
            let fields: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (*k, v.as_str())).collect();
            let (content_type, body) = multipart(&fields, Some((file.0, &file.1)));
            client
                .post(url)
                .header("content-type", content_type)
                .body(body)
                .send()
                .await
                .unwrap()
        }
    };
    let back = format!("/logbook/programmes/{programme}");
    let resp = post(
        vec![
            ("csrf", csrf.clone()),
            ("back", back.clone()),
            ("kind", "agreement".into()),
            ("dated", "2024-08-15".into()),
        ],
        ("Min aftale.pdf", samples::pdf("x")),
    )
    .await;
    assert_eq!(resp.status(), 303);
    let location = resp.headers()["location"].to_str().unwrap().to_owned();
    assert_eq!(location, format!("{back}?uploaded=1"));
    let page = t.text(&client, &location).await;
    assert!(page.contains("Min aftale.pdf") && page.contains("Dokumentet er uploadet."));
    let resp = post(
        vec![
            ("csrf", csrf.clone()),
            ("back", back.clone()),
            ("dated", "2024-08-15".into()),
        ],
        ("virus.exe", b"MZ\x90\x00".to_vec()),
    )
    .await;
    assert_eq!(resp.status(), 422);
    let page = resp.text().await.unwrap();
    assert!(
        page.contains("upload en PDF-, PNG- eller JPEG-fil"),
        "the reason, in Danish"
    );
    assert!(page.contains("value=\"2024-08-15\""), "the form keeps what was typed");
    // Without the CSRF token first, nothing is read.
    let resp = post(vec![("dated", "2024-08-15".into())], ("a.pdf", samples::pdf("x"))).await;
    assert_eq!(resp.status(), 403);
}

dual_db_tests!(
    a_trainee_uploads_agreements_and_her_supervisor_reads_them,
    the_same_on_an_s3_bucket,
    refused_files_leave_neither_object_nor_row,
    replacing_keeps_the_history_and_a_basis_is_never_deleted,
    the_quota_refuses_with_what_is_used,
    the_sweep_removes_what_no_row_points_to,
    the_programme_page_uploads_and_explains_refusals,
);
