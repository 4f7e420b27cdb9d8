//! The time attestation's page decides in the role that allows it (issue 10 points 3 and 4), on
//! both databases: the approve button only once the employment's last month has opened (the
//! page says from which date), in the role held for the employment's site even when the
//! person also supervises the trainee; a pure supervisor is told why there is none; after the
//! approval the page says who approved and when, not that it can be approved.

use logbog_domain::Role;
use logbog_testkit::{TestApp, TestDb, date, dual_db_tests};

const PW: &str = logbog_app::demo::DEMO_PASSWORD;

/// An employment of `trainee` at `site` in her newest programme, from 1 June 2026 to `end`.
pub(crate) async fn employment(
    t: &TestApp,
    trainee: logbog_domain::PersonId,
    site: logbog_domain::SiteId,
    end: &str,
) -> String {
    let range = (date("2026-06-01"), date(end));
    logbog_testkit::builders::employment_in_newest_programme(&t.app, trainee, site, range)
        .await
        .to_string()
}

async fn the_page_decides_in_the_role_that_allows_it(db: TestDb) {
    let t = TestApp::with_demo(db, date("2026-11-26")).await;
    let hu1 = t.user("laege.hu1").await;
    let lead = t.user("uao.kardiologi").await;
    let site = lead
        .led_sites()
        .into_iter()
        .find(|(_, r)| *r == Role::TrainingLead)
        .unwrap()
        .0;
    // The lead also supervises her: the page opens in the supervisor's role.
    logbog_testkit::builders::supervision(&t.app, lead.id(), hu1.id(), site, lead.id(), (date("2026-06-01"), None))
        .await;
    let later = employment(&t, hu1.id(), site, "2027-03-31").await;
    let due = employment(&t, hu1.id(), site, "2026-12-15").await;
    let web = t.login("uao.kardiologi", PW).await;

    // Not yet open: no button, and from which date.
    let page = t
        .text(&web, &format!("/trainees/{}/employments/{later}", hu1.id()))
        .await;
    assert!(page.contains("Kan godkendes fra 01.03.2027"), "{page}");
    assert!(!page.contains("/approve\""), "no approve button before the window");
    assert!(!page.contains("Vejledere godkender aldrig tid"), "he is the lead here");

    // Open: the button, in the lead's role, though he also supervises her.
    let path = format!("/trainees/{}/employments/{due}", hu1.id());
    let page = t.text(&web, &path).await;
    assert!(
        page.contains("Godkend tiden som uddannelsesansvarlig overlæge"),
        "{page}"
    );
    assert!(!page.contains("Vejledere godkender aldrig tid"));
    // A supervisor only is told why he has no button.
    let sup = t.login("vejleder.hansen", PW).await;
    let theirs = t.text(&sup, &path).await;
    assert!(theirs.contains("Vejledere godkender aldrig tid") && !theirs.contains("/approve\""));

    // Approved: who and when; no longer "can be approved now".
    let csrf = logbog_testkit::csrf_of(&page);
    let r = web
        .post(t.url(&format!("{path}/approve")))
        .form(&[("csrf", csrf.as_str()), ("comment", "")])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 303);
    let page = t.text(&web, &path).await;
    assert!(
        page.contains("Godkendt af") && page.contains("(Uddannelsesansvarlig overlæge)"),
        "{page}"
    );
    assert!(
        !page.contains("Kan godkendes nu") && !page.contains("/approve\""),
        "{page}"
    );
}

/// A time attestation whose last month has opened finds its approver: it stands in the work
/// list of the site's training lead without the trainee having asked, counts in the menu, and
/// a notification (once) leads to it; approved from the work list, it is gone.
async fn a_due_time_attestation_finds_its_approver(db: TestDb) {
    let t = TestApp::with_demo(db, date("2026-11-26")).await;
    let hu1 = t.user("laege.hu1").await;
    let lead = t.user("uao.kardiologi").await;
    let site = lead
        .led_sites()
        .into_iter()
        .find(|(_, r)| *r == Role::TrainingLead)
        .unwrap()
        .0;
    let later = employment(&t, hu1.id(), site, "2027-03-31").await;
    let due = employment(&t, hu1.id(), site, "2026-12-15").await;
    let web = t.login("uao.kardiologi", PW).await;
    let list = t.text(&web, "/worklist").await;
    assert!(list.contains("Tidsattestationer, der kan godkendes nu"), "{list}");
    let action = format!("/trainees/{}/employments/{due}/approve", hu1.id());
    assert!(list.contains(&action), "the due one, with its approve form");
    assert!(
        !list.contains(&format!("/employments/{later}/approve")),
        "not one still closed"
    );
    let counted = logbog_app::approvals::waiting_count(&t.app, &lead).await.unwrap();
    let requests = logbog_app::approvals::work_list(&t.app, &lead).await.unwrap().len() as i64;
    assert_eq!(counted, requests + 2, "the menu counts it and the demo colleague's");
    // The lead's home starts with what waits: the time attestation now open.
    let home = t.text(&web, "/home").await;
    let waiting = home.find("Det venter på dig").expect("what waits, on the home");
    assert!(
        waiting < home.find("Dine roller").unwrap_or(usize::MAX),
        "first on the page"
    );
    // This one and the demo's colleague Jonas Bruun's, in the last month of his post.
    assert!(home.contains("2 tidsattestationer kan godkendes nu"), "{home}");
    // A supervisor has no time to approve; his home lists the requests by trainee, each
    // leading to that trainee's requests in the work list.
    let sup = t.login("vejleder.hansen", PW).await;
    assert!(
        !t.text(&sup, "/worklist")
            .await
            .contains("Tidsattestationer, der kan godkendes nu")
    );
    let home = t.text(&sup, "/home").await;
    assert!(
        home.contains("til godkendelse") && home.contains(&format!("/worklist?trainee={}", hu1.id())),
        "{home}"
    );

    // The job tells the lead once; the notification leads to the employment.
    let first = logbog_app::notifications::run_reminders(&t.app).await.unwrap();
    assert!(first.time_due >= 1, "{first:?}");
    assert_eq!(
        logbog_app::notifications::run_reminders(&t.app).await.unwrap().time_due,
        0
    );
    let mut conn = t.app.db.conn().await.unwrap();
    let mine = logbog_db::notifications::list_for(&mut conn, lead.id(), 50, 0)
        .await
        .unwrap();
    drop(conn);
    let link = format!("/trainees/{}/employments/{due}", hu1.id());
    let told = mine
        .iter()
        .filter(|n| n.notice.kind() == logbog_domain::NotificationKind::TimeDue)
        .find(|n| logbog_web::notify::link(&n.notice).as_deref() == Some(link.as_str()));
    assert!(
        told.is_some(),
        "the lead is told, with a link to the employment: {mine:?}"
    );

    // Approved from the work list: back to it, and it is gone.
    let r = web
        .post(t.url(&action))
        .form(&[
            ("csrf", logbog_testkit::csrf_of(&list).as_str()),
            ("comment", ""),
            ("back", "/worklist"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(r.headers()["location"], "/worklist?time_approved=1");
    let list = t.text(&web, "/worklist?time_approved=1").await;
    assert!(
        list.contains("Tidsattestationen er godkendt") && !list.contains(&action),
        "{list}"
    );
}

dual_db_tests!(
    the_page_decides_in_the_role_that_allows_it,
    a_due_time_attestation_finds_its_approver
);
