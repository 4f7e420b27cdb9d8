//! General practice qualification cards confirmed by a hospital department (DOMAIN §6, §10),
//! and reporting a competency ready from its page with the card attached, on both databases.
//! The general practice case is built from builders alone: a trainee in phase 1 at an
//! emergency department, its supervisor and training lead, and the practice she moves to.

use futures_util::StreamExt;
use logbog_domain::{PostgraduateRegion::Oest, ProgrammeKind, Role, SiteKind};
use logbog_files::check::samples;
use logbog_testkit::builders::{self, PASSWORD};
use logbog_testkit::{TestApp, TestDb, csrf_of, date, dual_db_tests, multipart};

const PW: &str = logbog_app::demo::DEMO_PASSWORD;

struct Gp {
    t: TestApp,
    trainee: String,
    competencies: Vec<String>,
}

async fn general_practice(db: TestDb) -> Gp {
    let t = TestApp::start(db, date("2026-11-26")).await;
    let (version, comps) = builders::curriculum(
        &t.app,
        "almen-test",
        ProgrammeKind::Main,
        "almen-medicin",
        date("2020-01-01"),
        3,
    )
    .await;
    let akut = builders::site(&t.app, "Akutafdelingen", SiteKind::Department, Oest).await;
    let practice = builders::site(&t.app, "Lægehuset i Roskilde", SiteKind::GeneralPractice, Oest).await;
    let trainee = builders::account(&t.app, "ida", Role::Trainee, None, date("2026-09-01")).await;
    let from = date("2020-01-01");
    let akut_scope = akut.to_string();
    let supervisor = builders::account(&t.app, "mette", Role::Supervisor, Some(&akut_scope), from).await;
    let lead = builders::account(&t.app, "lars", Role::TrainingLead, Some(&akut_scope), from).await;
    builders::account(&t.app, "tove", Role::Tutor, Some(&practice.to_string()), from).await;
    let programme = builders::programme(
        &t.app,
        trainee,
        ProgrammeKind::Main,
        Oest,
        version,
        (date("2026-09-01"), date("2031-02-28")),
    )
    .await;
    let at_akut = (date("2026-09-01"), date("2027-02-28"));
    builders::employment(&t.app, programme, akut, version, at_akut).await;
    let at_practice = (date("2027-03-01"), date("2027-08-31"));
    builders::employment(&t.app, programme, practice, version, at_practice).await;
    builders::supervision(&t.app, supervisor, trainee, akut, lead, (date("2026-09-01"), None)).await;
    Gp {
        t,
        trainee: trainee.to_string(),
        competencies: comps.iter().map(|c| c.to_string()).collect(),
    }
}

async fn post_card(t: &TestApp, token: &str, path: &str, fields: &[(&str, &str)]) -> serde_json::Value {
    let (content_type, body) = multipart(
        fields,
        Some(("kvalifikationskort.pdf", &samples::pdf("Kvalifikationskort"))),
    );
    let resp = t
        .client()
        .post(t.url(path))
        .bearer_auth(token)
        .header("content-type", content_type)
        .body(body)
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), 201);
    resp.json().await.unwrap()
}

async fn confirm(t: &TestApp, token: &str, card: &str) -> reqwest::Response {
    t.client()
        .post(t.url(&format!("/api/v1/documents/{card}/confirmation")))
        .bearer_auth(token)
        .send()
        .await
        .unwrap()
}

async fn code_of(resp: reqwest::Response) -> (u16, String) {
    let status = resp.status().as_u16();
    let body: serde_json::Value = resp.json().await.unwrap();
    (status, body["error"].as_str().unwrap_or_default().to_owned())
}

