//! User journeys in a real Chromium (WebDriver), with axe-core checking every page visited for
//! accessibility violations, and a check that nothing on it sticks out past the viewport's width. Runs when chromedriver is on PATH; `LOGBOG_REQUIRE_BROWSER=1`
//! makes its absence a failure. Set `LOGBOG_SCREENSHOTS=DIR` to keep a PNG of every page.

use fantoccini::Locator;
use logbog_testkit::browser::Browser;
use logbog_testkit::{TestApp, TestDb, date};
use std::time::Duration;

pub(crate) const PW: &str = logbog_app::demo::DEMO_PASSWORD;

pub(crate) struct Journey<'a> {
    pub(crate) b: &'a Browser,
    pub(crate) t: &'a TestApp,
    name: &'static str,
    shots: usize,
}

impl<'a> Journey<'a> {
    pub(crate) fn new(b: &'a Browser, t: &'a TestApp, name: &'static str) -> Self {
        Self { b, t, name, shots: 0 }
    }

    /// Log out with the header's button and wait for the login page.
    pub(crate) async fn logout(&self) {
        self.b
            .client
            .find(Locator::Css("form[action='/logout'] button"))
            .await
            .unwrap()
            .click()
            .await
            .unwrap();
        self.wait_for_query("/login").await;
    }

    pub(crate) async fn goto(&self, path: &str) {
        self.b.client.goto(&self.t.url(path)).await.expect("navigate");
    }

    /// Check the page with axe and that nothing sticks out sideways, and keep a screenshot when
    /// asked to.
    pub(crate) async fn check(&mut self, what: &str) {
        self.b.assert_accessible_and_fits(what).await;
        if let Ok(dir) = std::env::var("LOGBOG_SCREENSHOTS") {
            self.shots += 1;
            let png = self.b.client.screenshot().await.expect("screenshot");
            let file = format!(
                "{dir}/{}-{:02}-{}.png",
                self.name,
                self.shots,
                what.replace([' ', '/'], "_")
            );
            std::fs::create_dir_all(&dir).expect("screenshot dir");
            std::fs::write(file, png).expect("write screenshot");
        }
    }

