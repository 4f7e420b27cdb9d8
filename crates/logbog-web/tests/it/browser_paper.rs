//! The paper time attestation and the overview of medical employment in a real Chromium, axe
//! on every page: the secretariat returns the paper waiting in its work list; the trainee
//! uploads a better one on the employment's page; the secretariat approves it and the
//! trainee's employment shows the time approved. The trainee adds a post abroad to her overview
//! on a 360 px phone, is told of an overlap, and marks the overview complete.

use crate::browser::Journey;
use fantoccini::Locator;
use logbog_testkit::browser::Browser;
use logbog_testkit::{TestApp, TestDb, date};

async fn type_into(j: &Journey<'_>, id: &str, text: &str) {
    let field =
        j.b.client
            .find(Locator::Id(id))
            .await
            .unwrap_or_else(|e| panic!("{id}: {e}"));
    field.clear().await.unwrap();
    field.send_keys(text).await.unwrap();
}

async fn set_value(j: &Journey<'_>, id: &str, value: &str) {
    // Set directly: a date picker's typing depends on the browser's locale.
    j.b.client
        .execute(&format!("document.getElementById('{id}').value = '{value}';"), vec![])
        .await
        .unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_secretariat_returns_and_approves_a_paper_attestation() {
    let Some(b) = Browser::start(1280).await else { return };
    let t = TestApp::with_demo(TestDb::sqlite().await, date("2026-11-26")).await;
    let dir = std::env::temp_dir().join(format!("logbog-browser-{}", uuid::Uuid::now_v7().simple()));
    std::fs::create_dir_all(&dir).unwrap();
    let pdf = dir.join("Attestation med underskrift.pdf");
    std::fs::write(&pdf, logbog_files::check::samples::pdf("Attestation")).unwrap();
    let mut j = Journey::new(&b, &t, "paper");

    j.login("sekretariat.nord").await;
    j.click("a[href='/paper-attestations']").await;
    j.wait_for_query("/paper-attestations").await;
    let list = j.text("main").await;
    assert!(
        list.contains("Camilla Nørgaard") && list.contains("Attestation for tid.pdf"),
        "{list}"
    );
    j.check("the secretariat's paper work list").await;
    let employment_href =
        j.b.client
            .find(Locator::Css("main article p a[href*='/employments/']"))
            .await
            .unwrap()
            .attr("href")
            .await
            .unwrap()
            .unwrap();
    let textarea = j.b.client.find(Locator::Css("textarea[id^='return-']")).await.unwrap();
    textarea.send_keys("Underskriften mangler").await.unwrap();
    j.click("main article form:nth-of-type(2) button[type=submit]").await;
    j.wait_for_query("returned=1").await;
    assert!(j.text(".notice.ok").await.contains("sendt retur"));
    j.check("returned").await;
    j.logout().await;

    // The trainee reads why, and uploads a better one on the employment's page.
    let employment = employment_href.rsplit('/').next().unwrap().to_owned();
    j.login("laege.hu5").await;
    j.goto(&format!("/logbook/employments/{employment}")).await;
    let section = j.text("section[aria-labelledby='paper-heading']").await;
    assert!(
        section.contains("Sendt retur") && section.contains("Underskriften mangler"),
        "{section}"
    );
    j.check("the employment with a returned paper").await;
    j.b.client
        .find(Locator::Id("paper-file"))
        .await
        .unwrap()
        .send_keys(&pdf.display().to_string())
        .await
        .unwrap();
    type_into(&j, "paper-message", "Nu med underskrift").await;
    j.click("form[enctype='multipart/form-data'] button[type=submit]").await;
    j.wait_for_query("paper=1").await;
    assert!(
        j.text("section[aria-labelledby='paper-heading']")
            .await
            .contains("Afventer sekretariatet")
    );
    j.check("paper sent again").await;
    j.logout().await;

    // The secretariat approves it from the work list; the time counts as approved.
    j.login("sekretariat.nord").await;
    j.goto("/paper-attestations").await;
    assert!(j.text("main").await.contains("Attestation med underskrift.pdf"));
    j.click("main article form:nth-of-type(1) button[type=submit]").await;
    j.wait_for_query("approved=1").await;
    j.check("approved").await;
    j.logout().await;
    j.login("laege.hu5").await;
    j.goto(&format!("/logbook/employments/{employment}")).await;
    let time = j.text("section[aria-labelledby='time-heading']").await;
    assert!(time.contains("Godkendt"), "{time}");
    b.close().await;
    std::fs::remove_dir_all(&dir).ok();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_overview_is_filled_in_on_a_phone() {
    let Some(b) = Browser::start(360).await else { return };
    let t = TestApp::with_demo(TestDb::sqlite().await, date("2026-11-26")).await;
    let mut j = Journey::new(&b, &t, "overview-phone");
    j.login("laege.hu5").await;
    j.goto("/logbook").await;
    j.click("a[href='/logbook/employment-overview']").await;
    j.wait_for_query("/logbook/employment-overview").await;
    j.check("the overview on a phone").await;
    fill_post_abroad(&j, "2019-01-01", "2019-12-31").await;
    j.click("form[aria-labelledby='overview-add-heading'] button[type=submit]")
        .await;
    j.wait_for_query("saved=1").await;
    assert!(j.text("main").await.contains("Oslo universitetssykehus"));
    j.check("an employment added").await;

    // The same year again at 37 hours overlaps it: refused, naming it, with what was typed.
    fill_post_abroad(&j, "2019-06-01", "2019-08-31").await;
    j.click("form[aria-labelledby='overview-add-heading'] button[type=submit]")
        .await;
    let error = j.text("#overview-error").await;
    assert!(error.contains("overlapper med Oslo universitetssykehus"), "{error}");
    j.check("an overlap refused").await;

    j.goto("/logbook/employment-overview").await;
    j.click("form[action='/logbook/employment-overview/complete'] button[type=submit]")
        .await;
    j.wait_for_query("completed=1").await;
    assert!(j.text("#overview-status").await.contains("Markeret som udfyldt"));
    j.check("the overview complete").await;
    b.close().await;
}

async fn fill_post_abroad(j: &Journey<'_>, start: &str, end: &str) {
    j.click("#ov-kind option[value=abroad]").await;
    type_into(j, "ov-employer", "Oslo universitetssykehus").await;
    type_into(j, "ov-position", "Lege i spesialisering").await;
    set_value(j, "ov-start", start).await;
    set_value(j, "ov-end", end).await;
    type_into(j, "ov-extent", "37").await;
    j.click("#ov-unit option[value=hours]").await;
}
