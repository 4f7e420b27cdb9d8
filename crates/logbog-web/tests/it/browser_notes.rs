//! The notes journey in a real Chromium, axe on every page: the trainee writes a note from her
//! logbook and shares it with her supervisor, who reads it from her logbook; she ends the
//! share and he no longer finds it; the page fits a 360 px phone with the sharing open.

use crate::browser::Journey;
use logbog_testkit::browser::Browser;
use logbog_testkit::{TestApp, TestDb, date};

const NOTE: &str = "Første selvstændige pleuradræn i dag, under supervision af Mette.";

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn trainee_shares_a_note_and_ends_the_share() {
    let Some(b) = Browser::start(1280).await else { return };
    let t = TestApp::with_demo(TestDb::sqlite().await, date("2026-11-26")).await;
    let trainee = t.user("laege.hu1").await.id();
    let hansen = t.user("vejleder.hansen").await.id();
    let mut j = Journey::new(&b, &t, "notes");

    j.login("laege.hu1").await;
    j.click("a[href='/logbook/notes']").await;
    j.wait_for_query("/logbook/notes").await;
    j.check("notes").await;
    j.b.client
        .find(fantoccini::Locator::Id("note-text"))
        .await
        .unwrap()
        .send_keys(NOTE)
        .await
        .unwrap();
    j.click("form.card button[type=submit]").await;
    j.wait_for_query("saved=1").await;
    assert!(j.text(".notice.ok").await.contains("Notatet er gemt"));
    let first = j.text("ul.notes li.note:first-child").await;
    assert!(first.contains(NOTE) && first.contains("Privat"), "{first}");

    // Shared with her supervisor through the note's own form.
    j.click("ul.notes li.note:first-child details.share summary").await;
    j.check("sharing a note").await;
    j.click(&format!(
        "ul.notes li.note:first-child input[name=shared_with][value='{hansen}']"
    ))
    .await;
    j.click("ul.notes li.note:first-child details.share button[type=submit]")
        .await;
    j.wait_for_query("shared=1").await;
    let first = j.text("ul.notes li.note:first-child").await;
    assert!(first.contains("Delt med Mette Hansen"), "{first}");
    j.check("note shared").await;
    j.logout().await;

    // He reads it from her logbook, without the forms to change it.
    j.login("vejleder.hansen").await;
    j.goto(&format!("/trainees/{trainee}/logbook")).await;
    j.click(&format!("a[href='/trainees/{trainee}/notes']")).await;
    j.wait_for_query("/notes").await;
    let list = j.text("main").await;
    assert!(list.contains(NOTE) && !list.contains("Gem deling"), "{list}");
    j.check("notes shared with the supervisor").await;
    j.logout().await;

    // She ends the share; he no longer finds it.
    j.login("laege.hu1").await;
    j.goto("/logbook/notes").await;
    j.click("ul.notes li.note:first-child details.share summary").await;
    j.click(&format!(
        "ul.notes li.note:first-child input[name=shared_with][value='{hansen}']"
    ))
    .await;
    j.click("ul.notes li.note:first-child details.share button[type=submit]")
        .await;
    j.wait_for_query("shared=1").await;
    assert!(j.text("ul.notes li.note:first-child").await.contains("Privat"));
    j.logout().await;
    j.login("vejleder.hansen").await;
    j.goto(&format!("/trainees/{trainee}/notes")).await;
    assert!(!j.text("main").await.contains(NOTE));
    b.close().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_notes_page_fits_a_phone() {
    let Some(b) = Browser::start(360).await else { return };
    let t = TestApp::with_demo(TestDb::sqlite().await, date("2026-11-26")).await;
    let mut j = Journey::new(&b, &t, "notes-phone");
    j.login("laege.hu1").await;
    j.goto("/logbook/notes").await;
    j.click("ul.notes li.note:first-child details.share summary").await;
    j.check("notes on a phone, sharing open").await;
    b.close().await;
}
