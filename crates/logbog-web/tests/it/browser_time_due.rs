//! The training lead's time attestation in a real Chromium at 1280 px and on a 360 px phone, axe
//! on every page, interactions counted (issue 10 points 1, 3 and 6): an employment in its last
//! month that nobody asked about is in his notifications and his work list; from the
//! notification he approves it in three interactions after login, and from the work list in two.

use crate::browser::Journey;
use fantoccini::Locator;
use logbog_domain::Role;
use logbog_testkit::browser::Browser;
use logbog_testkit::{TestApp, TestDb, date};

/// An employment of laege.hu1 at the cardiology department ending on `end`; returns its id.
async fn due_employment(t: &TestApp, end: &str) -> String {
    let hu1 = t.user("laege.hu1").await;
    let lead = t.user("uao.kardiologi").await;
    let site = lead
        .led_sites()
        .into_iter()
        .find(|(_, r)| *r == Role::TrainingLead)
        .unwrap()
        .0;
    crate::time_pages::employment(t, hu1.id(), site, end).await
}

async fn journey(width: u32) {
    let Some(b) = Browser::start(width).await else { return };
    let t = TestApp::with_demo(TestDb::sqlite().await, date("2026-11-26")).await;
    let first = due_employment(&t, "2026-12-15").await;
    let second = due_employment(&t, "2026-12-20").await;
    logbog_app::notifications::run_reminders(&t.app).await.unwrap();
    let mut j = Journey::new(&b, &t, "time-due");
    let mut interactions = 0;

    // From the notification: the list, the notification, approve.
    j.login("uao.kardiologi").await;
    j.check("lead's home").await;
    j.click("header nav a[href='/notifications']").await;
    interactions += 1;
    j.wait_for_query("/notifications").await;
    j.check("notifications with links").await;
    b.client
        .find(Locator::XPath(
            "//a[starts-with(@href, '/notifications/')][contains(., 'kan godkendes nu')]",
        ))
        .await
        .expect("the notification of the time due")
        .click()
        .await
        .unwrap();
    interactions += 1;
    j.wait_for_query("/employments/").await;
    let landed = j.path().await;
    assert!(
        landed.ends_with(&first) || landed.ends_with(&second),
        "on the item: {landed}"
    );
    j.check("the employment from its notification").await;
    j.click("form[action$='/approve'] button[type=submit]").await;
    interactions += 1;
    j.wait_for_query("approved=1").await;
    assert!(j.text(".state-line").await.contains("Godkendt af"));
    j.check("approved from the notification").await;
    assert!(interactions <= 3, "{interactions} interactions from the notification");

    // From the work list: the menu, approve.
    let mut interactions = 0;
    j.click("header nav a[href='/worklist']").await;
    interactions += 1;
    j.wait_for_query("/worklist").await;
    j.check("work list with a time attestation due").await;
    let due = j.text("section[aria-labelledby='due-heading']").await;
    assert!(due.contains("Tidsattestationer, der kan godkendes nu"), "{due}");
    j.click("li.due-item form button[type=submit]").await;
    interactions += 1;
    j.wait_for_query("time_approved=1").await;
    assert!(j.text(".notice.ok").await.contains("Tidsattestationen er godkendt"));
    j.check("approved from the work list").await;
    assert!(interactions <= 2, "{interactions} interactions from the work list");
    b.close().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_due_time_attestation_is_approved_within_budget_on_a_desktop() {
    journey(1280).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_due_time_attestation_is_approved_within_budget_on_a_phone() {
    journey(360).await;
}
