//! The access flaws found when the product was tried as each role (issue "Ready for growth",
//! point 9), each as a dated case on both databases through the real app and HTTP.

use logbog_domain::{PersonId, Role, SiteId};
use logbog_testkit::{TestApp, TestDb, csrf_of, date, dual_db_tests};
use serde_json::{Value, json};

const PW: &str = logbog_app::demo::DEMO_PASSWORD;
const TODAY: &str = "2026-11-26";

async fn api(t: &TestApp, token: &str, method: reqwest::Method, path: &str, body: Option<Value>) -> (u16, Value) {
    let mut r = t.client().request(method, t.url(path)).bearer_auth(token);
    if let Some(b) = body {
        r = r.json(&b);
    }
    let r = r.send().await.unwrap();
    let status = r.status().as_u16();
    let text = r.text().await.unwrap();
    (status, serde_json::from_str(&text).unwrap_or(Value::Null))
}

/// The site and end date of the trainee's employment today.
async fn current_employment(t: &TestApp, trainee: PersonId) -> (SiteId, chrono::NaiveDate) {
    let mut conn = t.app.db.conn().await.unwrap();
    let today = date(TODAY);
    let e = logbog_db::employments::employments_of_trainee(&mut conn, trainee)
        .await
        .unwrap()
        .into_iter()
        .find(|e| e.start_date <= today && today <= e.end_date)
        .expect("employed today");
    (e.site_id, e.end_date)
}

async fn supervision_of(t: &TestApp, supervisor: PersonId, trainee: PersonId) -> String {
    let mut conn = t.app.db.conn().await.unwrap();
    sqlx::query_scalar(
        "SELECT id FROM supervisions WHERE supervisor_id = $1 AND trainee_id = $2 ORDER BY valid_from DESC",
    )
    .bind(supervisor.to_string())
    .bind(trainee.to_string())
    .fetch_one(&mut *conn)
    .await
    .unwrap()
}

/// A trainee made training lead of her own department can give, change or end access to the
/// logbooks of the department's other trainees, never to her own: not through the API, and
/// her own logbook is not offered on the page.
async fn a_trainee_never_manages_access_to_her_own_logbook(db: TestDb) {
    let t = TestApp::with_demo(db, date(TODAY)).await;
    let hu1 = t.person("laege.hu1").await;
    let hansen = t.person("vejleder.hansen").await;
    let (site, _) = current_employment(&t, hu1).await;
    let syd = t.user("sekretariat.syd").await;
    logbog_app::access::grant_site_role(&t.app, &syd, "laege.hu1", site, date("2026-11-01"), None)
        .await
        .unwrap();
    let token = t.token("laege.hu1", PW).await;

    let (status, body) = api(
        &t,
        &token,
        reqwest::Method::POST,
        "/api/v1/access/supervisions",
        Some(json!({ "trainee": hu1, "supervisor": hansen, "kind": "daily", "valid_from": TODAY })),
    )
    .await;
    assert_eq!(status, 403, "{body}");
    assert_eq!(body["error"], "own_logbook_access");

    let own = supervision_of(&t, hansen, hu1).await;
    let (status, body) = api(
        &t,
        &token,
        reqwest::Method::DELETE,
        &format!("/api/v1/access/supervisions/{own}"),
        None,
    )
    .await;
    assert_eq!(status, 403, "{body}");
    assert_eq!(body["error"], "own_logbook_access");
    let mut conn = t.app.db.conn().await.unwrap();
    let still = logbog_db::supervisions::current_supervisors(&mut conn, hu1, date(TODAY))
        .await
        .unwrap();
    assert!(
        still.iter().any(|s| s.supervisor_id == hansen),
        "her supervisor keeps access"
    );
    drop(conn);

    // Her own logbook is not among those the page and the API let her manage.
    let (status, list) = api(&t, &token, reqwest::Method::GET, "/api/v1/access/supervisions", None).await;
    assert_eq!(status, 200, "{list}");
    assert!(!list.to_string().contains(&own), "{list}");
    let page = t.login("laege.hu1", PW).await;
    let html = t.text(&page, "/access").await;
    assert!(
        !html.contains(&format!("value=\"{hu1}\"")),
        "not offered as a trainee to give access to"
    );
}

