//! Document journeys in a real Chromium, axe on every page: the trainee finds her agreements
//! from the logbook, uploads an addendum, is told why a file is refused; her supervisor sees
//! them without the forms; the page fits a 360 px phone.

use crate::browser::Journey;
use fantoccini::Locator;
use logbog_testkit::browser::Browser;
use logbog_testkit::{TestApp, TestDb, date};

impl Journey<'_> {
    pub(crate) async fn click(&self, css: &str) {
        let e = self
            .b
            .client
            .find(Locator::Css(css))
            .await
            .unwrap_or_else(|e| panic!("{css}: {e}"));
        self.click_element(e).await;
    }

    /// Click an element as a user taps it: brought to the middle of the screen first, clear
    /// of what sticks to its edges (the work list's approve bar on a phone).
    pub(crate) async fn click_element(&self, e: fantoccini::elements::Element) {
        let arg = serde_json::to_value(&e).unwrap();
        self.b
            .client
            .execute("arguments[0].scrollIntoView({block: 'center'});", vec![arg])
            .await
            .unwrap();
        e.click().await.unwrap();
    }

    /// Fill the upload form: the kind, the reason, the date (set directly: a date picker's
    /// typing depends on the browser's locale) and the file.
    async fn fill_upload(&self, addendum: bool, file: &std::path::Path) {
        if addendum {
            self.click("form.report-box input[name=kind][value=addendum]").await;
            self.b
                .client
                .find(Locator::Css("#reason option[value=extension]"))
                .await
                .unwrap()
                .click()
                .await
                .unwrap();
        }
        self.b
            .client
            .execute("document.getElementById('dated').value = '2026-10-01';", vec![])
            .await
            .unwrap();
        self.b
            .client
            .find(Locator::Id("file"))
            .await
            .unwrap()
            .send_keys(&file.display().to_string())
            .await
            .unwrap();
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn trainee_uploads_an_addendum_and_her_supervisor_sees_it() {
    let Some(b) = Browser::start(1280).await else { return };
    let t = TestApp::with_demo(TestDb::sqlite().await, date("2026-11-26")).await;
    let dir = std::env::temp_dir().join(format!("logbog-browser-{}", uuid::Uuid::now_v7().simple()));
    std::fs::create_dir_all(&dir).unwrap();
    let pdf = dir.join("Tillaeg forlaengelse.pdf");
    std::fs::write(&pdf, logbog_files::check::samples::pdf("Tillaeg")).unwrap();
    let text = dir.join("noter.txt");
    std::fs::write(&text, "ikke en pdf").unwrap();
    let mut j = Journey::new(&b, &t, "documents");

    j.login("laege.hu1").await;
    j.click("a[href^='/logbook/programmes/']").await;
    j.wait_for_query("/logbook/programmes/").await;
    // The demo's agreement and part-time addendum are there.
    let list = j.text("ul.documents").await;
    assert!(
        list.contains("Uddannelsesaftale.pdf") && list.contains("deltid"),
        "{list}"
    );
    j.check("programme with agreements").await;

    // A refused file: the reason, and the form keeps what was chosen.
    j.fill_upload(true, &text).await;
    j.click("form.report-box button[type=submit]").await;
    let error = j.text("#upload-error").await;
    assert!(error.contains("PDF-, PNG- eller JPEG"), "{error}");
    j.check("upload refused").await;

    j.fill_upload(true, &pdf).await;
    j.click("form.report-box button[type=submit]").await;
    j.wait_for_query("uploaded=1").await;
    assert!(j.text(".notice.ok").await.contains("uploadet"));
    let list = j.text("ul.documents").await;
    assert!(
        list.contains("Tillaeg forlaengelse.pdf") && list.contains("forlængelse"),
        "{list}"
    );
    j.check("addendum uploaded").await;
    let programme = j.path().await;
    j.logout().await;

    // Her supervisor sees the agreements from her logbook, and no forms to change them.
    j.login("vejleder.hansen").await;
    let subject = programme
        .trim_start_matches("/logbook/programmes/")
        .split('?')
        .next()
        .unwrap()
        .to_owned();
    let mut conn = t.app.db.conn().await.unwrap();
    let trainee = logbog_db::accounts::find_by_username(&mut conn, "laege.hu1")
        .await
        .unwrap()
        .unwrap()
        .person
        .id;
    drop(conn);
    j.goto(&format!("/trainees/{trainee}/logbook")).await;
    j.click(&format!("a[href='/trainees/{trainee}/programmes/{subject}']"))
        .await;
    j.wait_for_query("/programmes/").await;
    assert!(j.text("ul.documents").await.contains("Tillaeg forlaengelse.pdf"));
    assert!(
        b.client.find(Locator::Css("form.report-box")).await.is_err(),
        "a supervisor gets no upload form"
    );
    j.check("programme as supervisor").await;
    b.close().await;
    let _ = std::fs::remove_dir_all(&dir);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_programme_page_fits_a_phone() {
    let Some(b) = Browser::start(360).await else { return };
    let t = TestApp::with_demo(TestDb::sqlite().await, date("2026-11-26")).await;
    let mut j = Journey::new(&b, &t, "documents-phone");
    j.login("laege.hu1").await;
    j.click("a[href^='/logbook/programmes/']").await;
    j.wait_for_query("/logbook/programmes/").await;
    j.check("programme on a phone").await;
    // The replace form, opened.
    j.click("details.replace summary").await;
    j.check("replace form on a phone").await;
    b.close().await;
}
