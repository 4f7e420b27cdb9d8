//! One person, several roles (issue 10 point 4), for each pair the demo has: uao.kardiologi is
//! training lead of the cardiology department in Odense and supervisor there of laege.hu1;
//! uao.anaestesi is training lead of two departments, Aalborg and Randers. Every page and action
//! decides with the role that allows it and says in which role the person acts.

use logbog_app::approvals::report_ready;
use logbog_domain::{ItemRef, Role};
use logbog_testkit::{TestApp, TestDb, csrf_of, date, dual_db_tests};

const PW: &str = logbog_app::demo::DEMO_PASSWORD;

/// The role an approval of `item` was recorded in, as the item's history tells.
async fn approved_as(t: &TestApp, trainee: logbog_domain::PersonId, item: ItemRef) -> Role {
    let mut conn = t.app.db.conn().await.unwrap();
    logbog_db::approvals::standing_approvals_of(&mut conn, trainee)
        .await
        .unwrap()
        .into_iter()
        .find(|(i, _)| *i == item)
        .map(|(_, a)| a.approver_role)
        .expect("approved")
}

async fn supervisor_and_training_lead_each_act_in_the_role_asked(db: TestDb) {
    let t = TestApp::with_demo(db, date("2026-11-26")).await;
    let hu1 = t.user("laege.hu1").await;
    let uao = t.user("uao.kardiologi").await;
    let free = t.not_started(&hu1).await;
    // One competency reported to him as training lead, one as supervisor.
    report_ready(&t.app, &hu1, &free[..1], uao.id(), Some(Role::TrainingLead), "")
        .await
        .unwrap();
    report_ready(&t.app, &hu1, &free[1..2], uao.id(), Some(Role::Supervisor), "")
        .await
        .unwrap();
    let c = t.login("uao.kardiologi", PW).await;
    for (competency, role, label) in [
        (free[0], Role::TrainingLead, "Uddannelsesansvarlig overlæge"),
        (free[1], Role::Supervisor, "Vejleder"),
    ] {
        let path = format!("/trainees/{}/competencies/{competency}", hu1.id());
        let page = t.text(&c, &path).await;
        // The page says in which role he sees it, and the form in which role he is asked.
        assert!(page.contains("Du ser kompetencen som"), "{page}");
        assert!(page.contains(&format!("til dig som {label}")), "{label}: {page}");
        let request = logbog_testkit::value_after(&page, "name=\"request\" value=\"");
        let basis = page
            .split("id=\"decide-method\"")
            .nth(1)
            .and_then(|s| s.split("<option value=\"").find(|o| o.contains(':')))
            .map(|o| o.split('"').next().unwrap().to_owned());
        let mut form = vec![
            ("csrf", csrf_of(&page)),
            ("request", request),
            ("comment", String::new()),
        ];
        if let Some(b) = basis {
            form.push(("method", b));
        }
        let r = c.post(t.url("/worklist/approve")).form(&form).send().await.unwrap();
        assert_eq!(r.status(), 303, "{label}");
        assert_eq!(approved_as(&t, hu1.id(), ItemRef::Competency(competency)).await, role);
    }
    // The trainee's logbook, opened in either role from his home, says which.
    let home = t.text(&c, "/home").await;
    for (role, text) in [
        ("supervisor", "Du ser logbogen som vejleder."),
        ("training_lead", "Du ser logbogen som uddannelsesansvarlig overlæge."),
    ] {
        let link = format!("/trainees/{}/logbook?as={role}", hu1.id());
        assert!(home.contains(&link), "{role} in {home}");
        let page = t.text(&c, &link).await;
        assert!(page.contains(text), "{text}: {page}");
    }
    // Her time is his to attest as training lead, never refused as a supervisor's.
    let mut conn = t.app.db.conn().await.unwrap();
    let today = date("2026-11-26");
    let current = logbog_db::employments::employments_of_trainee(&mut conn, hu1.id())
        .await
        .unwrap()
        .into_iter()
        .find(|e| e.start_date <= today && today <= e.end_date)
        .unwrap();
    drop(conn);
    let page = t
        .text(&c, &format!("/trainees/{}/employments/{}", hu1.id(), current.id))
        .await;
    assert!(!page.contains("Vejledere godkender aldrig tid"), "{page}");
    assert!(page.contains("Kan godkendes fra"), "{page}");
}