/// Access a training lead gives a supervisor lasts at most while the trainee is employed at
/// the department: longer is refused with the employment's end date, open-ended means until
/// then, and access that was stored longer ends when the employment ends anyway.
async fn a_supervisors_access_lasts_at_most_the_employment(db: TestDb) {
    let t = TestApp::with_demo(db, date(TODAY)).await;
    let hu1 = t.person("laege.hu1").await;
    let (site, ends) = current_employment(&t, hu1).await;
    let site_id = site.to_string();
    let new = logbog_testkit::builders::account(
        &t.app,
        "ny.vejleder",
        Role::Supervisor,
        Some(&site_id),
        date("2020-01-01"),
    )
    .await;
    let lead = t.user("uao.kardiologi").await;

    let refused = logbog_app::access::grant_supervision(
        &t.app,
        &lead,
        hu1,
        new,
        logbog_domain::SupervisorKind::Daily,
        date(TODAY),
        Some(date("2033-12-31")),
    )
    .await;
    assert!(
        matches!(
            &refused,
            Err(logbog_app::AppError::Invalid {
                field: "valid_until",
                problem: logbog_app::Problem::BeyondEmployment { ends_on }
            }) if *ends_on == ends
        ),
        "{refused:?}"
    );
    // Through the page the message names the end date.
    let c = t.login("uao.kardiologi", PW).await;
    let html = t.text(&c, "/access").await;
    let r = c
        .post(t.url("/access/supervisions"))
        .form(&[
            ("csrf", csrf_of(&html).as_str()),
            ("trainee", &hu1.to_string()),
            ("supervisor", &new.to_string()),
            ("kind", "daily"),
            ("valid_from", TODAY),
            ("valid_until", "2033-12-31"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 422);
    let text = r.text().await.unwrap();
    assert!(text.contains("ansættelse på stedet slutter"), "{text}");

    logbog_app::access::grant_supervision(
        &t.app,
        &lead,
        hu1,
        new,
        logbog_domain::SupervisorKind::Daily,
        date(TODAY),
        None,
    )
    .await
    .unwrap();
    let mut conn = t.app.db.conn().await.unwrap();
    let until: Option<String> = sqlx::query_scalar("SELECT valid_until FROM supervisions WHERE supervisor_id = $1")
        .bind(new.to_string())
        .fetch_one(&mut *conn)
        .await
        .unwrap();
    assert_eq!(
        until,
        Some(ends.to_string()),
        "open-ended means until the employment ends"
    );

    // A supervision stored until 2033 (as before this rule) ends with the employment.
    sqlx::query("UPDATE supervisions SET valid_until = '2033-12-31' WHERE supervisor_id = $1")
        .bind(new.to_string())
        .execute(&mut *conn)
        .await
        .unwrap();
    drop(conn);
    let after = ends.succ_opt().unwrap();
    t.clock.set_date(after);
    let mut conn = t.app.db.conn().await.unwrap();
    let roles = logbog_db::relations::relation_roles(&mut conn, new, hu1, after)
        .await
        .unwrap();
    assert!(roles.is_empty(), "{roles:?}");
    let approvers = logbog_db::requests::current_approvers(&mut conn, hu1, after)
        .await
        .unwrap();
    assert!(approvers.iter().all(|a| a.person_id != new));
    drop(conn);
    let supervisor = t.user("ny.vejleder").await;
    let seen = logbog_app::logbook::view_logbook(&t.app, &supervisor, hu1, Default::default()).await;
    assert!(matches!(seen, Err(logbog_app::AppError::Forbidden)), "{seen:?}");
}

/// A person who is both supervisor and training lead of the trainee is offered in both roles,
/// and a request keeps the role it was addressed in, through the page and the API.
async fn reporting_to_a_supervisor_and_training_lead_keeps_the_role(db: TestDb) {
    let t = TestApp::with_demo(db, date(TODAY)).await;
    let hu1 = t.person("laege.hu1").await;
    let uao = t.person("uao.kardiologi").await;
    let c = t.login("laege.hu1", PW).await;
    let html = t.text(&c, "/logbook").await;
    let as_lead = format!("{uao}:training_lead");
    let as_supervisor = format!("{uao}:supervisor");
    assert!(
        html.contains(&format!("value=\"{as_lead}\"")),
        "offered as training lead"
    );
    assert!(
        html.contains(&format!("value=\"{as_supervisor}\"")),
        "and as supervisor"
    );
    let ids: Vec<String> = html
        .split("name=\"competency\" value=\"")
        .skip(1)
        .map(|s| s.split('"').next().unwrap().to_owned())
        .collect();
    let r = c
        .post(t.url("/logbook/report"))
        .form(&[
            ("csrf", csrf_of(&html).as_str()),
            ("back", "/logbook"),
            ("competency", &ids[0]),
            ("approver", &as_lead),
            ("message", ""),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 303);

    let token = t.token("laege.hu1", PW).await;
    let (status, body) = api(
        &t,
        &token,
        reqwest::Method::POST,
        &format!("/api/v1/trainees/{hu1}/requests"),
        Some(json!({ "competencies": [ids[1]], "approver": uao, "approver_role": "supervisor" })),
    )
    .await;
    assert_eq!(status, 201, "{body}");
    let (status, body) = api(
        &t,
        &token,
        reqwest::Method::POST,
        &format!("/api/v1/trainees/{hu1}/requests"),
        Some(json!({ "competencies": [ids[2]], "approver": uao, "approver_role": "tutor" })),
    )
    .await;
    assert_eq!(status, 422, "not a role he holds towards her: {body}");

    let user = t.user("uao.kardiologi").await;
    let list = logbog_app::approvals::work_list(&t.app, &user).await.unwrap();
    let role_of = |id: &str| {
        list.iter()
            .find(|w| w.request.item.id_text() == id)
            .map(|w| w.request.approver_role)
    };
    assert_eq!(role_of(&ids[0]), Some(Role::TrainingLead));
    assert_eq!(role_of(&ids[1]), Some(Role::Supervisor));
    // The work list page says in which role he is asked.
    let lead = t.login("uao.kardiologi", PW).await;
    let page = t.text(&lead, "/worklist").await;
    assert!(page.contains("til dig som Uddannelsesansvarlig overlæge"), "{page}");
    assert!(page.contains("til dig som Vejleder"), "{page}");
}

/// Implausible periods, an unknown curriculum, ending what is ended and resets that cannot be
/// each answer with a code and a message that say what happened.
async fn refusals_say_what_happened(db: TestDb) {
    let t = TestApp::with_demo(db, date(TODAY)).await;
    let hu1 = t.person("laege.hu1").await;
    let (site, _) = current_employment(&t, hu1).await;
    let syd = t.token("sekretariat.syd", PW).await;
    let grant = |from: &str, until: Option<&str>| json!({ "username": "vejleder.hansen", "site": site, "valid_from": from, "valid_until": until });
    for (from, until, field) in [
        ("1980-01-01", None, "valid_from"),
        ("2045-01-01", None, "valid_from"),
        (TODAY, Some("2040-01-01"), "valid_until"),
    ] {
        let (status, body) = api(
            &t,
            &syd,
            reqwest::Method::POST,
            "/api/v1/access/site-grants",
            Some(grant(from, until)),
        )
        .await;
        assert_eq!(status, 422, "{from} {until:?}: {body}");
        assert_eq!(body["error"], "invalid_input");
        assert!(body["message"].as_str().unwrap().contains("1990"), "{body}");
        assert!(
            body.to_string().contains(field)
                || body["message"]
                    .as_str()
                    .unwrap()
                    .to_lowercase()
                    .contains(if field == "valid_from" { "from" } else { "until" }),
            "{body}"
        );
    }
    let (status, body) = api(
        &t,
        &syd,
        reqwest::Method::POST,
        "/api/v1/access/site-grants",
        Some(grant(TODAY, Some("2027-12-31"))),
    )
    .await;
    assert_eq!(status, 201, "{body}");
    let mut conn = t.app.db.conn().await.unwrap();
    let id: String = sqlx::query_scalar(
        "SELECT g.id FROM role_grants g JOIN accounts a ON a.person_id = g.person_id \
         WHERE a.username = 'vejleder.hansen' AND g.role = 'training_lead' AND g.valid_until = '2027-12-31'",
    )
    .fetch_one(&mut *conn)
    .await
    .unwrap();
    drop(conn);
    let path = format!("/api/v1/access/site-grants/{id}");
    assert_eq!(api(&t, &syd, reqwest::Method::DELETE, &path, None).await.0, 204);
    let (status, body) = api(&t, &syd, reqwest::Method::DELETE, &path, None).await;
    assert_eq!((status, body["error"].as_str()), (409, Some("already_ended")), "{body}");

    // An unknown curriculum filter is not found, not ignored.
    let trainee = t.token("laege.hu1", PW).await;
    let unknown = logbog_domain::CurriculumVersionId::new();
    let (status, body) = api(
        &t,
        &trainee,
        reqwest::Method::GET,
        &format!("/api/v1/trainees/{hu1}/competencies?curriculum={unknown}"),
        None,
    )
    .await;
    assert_eq!(status, 404, "{body}");

    // Resetting an item that is not the trainee's is not found; a reset by anyone outside a
    // secretariat is refused as such.
    let reset = json!({ "request_reference": "J.nr. 1", "reason": "Fejl" });
    let nothing = logbog_domain::CompetencyId::new();
    let (status, body) = api(
        &t,
        &syd,
        reqwest::Method::POST,
        &format!("/api/v1/trainees/{hu1}/competencies/{nothing}/reset"),
        Some(reset.clone()),
    )
    .await;
    assert_eq!((status, body["error"].as_str()), (404, Some("not_found")), "{body}");
    let user = t.user("laege.hu1").await;
    let lb = logbog_app::logbook::view_logbook(&t.app, &user, hu1, Default::default())
        .await
        .unwrap();
    let approved = lb
        .competencies
        .iter()
        .find(|c| c.status.state() == logbog_domain::CompetencyState::Approved)
        .map(|c| c.competency.id)
        .expect("an approved competency");
    let supervisor = t.token("vejleder.hansen", PW).await;
    let (status, body) = api(
        &t,
        &supervisor,
        reqwest::Method::POST,
        &format!("/api/v1/trainees/{hu1}/competencies/{approved}/reset"),
        Some(reset),
    )
    .await;
    assert_eq!(
        (status, body["error"].as_str()),
        (403, Some("only_secretariat_resets")),
        "{body}"
    );
}

/// A view of a logbook is audited in the role the viewer acts in: the one asked for (from the
/// home page, which says in which role each trainee is listed), else the closest relation.
async fn a_view_is_audited_in_the_role_the_viewer_acts_in(db: TestDb) {
    let t = TestApp::with_demo(db, date(TODAY)).await;
    let hu1 = t.person("laege.hu1").await;
    let uao = t.login("uao.kardiologi", PW).await;
    let home = t.text(&uao, "/home").await;
    assert!(
        home.contains(&format!("/trainees/{hu1}/logbook?as=training_lead")),
        "the home page links in each role: {home}"
    );
    t.text(&uao, &format!("/trainees/{hu1}/logbook?as=training_lead")).await;
    t.text(&uao, &format!("/trainees/{hu1}/logbook")).await;
    let mut conn = t.app.db.conn().await.unwrap();
    let roles: Vec<String> = sqlx::query_scalar(
        "SELECT e.actor_role FROM audit_events e JOIN accounts a ON a.person_id = e.actor_id \
         WHERE a.username = 'uao.kardiologi' AND e.action = 'logbook.viewed' ORDER BY e.seq",
    )
    .fetch_all(&mut *conn)
    .await
    .unwrap();
    assert_eq!(
        roles.iter().rev().take(2).rev().cloned().collect::<Vec<_>>(),
        ["training_lead", "supervisor"]
    );
    // A role the viewer does not hold towards the trainee is not taken.
    drop(conn);
    t.text(&uao, &format!("/trainees/{hu1}/logbook?as=secretariat")).await;
    let mut conn = t.app.db.conn().await.unwrap();
    let last: String = sqlx::query_scalar(
        "SELECT e.actor_role FROM audit_events e JOIN accounts a ON a.person_id = e.actor_id \
         WHERE a.username = 'uao.kardiologi' AND e.action = 'logbook.viewed' ORDER BY e.seq DESC LIMIT 1",
    )
    .fetch_one(&mut *conn)
    .await
    .unwrap();
    assert_eq!(last, "supervisor");
}

/// Case-insensitive name search finds Æ, Ø and Å on SQLite as on PostgreSQL.
async fn name_search_folds_danish_letters(db: TestDb) {
    let t = TestApp::with_demo(db, date(TODAY)).await;
    let mut tx = t.app.db.begin().await.unwrap();
    let person = logbog_db::accounts::insert_person(
        &mut tx,
        &logbog_db::accounts::NewPerson {
            given_name: "Åse",
            family_name: "Ærø-Østergård",
            cpr: None,
            authorisation_id: None,
            email: None,
        },
        chrono::Utc::now(),
    )
    .await
    .unwrap();
    tx.commit().await.unwrap();
    // Give her a programme in Syd like laege.hu1's.
    let mut conn = t.app.db.conn().await.unwrap();
    let hu1 = t.person("laege.hu1").await;
    let p = &logbog_db::programmes::programmes_of(&mut conn, hu1).await.unwrap()[0];
    drop(conn);
    let mut tx = t.app.db.begin().await.unwrap();
    logbog_db::programmes::insert_programme(
        &mut tx,
        &logbog_db::programmes::NewProgramme {
            trainee_id: person,
            kind: p.kind,
            specialty_id: p.specialty_id,
            region: p.region,
            start_date: p.start_date,
            end_date: p.end_date,
            agreement_reference: "UA-TEST-1".into(),
        },
        chrono::Utc::now(),
    )
    .await
    .unwrap();
    tx.commit().await.unwrap();
    let syd = t.user("sekretariat.syd").await;
    for query in ["åse", "ÅSE", "ærø", "ØSTERGÅRD", "østergård"] {
        let found = logbog_app::people::region_trainees(&t.app, &syd, query, Default::default())
            .await
            .unwrap()
            .items;
        assert!(found.iter().any(|(id, _)| *id == person), "{query}: {found:?}");
    }
    let none = logbog_app::people::region_trainees(&t.app, &syd, "ø%", Default::default())
        .await
        .unwrap()
        .items;
    assert!(none.is_empty(), "a % in the query is taken literally: {none:?}");
}

/// A dated case from builders alone (no demo): a supervisor given access at a department
/// keeps it while the trainee is employed there, and loses it the day the trainee moves to
/// another hospital, whatever end the supervision named; the waiting request then waits for
/// nobody and can go to the new department's training lead.
async fn access_follows_the_employment_from_builders(db: TestDb) {
    use logbog_domain::{PostgraduateRegion::Syd, ProgrammeKind, SiteKind};
    use logbog_testkit::builders;
    let t = TestApp::start(db, date("2026-10-15")).await;
    let (version, comps) = builders::curriculum(
        &t.app,
        "intro-test",
        ProgrammeKind::Introduction,
        "intern-medicin-kardiologi",
        date("2020-01-01"),
        3,
    )
    .await;
    let odense = builders::site(&t.app, "Kardiologisk afdeling B", SiteKind::Department, Syd).await;
    let vejle = builders::site(&t.app, "Medicinsk afdeling", SiteKind::Department, Syd).await;
    let trainee = builders::account(&t.app, "ida", Role::Trainee, None, date("2026-09-01")).await;
    let supervisor = builders::account(
        &t.app,
        "mette",
        Role::Supervisor,
        Some(&odense.to_string()),
        date("2020-01-01"),
    )
    .await;
    let lead = builders::account(
        &t.app,
        "lars",
        Role::TrainingLead,
        Some(&vejle.to_string()),
        date("2020-01-01"),
    )
    .await;
    let programme = builders::programme(
        &t.app,
        trainee,
        ProgrammeKind::Introduction,
        Syd,
        version,
        (date("2026-09-01"), date("2027-08-31")),
    )
    .await;
    builders::employment(
        &t.app,
        programme,
        odense,
        version,
        (date("2026-09-01"), date("2026-11-30")),
    )
    .await;
    builders::employment(
        &t.app,
        programme,
        vejle,
        version,
        (date("2026-12-01"), date("2027-08-31")),
    )
    .await;
    builders::supervision(
        &t.app,
        supervisor,
        trainee,
        odense,
        lead,
        (date("2026-09-01"), Some(date("2033-12-31"))),
    )
    .await;

    let ida = t.user("ida").await;
    logbog_app::approvals::report_ready(&t.app, &ida, &comps[..1], supervisor, Some(Role::Supervisor), "")
        .await
        .unwrap();
    let mette = t.user("mette").await;
    assert_eq!(logbog_app::approvals::waiting_count(&t.app, &mette).await.unwrap(), 1);

    t.clock.set_date(date("2026-12-01"));
    let mette = t.user("mette").await;
    assert_eq!(
        logbog_app::approvals::waiting_count(&t.app, &mette).await.unwrap(),
        0,
        "gone with the employment"
    );
    let seen = logbog_app::logbook::view_logbook(&t.app, &mette, trainee, Default::default()).await;
    assert!(matches!(seen, Err(logbog_app::AppError::Forbidden)), "{seen:?}");
    let ida = t.user("ida").await;
    let lb = logbog_app::logbook::view_logbook(&t.app, &ida, trainee, Default::default())
        .await
        .unwrap();
    let first = lb.competencies.iter().find(|c| c.competency.id == comps[0]).unwrap();
    assert!(first.status.waits_for_nobody(), "{:?}", first.status);
    logbog_app::approvals::report_ready(&t.app, &ida, &comps[..1], lead, None, "")
        .await
        .unwrap();
    let lars = t.user("lars").await;
    assert_eq!(logbog_app::approvals::waiting_count(&t.app, &lars).await.unwrap(), 1);
}

dual_db_tests!(
    a_trainee_never_manages_access_to_her_own_logbook,
    a_supervisors_access_lasts_at_most_the_employment,
    reporting_to_a_supervisor_and_training_lead_keeps_the_role,
    refusals_say_what_happened,
    a_view_is_audited_in_the_role_the_viewer_acts_in,
    name_search_folds_danish_letters,
    access_follows_the_employment_from_builders,
);
