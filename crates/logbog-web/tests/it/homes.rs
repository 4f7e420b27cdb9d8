//! The approvers' homes show the work (issue 10 point 2): what waits first (requests by trainee,
//! time attestations now open, posts that end soon with competencies not approved), then the
//! trainees with a progress bar each; the training lead's home is a dashboard of the department.

use logbog_testkit::{TestApp, TestDb, date, dual_db_tests};

const PW: &str = logbog_app::demo::DEMO_PASSWORD;

/// The text of the section that starts at `start` and ends before `end` (or the page's end).
fn between<'a>(html: &'a str, start: &str, end: &str) -> &'a str {
    let from = html.find(start).unwrap_or_else(|| panic!("{start:?} in {html}"));
    let rest = &html[from..];
    rest.find(end).map_or(rest, |to| &rest[..to])
}

async fn the_training_leads_home_is_a_dashboard_of_the_department(db: TestDb) {
    let t = TestApp::with_demo(db, date("2026-11-26")).await;
    let c = t.login("uao.anaestesi", PW).await;
    let html = t.text(&c, "/home").await;
    // What waits comes first: the time attestation nobody asked for, the requests, and the
    // colleague whose post ends this month with work left.
    let waiting = between(&html, "Det venter på dig", "</section>");
    assert!(waiting.contains("1 tidsattestation kan godkendes nu"), "{waiting}");
    assert!(waiting.contains("Magnus Dalgaard"), "{waiting}");
    assert!(
        waiting.contains("Magnus Dalgaard er hos dig til")
            && waiting.contains("og 2 kompetencer i fasen er ikke godkendt"),
        "{waiting}"
    );
    // She leads two departments: a dashboard of each, told apart by their hospitals.
    let aalborg = "Afdelingen: Anæstesiologisk Afdeling, Aalborg Universitetshospital";
    let randers = "Afdelingen: Anæstesiologisk Afdeling, Regionshospitalet Randers";
    assert!(
        html.find("Det venter på dig").unwrap() < html.find(aalborg).unwrap(),
        "what waits before the dashboards"
    );
    let dashboard = between(&html, aalborg, "</section>");
    // Each trainee of the department with a bar per phase.
    assert!(dashboard.contains("Camilla Nørgaard"), "{dashboard}");
    assert!(!dashboard.contains("Magnus Dalgaard"), "{dashboard}");
    assert!(dashboard.contains("class=\"bar\""), "{dashboard}");
    // Whom the requests wait on: the supervisor and the lead herself.
    let waiting_on = between(dashboard, "Hvad venter, og på hvem", "<h3>");
    assert!(waiting_on.contains("Jakob Overgaard (Vejleder)"), "{waiting_on}");
    assert!(
        waiting_on.contains("Birgitte Lund (Uddannelsesansvarlig overlæge)"),
        "{waiting_on}"
    );
    assert!(waiting_on.contains("har ventet"), "{waiting_on}");
    let supervisors = between(dashboard, "Vejledere og deres uddannelseslæger", "<h3>");
    assert!(
        supervisors.contains("Jakob Overgaard") && supervisors.contains("Camilla Nørgaard (hovedvejleder)"),
        "{supervisors}"
    );
    let dashboard = between(&html, randers, "</section>");
    assert!(dashboard.contains("Magnus Dalgaard"), "{dashboard}");
    let supervisors = between(dashboard, "Vejledere og deres uddannelseslæger", "<h3>");
    assert!(
        supervisors.contains("Maja Winther") && supervisors.contains("Magnus Dalgaard (hovedvejleder)"),
        "{supervisors}"
    );
    // Frederik's post ends this month, and leads to its time attestation.
    let ending = between(dashboard, "Ansættelser der slutter inden for to måneder", "</section>");
    assert!(
        ending.contains("Magnus Dalgaard") && ending.contains("/employments/"),
        "{ending}"
    );
    let link = ending.split("href=\"").nth(1).unwrap().split('"').next().unwrap();
    let page = t.text(&c, link).await;
    assert!(
        page.contains("Godkend tiden som uddannelsesansvarlig overlæge"),
        "{page}"
    );
    // And below, the trainees with a progress bar each.
    let trainees = between(&html, "Dine uddannelseslæger", "</section>");
    assert!(
        trainees.contains("Fremgang i fasen") && trainees.contains("godkendt"),
        "{trainees}"
    );
}

async fn supervisors_and_tutors_see_their_trainees_progress_without_a_dashboard(db: TestDb) {
    let t = TestApp::with_demo(db, date("2026-11-26")).await;
    for (username, trainee) in [("vejleder.hansen", "Ida Mikkelsen"), ("tutor.praksis", "Cecilie Fogh")] {
        let c = t.login(username, PW).await;
        let html = t.text(&c, "/home").await;
        assert!(
            !html.contains("Afdelingen:"),
            "{username}: a dashboard is the training lead's"
        );
        let trainees = between(&html, "Dine uddannelseslæger", "</section>");
        assert!(trainees.contains(trainee), "{username}: {trainees}");
        assert!(trainees.contains("class=\"bar\""), "{username}: {trainees}");
        assert!(
            html.find("Det venter på dig").unwrap() < html.find("Dine uddannelseslæger").unwrap(),
            "{username}: what waits first"
        );
    }
    // In English too.
    let c = t.login("tutor.praksis", PW).await;
    let home = t.text(&c, "/home").await;
    let csrf = logbog_testkit::csrf_of(&home);
    let r = c
        .post(t.url("/language"))
        .form(&[("csrf", csrf.as_str()), ("lang", "en"), ("back", "/home")])
        .send()
        .await
        .unwrap();
    assert!(r.status().is_redirection() || r.status().is_success(), "{}", r.status());
    let html = t.text(&c, "/home").await;
    assert!(html.contains("Progress in the phase"), "{html}");
}

dual_db_tests!(
    the_training_leads_home_is_a_dashboard_of_the_department,
    supervisors_and_tutors_see_their_trainees_progress_without_a_dashboard
);
