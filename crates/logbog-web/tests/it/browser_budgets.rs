//! The click budgets of the approver's day as journeys in a real Chromium, at 1280 px and on a
//! 360 px phone, axe on every page (issue 10 point 6). Each counts the interactions (a click, a
//! choice in a list) from where the user starts, and fails when the count grows:
//! - a supervisor approves one request from its notification: at most 3 after login;
//! - approves all waiting requests of one trainee from the home: at most 3, plus one per item
//!   whose curriculum names several methods (its basis);
//! - a training lead attests a time from the home: at most 3;
//! - a trainee reports a competency ready from its page: at most 2; and the confirmation of a
//!   report from the logbook's list is where she looks, also on a phone.

use crate::browser::Journey;
use fantoccini::Locator;
use logbog_domain::{CompetencyId, Role};
use logbog_testkit::browser::Browser;
use logbog_testkit::{TestApp, TestDb, date};

/// Whether the element is wholly inside the viewport, as the user sees it without scrolling
/// (given the new page a moment to load and scroll to its fragment); with what was measured.
async fn in_view(j: &Journey<'_>, css: &str) -> (bool, String) {
    let script = format!(
        "var e = document.querySelector({css:?}); if (!e) return 'missing'; var r = e.getBoundingClientRect(); \
         return (document.readyState === 'complete' && r.top >= -1 && r.bottom <= window.innerHeight + 1) + ' top ' + r.top \
         + ' bottom ' + r.bottom + ' of ' + window.innerHeight + ' at ' + location.href;"
    );
    let mut last = String::new();
    for _ in 0..30 {
        last =
            j.b.client
                .execute(&script, vec![])
                .await
                .unwrap()
                .as_str()
                .unwrap_or_default()
                .to_owned();
        if last.starts_with("true") {
            return (true, last);
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    (false, last)
}

/// The trainee's not-started competencies in every phase of her curriculum, those whose
/// curriculum names exactly one method first.
async fn not_started_by_methods(
    t: &TestApp,
    trainee: &logbog_app::people::CurrentUser,
) -> (Vec<CompetencyId>, Vec<CompetencyId>) {
    let own = logbog_app::logbook::view_logbook(&t.app, trainee, trainee.id(), Default::default())
        .await
        .unwrap();
    let (mut one, mut several) = (Vec::new(), Vec::new());
    let mut conn = t.app.db.conn().await.unwrap();
    for phase in &own.phases {
        let selection = logbog_app::logbook::Selection {
            phase: Some(phase.phase.id),
            ..Default::default()
        };
        let lb = logbog_app::logbook::view_logbook(&t.app, trainee, trainee.id(), selection)
            .await
            .unwrap();
        for c in lb.competencies.iter().filter(|c| c.status.reportable()) {
            let found = logbog_db::curricula::find_competency(&mut conn, c.competency.id)
                .await
                .unwrap()
                .unwrap();
            match found.assessment_methods.len() {
                1 => one.push(c.competency.id),
                _ => several.push(c.competency.id),
            }
        }
    }
    (one, several)
}

impl Journey<'_> {
    /// Log in on the login page the browser is on (reached through a link while logged out).
    async fn login_here(&self, user: &str) {
        self.wait_for_query("/login").await;
        for (id, value) in [("username", user), ("password", crate::browser::PW)] {
            self.b
                .client
                .find(Locator::Id(id))
                .await
                .unwrap()
                .send_keys(value)
                .await
                .unwrap();
        }
        self.click("form.stack button[type=submit]").await;
        self.wait_for_path_not("/login").await;
    }
}

async fn budgets(width: u32) {
    let Some(b) = Browser::start(width).await else { return };
    let t = TestApp::with_demo(TestDb::sqlite().await, date("2026-11-26")).await;
    let hu1 = t.user("laege.hu1").await;
    let hansen = t.user("vejleder.hansen").await;
    let (one, several) = not_started_by_methods(&t, &hu1).await;
    assert!(
        !one.is_empty() && !several.is_empty(),
        "competencies of one method and of several"
    );
    logbog_app::approvals::report_ready(&t.app, &hu1, &one[..1], hansen.id(), Some(Role::Supervisor), "")
        .await
        .unwrap();
    let mut j = Journey::new(&b, &t, "budgets");

    // 1. One request, from its notification in the app: the list, the notification (the item
    // ticked, its one method chosen), approve.
    j.login("vejleder.hansen").await;
    j.check("supervisor's home").await;
    let mut n = 0;
    j.click("header nav a[href='/notifications']").await;
    n += 1;
    j.wait_for_query("/notifications").await;
    j.check("notifications").await;
    b.client
        .find(Locator::XPath(
            "//a[starts-with(@href, '/notifications/')][contains(., 'har meldt klar til godkendelse')]",
        ))
        .await
        .expect("the notification of the request")
        .click()
        .await
        .unwrap();
    n += 1;
    j.wait_for_query("item=").await;
    j.check("the request from its notification, ticked").await;
    j.click("section.card .decide button[type=submit]").await;
    n += 1;
    j.wait_for_query("approved=1").await;
    let confirmation = j.text(".notice.ok").await;
    assert!(
        confirmation.to_lowercase().contains("godkendt for ida mikkelsen"),
        "{confirmation}"
    );
    j.check("approved from the notification").await;
    assert!(n <= 3, "{n} interactions from the notification");

    // From the e-mail, logged out, a competency of several methods: the link, the login, and
    // on the item (ticked): its basis, approve.
    logbog_app::approvals::report_ready(&t.app, &hu1, &several[..1], hansen.id(), Some(Role::Supervisor), "")
        .await
        .unwrap();
    let mut conn = t.app.db.conn().await.unwrap();
    let newest = logbog_db::notifications::list_for(&mut conn, hansen.id(), 1, 0)
        .await
        .unwrap();
    drop(conn);
    j.logout().await;
    j.goto(&format!("/notifications/{}", newest[0].id)).await;
    j.login_here("vejleder.hansen").await;
    j.wait_for_query("item=").await;
    j.check("the request from its e-mail, after login").await;
    let mut n = 0;
    b.client
        .find(Locator::XPath(
            "//li[contains(@class, 'work-item')][.//input[@name='request'][@checked]]//select[@name='method']/option[2]",
        ))
        .await
        .expect("its basis to choose")
        .click()
        .await
        .unwrap();
    n += 1;
    j.click("section.card .decide button[type=submit]").await;
    n += 1;
    j.wait_for_query("approved=1").await;
    assert!(
        j.text(".notice.ok")
            .await
            .to_lowercase()
            .contains("godkendt for ida mikkelsen")
    );
    j.check("approved from the e-mail").await;
    assert!(n <= 3, "{n} interactions after login from the e-mail");

    // 2. All of one trainee's requests, from the home: her line, select all, a basis for each
    // item of several methods, approve.
    j.goto("/home").await;
    j.check("home with what waits").await;
    let mut n = 0;
    let mut bases = 0;
    j.click("section[aria-labelledby='waiting-heading'] a[href^='/worklist?trainee=']")
        .await;
    n += 1;
    j.wait_for_query("/worklist?trainee=").await;
    j.check("one trainee's requests").await;
    let items = b.client.find_all(Locator::Css(".work-item")).await.unwrap();
    assert!(items.len() >= 2, "several wait");
    j.click("button.select-all").await;
    n += 1;
    if width <= 400 {
        // On a phone the approve button stays within reach of the items.
        let (seen, how) = in_view(&j, "section.card .decide button[type=submit]").await;
        assert!(seen, "approve within reach: {how}");
    }
    for item in &items {
        if let Ok(select) = item.find(Locator::Css("select[name=method]")).await {
            select
                .find(Locator::Css("option:nth-child(2)"))
                .await
                .unwrap()
                .click()
                .await
                .unwrap();
            bases += 1;
        }
    }
    j.click("section.card .decide button[type=submit]").await;
    n += 1;
    j.wait_for_query("approved=").await;
    let confirmation = j.text(".notice.ok").await;
    assert!(
        confirmation.to_lowercase().contains("godkendt for ida mikkelsen"),
        "{confirmation}"
    );
    j.check("all of one trainee approved").await;
    assert!(
        n <= 3,
        "{n} interactions besides the {bases} bases for {} items",
        items.len()
    );
    j.logout().await;

    // 3. A time attestation from the training lead's home: what waits, approve.
    j.login("uao.kardiologi").await;
    j.check("training lead's home").await;
    let mut n = 0;
    j.click("section[aria-labelledby='waiting-heading'] a[href='/worklist']")
        .await;
    n += 1;
    j.wait_for_query("/worklist").await;
    j.check("work list with the time due").await;
    j.click("li.due-item form button[type=submit]").await;
    n += 1;
    j.wait_for_query("time_approved=1").await;
    assert!(j.text(".notice.ok").await.contains("Tidsattestationen er godkendt"));
    j.check("time attested from the home").await;
    assert!(n <= 3, "{n} interactions for a time attestation");
    j.logout().await;

    // 4. Reporting ready from the competency's page: the approver, report.
    j.login("laege.hu1").await;
    let free = t.not_started(&hu1).await;
    j.goto(&format!("/logbook/competencies/{}", free[0])).await;
    j.check("a competency to report").await;
    let mut n = 0;
    let options = b.client.find_all(Locator::Css("#approver option")).await.unwrap();
    assert!(options.len() >= 2, "a choice of approvers");
    options[1].click().await.unwrap();
    n += 1;
    j.click("form.report-box button[type=submit]").await;
    n += 1;
    j.wait_for_query("reported=1").await;
    let (seen, how) = in_view(&j, "#report-done").await;
    assert!(seen, "the confirmation where she looks: {how}");
    j.check("reported from its page").await;
    assert!(n <= 2, "{n} interactions to report from the page");
    // From the logbook's list: the confirmation scrolls into view, also on a phone.
    j.goto("/logbook").await;
    j.click(".competency input[type=checkbox]").await;
    j.click(".report-box button[type=submit]").await;
    j.wait_for_query("reported=1").await;
    let (seen, how) = in_view(&j, "#report-done").await;
    assert!(seen, "the list's confirmation in view: {how}");
    j.check("reported from the list").await;
    b.close().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_approvers_day_is_within_budget_on_a_desktop() {
    budgets(1280).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_approvers_day_is_within_budget_on_a_phone() {
    budgets(360).await;
}
