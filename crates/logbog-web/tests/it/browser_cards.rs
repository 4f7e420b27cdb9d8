//! The competency-card journey in a real Chromium on a 360 px phone, axe on every page: the
//! trainee reports a competency ready from its page with her filled card attached in the
//! same form; her supervisor finds the card with the request in the work list, opens it (an
//! attachment), opens the competency from there and approves it on its page, on the card's
//! basis, and is back in the work list.

use crate::browser::Journey;
use fantoccini::Locator;
use logbog_testkit::browser::Browser;
use logbog_testkit::{TestApp, TestDb, date};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_card_goes_with_the_report_and_the_supervisor_approves_on_it() {
    let Some(b) = Browser::start(360).await else { return };
    let t = TestApp::with_demo(TestDb::sqlite().await, date("2026-11-26")).await;
    let dir = std::env::temp_dir().join(format!("logbog-browser-{}", uuid::Uuid::now_v7().simple()));
    std::fs::create_dir_all(&dir).unwrap();
    let pdf = dir.join("Kompetencekort udfyldt.pdf");
    std::fs::write(&pdf, logbog_files::check::samples::pdf("Kompetencekort, udfyldt")).unwrap();
    let hu1 = t.user("laege.hu1").await;
    let competency = t.not_started(&hu1).await[0];
    let hansen = t.person("vejleder.hansen").await;
    let mut j = Journey::new(&b, &t, "cards");

    // The trainee: choose the supervisor and the card, report ready — one form.
    j.login("laege.hu1").await;
    j.goto(&format!("/logbook/competencies/{competency}")).await;
    j.check("competency with the report form").await;
    j.click(&format!("#approver option[value='{hansen}:supervisor']")).await;
    b.client
        .find(Locator::Id("report-card"))
        .await
        .unwrap()
        .send_keys(&pdf.display().to_string())
        .await
        .unwrap();
    j.click("form.report-box button[type=submit]").await;
    j.wait_for_query("reported=1").await;
    let notice = j.text("p.notice.ok").await;
    assert!(notice.contains("klar"), "{notice}");
    let cards = j.text("ul.documents").await;
    assert!(cards.contains("Kompetencekort udfyldt.pdf"), "{cards}");
    j.check("reported with the card").await;
    j.logout().await;

    let mut conn = t.app.db.conn().await.unwrap();
    let card = logbog_db::documents::current_card(&mut conn, hu1.id(), competency)
        .await
        .unwrap()
        .expect("the card is recorded with the report");
    drop(conn);

    // The supervisor: the card is with the request; he opens it and approves.
    j.login("vejleder.hansen").await;
    j.goto("/worklist").await;
    j.check("work list with the card").await;
    let link = format!("a[href='/documents/{card}']");
    let got = b
        .client
        .execute(
            "const a = document.querySelector(arguments[0]); \
             return fetch(a.href).then(r => r.arrayBuffer().then(body => \
               [r.status, r.headers.get('content-disposition'), body.byteLength]));",
            vec![serde_json::json!(link)],
        )
        .await
        .unwrap();
    assert_eq!(got[0], 200, "{got}");
    assert!(got[1].as_str().unwrap().starts_with("attachment;"), "{got}");
    assert_eq!(
        got[2].as_u64().unwrap(),
        std::fs::metadata(&pdf).unwrap().len(),
        "{got}"
    );
    let item = b
        .client
        .find(Locator::XPath(&format!(
            "//li[contains(@class, 'work-item')][.//a[@href='/documents/{card}']]"
        )))
        .await
        .unwrap();
    // He opens the competency from the work list and approves it there.
    j.click_element(
        item.find(Locator::Css("a.detail[href*='/competencies/']"))
            .await
            .unwrap(),
    )
    .await;
    j.wait_for_query("/competencies/").await;
    let here = j.text("section.decide-here").await;
    assert!(here.contains("Venter på din godkendelse"), "{here}");
    j.check("the competency with the approve form").await;
    let options = b.client.find_all(Locator::Css("#decide-method option")).await.unwrap();
    if options.len() > 1 {
        options[1].click().await.unwrap();
    }
    j.click("section.decide-here form[action='/worklist/approve'] button[type=submit]")
        .await;
    j.wait_for_query("/worklist?approved=1").await;
    let notice = j.text(".notice.ok").await;
    assert!(notice.contains("Godkendt for"), "{notice}");
    j.check("approved").await;

    let mut conn = t.app.db.conn().await.unwrap();
    let basis: Option<String> =
        sqlx::query_scalar("SELECT basis_document_id FROM approvals WHERE item_id = $1 ORDER BY generation DESC")
            .bind(competency.to_string())
            .fetch_one(&mut *conn)
            .await
            .unwrap();
    assert_eq!(basis, Some(card.to_string()), "the approval rests on the card");
    drop(conn);
    std::fs::remove_dir_all(&dir).ok();
    b.close().await;
}