/// The department's supervisor confirms on the page, once; the training lead confirms the
/// next version over the API; the tutor, the trainee and a stranger may not; a confirmed card
/// is replaced, never deleted; the tutor sees in the work list which department vouched.
async fn a_hospital_department_confirms_a_qualification_card(db: TestDb) {
    let Gp {
        t,
        trainee,
        competencies,
    } = general_practice(db).await;
    let competency = &competencies[0];
    let ida = t.token("ida", PASSWORD).await;
    let cards_path = format!("/api/v1/trainees/{trainee}/competencies/{competency}/cards");
    let card = post_card(&t, &ida, &cards_path, &[]).await;
    let card_id = card["document"]["id"].as_str().unwrap().to_owned();
    assert!(card["confirmation"].is_null() && card["confirmable"] == false);

    // The supervisor sees the card and the button on the competency page, and confirms.
    let mette = t.token("mette", PASSWORD).await;
    let listed = t.api_json(&mette, &cards_path).await;
    assert_eq!(listed[0]["confirmable"], true);
    let web = t.login("mette", PASSWORD).await;
    let page_path = format!("/trainees/{trainee}/competencies/{competency}");
    let page = t.text(&web, &page_path).await;
    let action = format!("/documents/{card_id}/confirmation");
    assert!(page.contains(&action), "the page offers the confirmation");
    let resp = web
        .post(t.url(&action))
        .form(&[("csrf", csrf_of(&page)), ("back", page_path.clone())])
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), 303);
    assert_eq!(resp.headers()["location"], format!("{page_path}?confirmed=1").as_str());
    let page = t.text(&web, &format!("{page_path}?confirmed=1")).await;
    assert!(page.contains("Kvalifikationskortet er bekræftet"), "the notice");
    assert!(
        page.contains("Bekræftet af Test mette (Vejleder, Akutafdelingen)"),
        "who, in which role, for which department"
    );
    assert!(!page.contains(&action), "no second confirmation offered");

    // Once per card: the training lead is refused for this version.
    let lars = t.token("lars", PASSWORD).await;
    assert_eq!(
        code_of(confirm(&t, &lars, &card_id).await).await,
        (409, "already_confirmed".into())
    );
    // Nobody confirms her own card; a stranger learns nothing.
    assert_eq!(
        code_of(confirm(&t, &ida, &card_id).await).await,
        (403, "own_item".into())
    );
    let tove = t.token("tove", PASSWORD).await;
    assert_eq!(
        code_of(confirm(&t, &tove, &card_id).await).await.0,
        404,
        "the tutor has no access yet"
    );

    // A confirmed card stands: replaced, never deleted.
    let resp = t
        .client()
        .delete(t.url(&format!("/api/v1/documents/{card_id}")))
        .bearer_auth(&ida)
        .send()
        .await
        .unwrap();
    assert_eq!(code_of(resp).await, (409, "document_is_basis".into()));
    let own_page = t.login("ida", PASSWORD).await;
    let mine = t.text(&own_page, &format!("/logbook/competencies/{competency}")).await;
    assert!(mine.contains("Bekræftet af") && !mine.contains(&format!("/documents/{card_id}/delete")));
    let next = post_card(&t, &ida, &cards_path, &[("replaces", &card_id)]).await;
    let next_id = next["document"]["id"].as_str().unwrap().to_owned();
    assert!(next["confirmation"].is_null(), "a new version is confirmed anew");
    // The replaced version cannot be confirmed any more; the new one by the training lead.
    assert_eq!(code_of(confirm(&t, &lars, &card_id).await).await.0, 409);
    let resp = confirm(&t, &lars, &next_id).await;
    assert_eq!(resp.status(), 201);
    let confirmed: serde_json::Value = resp.json().await.unwrap();
    assert_eq!(confirmed["role"], "training_lead");
    assert_eq!(confirmed["site_name"], "Akutafdelingen");

    // In the practice, the tutor approves on the card and sees who vouched for it.
    t.clock.set_date(date("2027-03-10"));
    let (ida, tove, mette) = (
        t.token("ida", PASSWORD).await,
        t.token("tove", PASSWORD).await,
        t.token("mette", PASSWORD).await,
    );
    let tove_id = t.api_json(&tove, "/api/v1/me").await["person_id"]
        .as_str()
        .unwrap()
        .to_owned();
    let resp = t
        .client()
        .post(t.url(&format!("/api/v1/trainees/{trainee}/requests")))
        .bearer_auth(&ida)
        .json(&serde_json::json!({ "competencies": [competency], "approver": tove_id, "approver_role": "tutor" }))
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), 201);
    let work = t.api_json(&tove, "/api/v1/worklist").await;
    let item = &work.as_array().unwrap()[0];
    assert_eq!(item["card_confirmation"]["site_name"], "Akutafdelingen");
    let tutor_web = t.login("tove", PASSWORD).await;
    let list = t.text(&tutor_web, "/worklist").await;
    assert!(
        list.contains("Bekræftet af Test lars (Uddannelsesansvarlig overlæge, Akutafdelingen)"),
        "{list}"
    );
    // The department's access ended with the employment: no more confirmations from there.
    let resp = t
        .client()
        .get(t.url(&cards_path))
        .bearer_auth(&mette)
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), 403, "the supervisor no longer sees her logbook");

    let mut conn = t.app.db.conn().await.unwrap();
    let audited: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM audit_events WHERE action = 'document.card_confirmed'")
        .fetch_one(&mut *conn)
        .await
        .unwrap();
    assert_eq!(audited, 2, "each confirmation is in the audit trail");
}