    /// The text of the first element matching `css`. A click that navigates returns before the
    /// new page has replaced the old one, so an element found may go stale before its text is
    /// read: look again until the page has settled.
    pub(crate) async fn text(&self, css: &str) -> String {
        let mut last = String::new();
        for _ in 0..50 {
            match self.b.client.find(Locator::Css(css)).await {
                Ok(e) => match e.text().await {
                    Ok(text) => return text,
                    Err(err) => last = err.to_string(),
                },
                Err(err) => last = err.to_string(),
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        panic!("{css} on the page: {last}");
    }

    pub(crate) async fn path(&self) -> String {
        let url = self.b.client.current_url().await.expect("url");
        match url.query() {
            Some(q) => format!("{}?{q}", url.path()),
            None => url.path().to_owned(),
        }
    }

    pub(crate) async fn login(&mut self, user: &str) {
        self.goto("/login").await;
        self.b
            .client
            .find(Locator::Id("username"))
            .await
            .expect("username field")
            .send_keys(user)
            .await
            .expect("type");
        self.b
            .client
            .find(Locator::Id("password"))
            .await
            .expect("password field")
            .send_keys(PW)
            .await
            .expect("type");
        self.b
            .client
            .find(Locator::Css("form.stack button[type=submit]"))
            .await
            .expect("submit")
            .click()
            .await
            .expect("click");
        self.wait_for_path_not("/login").await;
    }

    pub(crate) async fn wait_for_path_not(&self, path: &str) {
        for _ in 0..200 {
            if !self.path().await.starts_with(path) {
                return;
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        panic!("still on {path}");
    }

    pub(crate) async fn wait_for_query(&self, needle: &str) {
        for _ in 0..200 {
            if self.path().await.contains(needle) {
                return;
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        panic!("the URL never contained {needle}: {}", self.path().await);
    }

    /// Open a selection menu and follow its `nth` choice, as a user does (two interactions).
    pub(crate) async fn choose(&self, menu: &str, nth: usize) -> String {
        self.b
            .client
            .find(Locator::Css(&format!("#menu-{menu} summary")))
            .await
            .expect("menu")
            .click()
            .await
            .expect("open");
        let links = self
            .b
            .client
            .find_all(Locator::Css(&format!("#menu-{menu} li a")))
            .await
            .expect("choices");
        let href = links[nth].attr("href").await.expect("attr").expect("href");
        links[nth].click().await.expect("choose");
        href.rsplit('=').next().unwrap_or_default().to_owned()
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn trainee_switches_programme_and_phase_opens_a_competency_switches_language_and_logs_out() {
    let Some(b) = Browser::start(1280).await else {
        return;
    };
    let t = TestApp::with_demo(TestDb::sqlite().await, date("2026-11-26")).await;
    let mut j = Journey::new(&b, &t, "trainee");

    j.goto("/login").await;
    j.check("login").await;
    j.login("laege.hu3").await;
    assert_eq!(j.path().await, "/logbook");
    assert_eq!(j.text("h1").await, "Min logbog");
    j.check("logbook").await;

    // Phase menu: pick the third phase (fase 3).
    let phase = j.choose("phase", 2).await;
    j.wait_for_query(&format!("phase={phase}")).await;
    assert!(j.text("#competencies-heading").await.contains("Fase 3"));
    j.check("logbook phase 3").await;

    // Programme menu: go back to the first programme (the foundation year).
    let programme = j.choose("programme", 0).await;
    j.wait_for_query(&format!("programme={programme}")).await;
    let selected = j.text("#menu-programme .menu-value").await;
    assert!(selected.contains("Klinisk basisuddannelse"), "{selected}");
    j.check("logbook other programme").await;

    // Open a competency.
    let link = b
        .client
        .find(Locator::Css(".competency a"))
        .await
        .expect("a competency");
    let code = link.find(Locator::Css(".code")).await.unwrap().text().await.unwrap();
    link.click().await.unwrap();
    j.wait_for_query("/logbook/competencies/").await;
    assert!(j.text("h1").await.starts_with(&code));
    assert_eq!(j.text("#roles-heading").await, "Lægeroller");
    j.check("competency").await;

    // Switch language: the same page in English, and it stays English.
    b.client
        .find(Locator::Css("form[action='/language'] button"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    for _ in 0..200 {
        if j.text("#roles-heading").await == "Doctor roles" {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert_eq!(j.text("#roles-heading").await, "Doctor roles");
    j.check("competency english").await;
    j.goto("/logbook").await;
    assert_eq!(j.text("h1").await, "My logbook");
    j.check("logbook english").await;

    // Log out.
    j.logout().await;
    j.check("login after logout").await;
    j.goto("/logbook").await;
    assert!(j.path().await.starts_with("/login"), "logged out");
    b.close().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn works_on_a_360_px_phone_and_for_staff() {
    let Some(b) = Browser::start(360).await else {
        return;
    };
    let t = TestApp::with_demo(TestDb::sqlite().await, date("2026-11-26")).await;
    let mut j = Journey::new(&b, &t, "phone");

    j.goto("/login").await;
    j.check("login phone").await;

    // A refused login explains why, and the page stays accessible.
    j.login_expect_refusal("laege.ny").await;
    assert!(j.text("#login-error").await.contains("åbner"));
    j.check("login refused").await;

    j.login("laege.hu5").await;
    j.check("logbook phone").await;
    b.client
        .find(Locator::Css(".competency a"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    j.wait_for_query("/logbook/competencies/").await;
    j.check("competency phone").await;
    j.logout().await;

    // A supervisor lands on the home page and opens a trainee's logbook.
    j.login("vejleder.hansen").await;
    assert_eq!(j.path().await, "/home");
    j.check("home supervisor").await;
    b.client
        .find(Locator::Css("a[href^='/trainees/']"))
        .await
        .expect("a trainee")
        .click()
        .await
        .unwrap();
    j.wait_for_query("/trainees/").await;
    assert!(j.text("h1").await.starts_with("Logbog for"));
    j.check("trainee logbook as supervisor").await;

    // A page that does not exist.
    j.goto("/no/such/page").await;
    j.check("not found").await;
    b.close().await;
}

/// Every role with pages, on a 360 px phone: their home, work list, access page and
/// notifications (whichever of these the role has) fit the width, in Danish and in English. The
/// header holds the most for a training lead who also supervises.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_role_fits_a_360_px_phone() {
    let Some(b) = Browser::start(360).await else { return };
    let t = TestApp::with_demo(TestDb::sqlite().await, date("2026-11-26")).await;
    let mut j = Journey::new(&b, &t, "roles-phone");
    let accounts: &[(&str, &[&str])] = &[
        ("laege.hu1", &["/logbook", "/specialty-files", "/notifications"]),
        (
            "vejleder.hansen",
            &["/home", "/worklist", "/specialty-files", "/notifications"],
        ),
        (
            "uao.kardiologi",
            &["/home", "/worklist", "/access", "/specialty-files", "/notifications"],
        ),
        (
            "uao.anaestesi",
            &["/home", "/worklist", "/access", "/specialty-files", "/notifications"],
        ),
        (
            "tutor.praksis",
            &["/home", "/worklist", "/access", "/specialty-files", "/notifications"],
        ),
        (
            "sekretariat.syd",
            &[
                "/home",
                "/paper-attestations",
                "/access",
                "/specialty-files",
                "/notifications",
            ],
        ),
        ("kursus.leder", &["/home", "/specialty-files", "/notifications"]),
    ];
    for (user, pages) in accounts {
        j.login(user).await;
        j.check(&format!("landing of {user}")).await;
        // The header offers exactly these pages, and each of them fits.
        let mut nav = Vec::new();
        for a in b.client.find_all(Locator::Css("header nav a")).await.unwrap() {
            nav.push(a.attr("href").await.unwrap().unwrap_or_default());
        }
        assert_eq!(nav, *pages, "the menu of {user}");
        for page in *pages {
            j.goto(page).await;
            j.wait_for_query(page).await;
            j.check(&format!("{page} of {user}")).await;
        }
        // The longer English words fit too.
        b.client
            .find(Locator::Css("form[action='/language'] button"))
            .await
            .unwrap()
            .click()
            .await
            .unwrap();
        for _ in 0..200 {
            if j.lang().await == "en" {
                break;
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        assert_eq!(j.lang().await, "en");
        for page in *pages {
            j.goto(page).await;
            j.wait_for_query(page).await;
            j.check(&format!("{page} of {user} in English")).await;
        }
        j.logout().await;
    }
    b.close().await;
}

impl Journey<'_> {
    /// The language of the page shown; empty while a new page replaces the old one.
    async fn lang(&self) -> String {
        match self
            .b
            .client
            .execute("return document.documentElement.lang;", vec![])
            .await
        {
            Ok(v) => v.as_str().unwrap_or_default().to_owned(),
            Err(_) => String::new(),
        }
    }
}

impl Journey<'_> {
    async fn login_expect_refusal(&mut self, user: &str) {
        self.goto("/login").await;
        self.b
            .client
            .find(Locator::Id("username"))
            .await
            .unwrap()
            .send_keys(user)
            .await
            .unwrap();
        self.b
            .client
            .find(Locator::Id("password"))
            .await
            .unwrap()
            .send_keys(PW)
            .await
            .unwrap();
        self.b
            .client
            .find(Locator::Css("form.stack button[type=submit]"))
            .await
            .unwrap()
            .click()
            .await
            .unwrap();
        self.b
            .client
            .wait()
            .for_element(Locator::Id("login-error"))
            .await
            .expect("an explanation");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn trainee_reports_two_ready_and_the_supervisor_approves_both_in_one_go() {
    let Some(b) = Browser::start(1280).await else { return };
    let t = TestApp::with_demo(TestDb::sqlite().await, date("2026-11-26")).await;
    let mut j = Journey::new(&b, &t, "approval");

    // The trainee ticks two competencies and reports them ready: two interactions.
    j.login("laege.hu1").await;
    let boxes = b
        .client
        .find_all(Locator::Css(".competency input[type=checkbox]"))
        .await
        .unwrap();
    assert!(boxes.len() >= 2);
    let codes = [
        boxes[0].attr("aria-label").await.unwrap().unwrap(),
        boxes[1].attr("aria-label").await.unwrap().unwrap(),
    ];
    boxes[0].click().await.unwrap();
    boxes[1].click().await.unwrap();
    j.check("logbook with two chosen").await;
    b.client
        .find(Locator::Css(".report-box button[type=submit]"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    j.wait_for_query("reported=2").await;
    let confirmation = j.text(".notice.ok").await;
    for c in &codes {
        let code = c.trim_start_matches("Vælg ").split(' ').next().unwrap();
        assert!(confirmation.contains(code), "{code} in {confirmation}");
    }
    assert!(confirmation.contains("er meldt klar til"), "{confirmation}");
    j.check("reported").await;
    j.logout().await;

    // The supervisor approves both from the work list: tick, method, approve.
    j.login("vejleder.hansen").await;
    j.goto("/worklist").await;
    j.check("work list").await;
    // Approving with nothing ticked says why, on the same list.
    b.client
        .find(Locator::Css("section.card:last-of-type .decide button[type=submit]"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    assert!(
        j.text(".decide .notice.error")
            .await
            .contains("Sæt flueben ved det, du vil godkende")
    );
    j.check("work list with an error").await;
    let section = b.client.find(Locator::Css("section.card:last-of-type")).await.unwrap();
    let mut ticked = 0;
    for item in section.find_all(Locator::Css(".work-item")).await.unwrap() {
        let text = item
            .find(Locator::Css("label[for^='r-']"))
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        if codes.iter().any(|c| text.contains(c.trim_start_matches("Vælg "))) {
            item.find(Locator::Css("input[name=request]"))
                .await
                .unwrap()
                .click()
                .await
                .unwrap();
            // The basis: a single method is chosen already; of several, take the first.
            let options = item.find_all(Locator::Css("select[name=method] option")).await.unwrap();
            if options.len() > 1 {
                options[1].click().await.unwrap();
            }
            ticked += 1;
        }
    }
    assert_eq!(ticked, 2, "both reported competencies wait in the work list");
    section
        .find(Locator::Css(".decide button[type=submit]"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    j.wait_for_query("approved=2").await;
    // The confirmation names what was approved, and for whom.
    let confirmation = j.text(".notice.ok").await;
    assert!(confirmation.contains("2 punkter godkendt for"), "{confirmation}");
    for c in &codes {
        let code = c.trim_start_matches("Vælg ").split(' ').next().unwrap();
        assert!(confirmation.contains(code), "{code} in {confirmation}");
    }
    j.check("approved").await;
    j.logout().await;

    // The trainee sees both approved, by whom, in which role and when.
    j.login("laege.hu1").await;
    let rows = b.client.find_all(Locator::Css(".competency")).await.unwrap();
    let mut seen = 0;
    for row in rows {
        let text = row.text().await.unwrap();
        if codes.iter().any(|c| text.starts_with(c.trim_start_matches("Vælg "))) {
            assert!(
                text.contains("Godkendt af Mette Hansen (Vejleder) den 26.11.2026"),
                "{text}"
            );
            seen += 1;
        }
    }
    assert_eq!(seen, 2);
    j.check("trainee sees approvals").await;
    // The trainee's own employment and its time attestation.
    b.client
        .find(Locator::Css("a[href^='/logbook/employments/']"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    j.wait_for_query("/logbook/employments/").await;
    assert!(j.text("#time-heading").await.contains("Attestation"));
    j.check("own employment").await;
    j.goto("/logbook").await;
    b.client
        .find(Locator::Css("a[href='/logbook/views']"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    j.wait_for_query("/logbook/views").await;
    assert_eq!(j.text("h1").await, "Hvem har set min logbog");
    j.check("who has seen my logbook").await;
    j.goto("/notifications").await;
    assert!(j.text(".notifications").await.contains("Mette Hansen har godkendt"));
    j.check("notifications").await;
    b.close().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn time_attestation_and_reset_journeys() {
    let Some(b) = Browser::start(1280).await else { return };
    let t = TestApp::with_demo(TestDb::sqlite().await, date("2026-11-26")).await;
    let mut j = Journey::new(&b, &t, "time");

    // A supervisor opens the trainee's employment: supervisors never approve time, and are told so.
    j.login("vejleder.hansen").await;
    b.client
        .find(Locator::Css("a[href^='/trainees/']"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    j.wait_for_query("/logbook").await;
    b.client
        .find(Locator::Css("a[href*='/employments/']"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    j.wait_for_query("/employments/").await;
    j.check("employment as supervisor").await;
    // The page explains why there is no approve button, and does not offer one.
    assert!(j.text(".notice.info").await.contains("Vejledere godkender aldrig"));
    assert!(b.client.find(Locator::Css("form[action$='/approve']")).await.is_err());
    j.check("supervisor refused on time").await;
    j.logout().await;

    // In the last month of laege.hu5's employment (ends 31.03.2027) the training lead approves.
    t.clock.set_date(date("2027-03-10"));
    j.login("uao.anaestesi").await;
    b.client
        .find(Locator::Css("a[href^='/trainees/']"))
        .await
        .expect("the lead's trainee")
        .click()
        .await
        .unwrap();
    j.wait_for_query("/logbook").await;
    let rows = b.client.find_all(Locator::Css("tr")).await.unwrap();
    let mut opened = false;
    for row in rows {
        if row.text().await.unwrap().contains("31.03.2027") {
            row.find(Locator::Css("a[href*='/employments/']"))
                .await
                .unwrap()
                .click()
                .await
                .unwrap();
            opened = true;
            break;
        }
    }
    assert!(opened);
    j.wait_for_query("/employments/").await;
    assert!(
        j.text("#time-heading ~ p:not(.state-line)")
            .await
            .contains("Kan godkendes nu")
    );
    b.client
        .find(Locator::Css("form[action$='/approve'] button"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    j.wait_for_query("approved=1").await;
    assert!(j.text(".state-line").await.contains("Godkendt af"));
    j.check("time approved by the training lead").await;
    j.logout().await;
    t.clock.set_date(date("2026-11-26"));

    // The secretariat of region Syd resets one of laege.hu1's approvals; the trainee sees it.
    j.login("laege.hu1").await;
    let approved = b
        .client
        .find(Locator::Css(".competency:has(.state.approved) a"))
        .await
        .unwrap();
    let href = approved.attr("href").await.unwrap().unwrap();
    let competency = href.rsplit('/').next().unwrap().to_owned();
    let me = {
        let mut conn = t.app.db.conn().await.unwrap();
        logbog_db::accounts::find_by_username(&mut conn, "laege.hu1")
            .await
            .unwrap()
            .unwrap()
            .person
            .id
    };
    j.logout().await;
    j.login("sekretariat.syd").await;
    // Find the trainee by name from the home page, then the competency in the logbook.
    b.client
        .find(Locator::Id("q"))
        .await
        .unwrap()
        .send_keys("Mikkelsen")
        .await
        .unwrap();
    b.client
        .find(Locator::Css("form.search button"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    j.wait_for_query("q=Mikkelsen").await;
    j.check("secretariat searches a trainee").await;
    b.client
        .find(Locator::Css(&format!("a[href='/trainees/{me}/logbook']")))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    j.wait_for_query("/logbook").await;
    b.client
        .find(Locator::Css(&format!("a[href$='/competencies/{competency}']")))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    j.wait_for_query("/competencies/").await;
    j.check("competency as secretariat").await;
    b.client
        .find(Locator::Id("reference"))
        .await
        .unwrap()
        .send_keys("J.nr. 2026-4711")
        .await
        .unwrap();
    b.client
        .find(Locator::Id("reason"))
        .await
        .unwrap()
        .send_keys("Godkendt ved en fejl")
        .await
        .unwrap();
    b.client
        .find(Locator::Css("form[action$='/reset'] button"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    j.wait_for_query("reset=1").await;
    j.check("reset done").await;
    j.logout().await;
    j.login("laege.hu1").await;
    j.goto(&href).await;
    let history = j.text("#history-heading ~ .table-wrap").await;
    assert!(
        history.contains("Nulstillet") && history.contains("J.nr. 2026-4711: Godkendt ved en fejl"),
        "{history}"
    );
    assert!(j.text(".state-line").await.contains("Ikke påbegyndt"));
    j.check("trainee sees the reset").await;
    b.close().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn training_lead_ends_and_gives_a_supervisors_access() {
    let Some(b) = Browser::start(1280).await else { return };
    let t = TestApp::with_demo(TestDb::sqlite().await, date("2026-11-26")).await;
    let mut j = Journey::new(&b, &t, "access");

    // The supervisor sees the trainee.
    j.login("vejleder.hansen").await;
    assert!(b.client.find(Locator::Css("a[href^='/trainees/']")).await.is_ok());
    j.logout().await;

    // The training lead ends the supervisor's access to each of her trainees.
    j.login("uao.kardiologi").await;
    j.goto("/access").await;
    j.check("access as training lead").await;
    let mut ended = 0;
    loop {
        let items = b
            .client
            .find_all(Locator::Css("#supervision-heading ~ .access-list li"))
            .await
            .unwrap();
        let mut button = None;
        for li in items {
            if li.text().await.unwrap().contains("Mette Hansen")
                && let Ok(b) = li.find(Locator::Css("button")).await
            {
                button = Some(b);
                break;
            }
        }
        let Some(button) = button else { break };
        button.click().await.unwrap();
        j.wait_for_query("done=ended").await;
        ended += 1;
        j.goto("/access").await;
    }
    assert!(ended >= 1);
    j.check("access ended").await;
    j.logout().await;

    // At once, the supervisor no longer has the trainee.
    j.login("vejleder.hansen").await;
    assert!(
        b.client.find(Locator::Css("a[href^='/trainees/']")).await.is_err(),
        "the trainee is gone"
    );
    assert!(j.text("#trainees-heading ~ p").await.contains("ikke adgang til nogen"));
    j.check("supervisor without trainees").await;
    j.logout().await;

    // The lead gives the access back.
    j.login("uao.kardiologi").await;
    j.goto("/access").await;
    let option = b.client.find_all(Locator::Css("#supervisor option")).await.unwrap();
    for o in option {
        if o.text().await.unwrap().contains("Mette Hansen") {
            o.click().await.unwrap();
            break;
        }
    }
    b.client
        .find(Locator::Css("form[action='/access/supervisions'] button"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    j.wait_for_query("done=granted").await;
    j.logout().await;
    j.login("vejleder.hansen").await;
    assert!(
        b.client.find(Locator::Css("a[href^='/trainees/']")).await.is_ok(),
        "the trainee is back"
    );

    // The secretariat's access page.
    j.logout().await;
    j.login("sekretariat.syd").await;
    j.goto("/access").await;
    j.check("access as secretariat").await;
    b.close().await;
}