async fn a_training_lead_of_two_departments_decides_in_each(db: TestDb) {
    let t = TestApp::with_demo(db, date("2026-11-26")).await;
    let lead = t.user("uao.anaestesi").await;
    let sites: Vec<_> = lead
        .led_sites()
        .into_iter()
        .filter(|(_, r)| *r == Role::TrainingLead)
        .collect();
    assert_eq!(sites.len(), 2, "Aalborg and Randers");
    // Randers: the colleague's time attestation in its last month, attested as its lead.
    let due = logbog_app::approvals::due_time_attestations(&t.app, &lead)
        .await
        .unwrap();
    assert_eq!(due.len(), 1, "{due:?}");
    let d = &due[0];
    assert!(d.site_name.contains("Anæstesiologisk"), "{d:?}");
    // The API lists it too, in the role she approves it in.
    let token = t.token("uao.anaestesi", PW).await;
    let api = |token: String| {
        let t = &t;
        async move {
            let r = t
                .client()
                .get(t.url("/api/v1/worklist/time-attestations"))
                .bearer_auth(token)
                .send()
                .await
                .unwrap();
            assert_eq!(r.status(), 200);
            r.json::<serde_json::Value>().await.unwrap()
        }
    };
    let listed = api(token.clone()).await;
    assert_eq!(listed.as_array().unwrap().len(), 1, "{listed}");
    assert_eq!(listed[0]["employment_id"], d.employment_id.to_string());
    assert_eq!(listed[0]["role"], "training_lead");
    let c = t.login("uao.anaestesi", PW).await;
    let path = format!("/trainees/{}/employments/{}", d.trainee_id, d.employment_id);
    let page = t.text(&c, &path).await;
    assert!(
        page.contains("Godkend tiden som uddannelsesansvarlig overlæge"),
        "{page}"
    );
    let r = c
        .post(t.url(&format!("{path}/approve")))
        .form(&[("csrf", csrf_of(&page).as_str()), ("comment", "")])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 303);
    assert_eq!(
        approved_as(&t, d.trainee_id, ItemRef::TimeAttestation(d.employment_id)).await,
        Role::TrainingLead
    );
    assert_eq!(api(token).await, serde_json::json!([]), "approved, no longer due");
    // Aalborg: laege.hu5's request to her as training lead, decided there.
    let list = logbog_app::approvals::work_list(&t.app, &lead).await.unwrap();
    let hu5 = t.person("laege.hu5").await;
    let mine = list.iter().find(|w| w.request.trainee_id == hu5).expect("hu5 waits");
    assert_eq!(mine.request.approver_role, Role::TrainingLead);
    let method = mine.assessment_methods.first().copied();
    logbog_app::approvals::approve_each(&t.app, &lead, &[(mine.request.id, method)], "")
        .await
        .unwrap();
    assert_eq!(approved_as(&t, hu5, mine.request.item).await, Role::TrainingLead);
    // The colleague in Randers is hers, laege.hu5 in Aalborg too; each logbook says the role.
    for trainee in [d.trainee_id, hu5] {
        let page = t
            .text(&c, &format!("/trainees/{trainee}/logbook?as=training_lead"))
            .await;
        assert!(
            page.contains("Du ser logbogen som uddannelsesansvarlig overlæge."),
            "{page}"
        );
    }
}

dual_db_tests!(
    supervisor_and_training_lead_each_act_in_the_role_asked,
    a_training_lead_of_two_departments_decides_in_each
);