/// What the store and the database hold of cards.
async fn stored_cards(t: &TestApp) -> (usize, i64, i64) {
    let objects = t.app.files.list_older_than(i64::MAX).count().await;
    let mut conn = t.app.db.conn().await.unwrap();
    let rows: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM documents WHERE kind = 'competency_card'")
        .fetch_one(&mut *conn)
        .await
        .unwrap();
    let requests: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM approval_requests")
        .fetch_one(&mut *conn)
        .await
        .unwrap();
    (objects, rows, requests)
}

/// From the competency page the trainee reports ready with the filled card in one form: the
/// card and the request are recorded together; a refused report keeps neither the file nor a
/// row and shows what she wrote; without a file chosen it is a plain report.
async fn reporting_ready_attaches_the_card(db: TestDb) {
    let t = TestApp::with_demo(db, date("2026-11-26")).await;
    let hu1 = t.user("laege.hu1").await;
    let free = t.not_started(&hu1).await;
    let hansen = t.person("vejleder.hansen").await;
    let web = t.login("laege.hu1", PW).await;
    let page_path = format!("/logbook/competencies/{}", free[0]);
    let page = t.text(&web, &page_path).await;
    let action = format!("{page_path}/report");
    assert!(page.contains(&format!("action=\"{action}\"")) && page.contains("id=\"report-card\""));
    let csrf = csrf_of(&page);
    let approver = format!("{hansen}:supervisor");
    let post = |path: String, approver: String, file: Option<(&'static str, Vec<u8>)>| {
        let fields = [
            ("csrf", csrf.as_str()),
            ("approver", approver.as_str()),
            ("message", "Kortet er udfyldt"),
        ];
        let (content_type, body) = multipart(&fields, file.as_ref().map(|(n, b)| (*n, b.as_slice())));
        web.post(t.url(&path))
            .header("content-type", content_type)
            .body(body)
            .send()
    };

    // Refused (not a current approver): the page again with why and her message; nothing kept.
    let before = stored_cards(&t).await;
    let stranger = format!("{}:supervisor", t.person("uao.anaestesi").await);
    let resp = post(action.clone(), stranger, Some(("kort.pdf", samples::pdf("kort"))))
        .await
        .unwrap();
    assert_eq!(resp.status(), 422);
    let page = resp.text().await.unwrap();
    assert!(
        page.contains("id=\"report-error\"") && page.contains("Kortet er udfyldt"),
        "{page}"
    );
    assert_eq!(
        stored_cards(&t).await,
        before,
        "neither the file nor a row nor a request"
    );

    // Accepted: one card, one request, and the work list links that card.
    let resp = post(
        action.clone(),
        approver.clone(),
        Some(("kort.pdf", samples::pdf("kort"))),
    )
    .await
    .unwrap();
    assert_eq!(resp.status(), 303);
    assert_eq!(
        resp.headers()["location"],
        format!("{page_path}?reported=1#report-done").as_str()
    );
    let (objects, rows, requests) = stored_cards(&t).await;
    assert_eq!((objects, rows, requests), (before.0 + 1, before.1 + 1, before.2 + 1));
    let page = t.text(&web, &format!("{page_path}?reported=1")).await;
    assert!(page.contains("kort.pdf"), "the card is on the competency");
    let mut conn = t.app.db.conn().await.unwrap();
    let card = logbog_db::documents::current_card(&mut conn, hu1.id(), free[0])
        .await
        .unwrap()
        .unwrap();
    drop(conn);
    let supervisor = t.login("vejleder.hansen", PW).await;
    let list = t.text(&supervisor, "/worklist").await;
    assert!(
        list.contains(&format!("/documents/{card}")),
        "the approver sees the card"
    );

    // No file chosen (a browser's empty part): a plain report of another competency.
    let other = format!("/logbook/competencies/{}/report", free[1]);
    let resp = post(other, approver, Some(("", Vec::new()))).await.unwrap();
    assert_eq!(resp.status(), 303);
    let after = stored_cards(&t).await;
    assert_eq!((after.0, after.1, after.2), (objects, rows, requests + 1));
}

/// In the demo, laege.hu3's qualification card from the emergency department waits with her
/// request in the tutor's work list, confirmed by the department's supervisor.
async fn the_demo_tutor_sees_which_department_vouched(db: TestDb) {
    let t = TestApp::with_demo(db, date("2026-11-26")).await;
    let tutor = t.login("tutor.praksis", PW).await;
    let list = t.text(&tutor, "/worklist").await;
    assert!(
        list.contains("Kvalifikationskort-akutafdelingen.pdf")
            && list.contains("(Vejleder, Akutafdelingen)")
            && list.contains("Bekræftet af"),
        "{list}"
    );
}

dual_db_tests!(
    a_hospital_department_confirms_a_qualification_card,
    reporting_ready_attaches_the_card,
    the_demo_tutor_sees_which_department_vouched
);
