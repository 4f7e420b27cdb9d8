//! The specialty-files journey in a real Chromium on a 360 px phone, axe on every page: the
//! cardiology course leader goes from his home to his specialty's files and publishes a
//! checklist for a competency; the cardiology trainee finds it in her menu, downloads it (an
//! attachment), and finds it linked on the competency's page.

use crate::browser::Journey;
use fantoccini::Locator;
use logbog_testkit::browser::Browser;
use logbog_testkit::{TestApp, TestDb, date};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_course_leader_publishes_a_form_and_a_trainee_downloads_it() {
    let Some(b) = Browser::start(360).await else { return };
    let t = TestApp::with_demo(TestDb::sqlite().await, date("2026-11-26")).await;
    let dir = std::env::temp_dir().join(format!("logbog-browser-{}", uuid::Uuid::now_v7().simple()));
    std::fs::create_dir_all(&dir).unwrap();
    let pdf = dir.join("Tjekliste stuegang.pdf");
    std::fs::write(&pdf, logbog_files::check::samples::pdf("Tjekliste til stuegang")).unwrap();
    let mut j = Journey::new(&b, &t, "specialty-files");

    j.login("kursus.leder").await;
    j.check("course leader's home").await;
    j.click("a[href='/specialty-files']").await;
    j.wait_for_query("/specialty-files").await;
    let list = j.text("main").await;
    assert!(list.contains("Tjekliste til fase 1"), "{list}");
    j.check("the specialty's files").await;
    j.click("a[href*='#publish-heading']").await;
    j.wait_for_query("curriculum=").await;
    j.check("publishing form").await;
    b.client
        .find(Locator::Id("title"))
        .await
        .unwrap()
        .send_keys("Tjekliste til stuegang")
        .await
        .unwrap();
    j.click("#kind option[value=checklist]").await;
    j.click("fieldset.choices input[name=competencies]").await;
    b.client
        .find(Locator::Id("file"))
        .await
        .unwrap()
        .send_keys(&pdf.display().to_string())
        .await
        .unwrap();
    j.click("form.report-box button[type=submit]").await;
    j.wait_for_query("uploaded=1").await;
    let notice = j.text("p.notice.ok").await;
    assert!(notice.contains("lagt ud"), "{notice}");
    j.check("published").await;
    j.logout().await;

    // The trainee of cardiology finds it from her menu and downloads it.
    j.login("laege.hu1").await;
    j.click("header nav a[href='/specialty-files']").await;
    j.wait_for_query("/specialty-files").await;
    let list = j.text("main").await;
    assert!(list.contains("Tjekliste til stuegang"), "{list}");
    j.check("the trainee's specialty files").await;
    let link = b
        .client
        .find(Locator::XPath(
            "//li[contains(., 'Tjekliste til stuegang')]//a[contains(@href, '/documents/')]",
        ))
        .await
        .unwrap();
    let href = link.attr("href").await.unwrap().unwrap();
    let got = b
        .client
        .execute(
            "return fetch(arguments[0]).then(r => r.arrayBuffer().then(body => \
               [r.status, r.headers.get('content-disposition'), body.byteLength]));",
            vec![serde_json::json!(href)],
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

    // The competency the form belongs to links it on its page.
    let mut conn = t.app.db.conn().await.unwrap();
    let competency: String = sqlx::query_scalar(
        "SELECT c.id FROM specialty_files f \
         JOIN specialty_file_competencies fc ON fc.document_id = f.document_id \
         JOIN curriculum_versions v ON v.curriculum_id = f.curriculum_id \
         JOIN competencies c ON c.curriculum_version_id = v.id AND c.code = fc.competency_code \
         WHERE f.title = 'Tjekliste til stuegang'",
    )
    .fetch_one(&mut *conn)
    .await
    .unwrap();
    drop(conn);
    j.goto(&format!("/logbook/competencies/{competency}")).await;
    let cards = j.text("main").await;
    assert!(cards.contains("Tjekliste til stuegang"), "{cards}");
    j.check("the competency links its form").await;
    std::fs::remove_dir_all(&dir).ok();
    b.close().await;
}
