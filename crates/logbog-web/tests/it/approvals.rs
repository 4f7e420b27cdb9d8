//! Requests and approvals through the pages, on both databases: report ready, the work list,
//! approve several at once with a basis, return with a comment, withdraw, and the refusals.

use logbog_testkit::{TestApp, TestDb, csrf_of, date, dual_db_tests};
use std::collections::HashMap;

const PW: &str = logbog_app::demo::DEMO_PASSWORD;

/// The logbook page of a client, with its CSRF token and the ids of reportable competencies.
async fn logbook(t: &TestApp, c: &reqwest::Client) -> (String, String, Vec<String>) {
    let html = t.text(c, "/logbook").await;
    let csrf = csrf_of(&html);
    let ids = html
        .split("name=\"competency\" value=\"")
        .skip(1)
        .map(|s| s.split('"').next().unwrap().to_owned())
        .collect();
    (html, csrf, ids)
}

/// Report competencies ready through the logbook's form.
async fn report(
    t: &TestApp,
    client: &reqwest::Client,
    csrf: &str,
    competencies: &[&str],
    approver: &str,
    message: &str,
) -> reqwest::Response {
    let mut form = vec![("csrf", csrf), ("back", "/logbook")];
    form.extend(competencies.iter().map(|c| ("competency", *c)));
    form.extend([("approver", approver), ("message", message)]);
    client.post(t.url("/logbook/report")).form(&form).send().await.unwrap()
}

fn option_value(html: &str, label_part: &str) -> String {
    html.split("<option value=\"")
        .skip(1)
        .find(|s| s.split("</option>").next().unwrap().contains(label_part))
        .map(|s| s.split('"').next().unwrap().to_owned())
        .unwrap_or_else(|| panic!("an option with {label_part}"))
}

async fn audit_counts(t: &TestApp) -> HashMap<String, i64> {
    let mut conn = t.app.db.conn().await.unwrap();
    let rows: Vec<(String, i64)> = sqlx::query_as("SELECT action, COUNT(*) FROM audit_events GROUP BY action")
        .fetch_all(&mut *conn)
        .await
        .unwrap();
    rows.into_iter().collect()
}

async fn report_two_and_approve_both_from_the_work_list(db: TestDb) {
    let t = TestApp::with_demo(db, date("2026-11-26")).await;
    let trainee = t.login("laege.hu1", PW).await;
    let (html, csrf, ids) = logbook(&t, &trainee).await;
    assert!(ids.len() >= 2, "not-started competencies can be chosen");
    let supervisor = option_value(&html, "Vejleder");
    let resp = report(
        &t,
        &trainee,
        &csrf,
        &[ids[0].as_str(), ids[1].as_str()],
        &supervisor,
        "Kompetencekort vedhæftet",
    )
    .await;
    assert_eq!(resp.status(), 303);
    assert_eq!(resp.headers()["location"], "/logbook?reported=2#report-done");
    let html = t.text(&trainee, "/logbook?reported=2").await;
    // The confirmation names what was reported and to whom.
    let notice = html
        .split("id=\"report-done\">")
        .nth(1)
        .unwrap()
        .split("</p>")
        .next()
        .unwrap();
    assert!(
        notice.ends_with("er meldt klar til Mette Hansen (vejleder)."),
        "{notice}"
    );
    assert_eq!(notice.matches(", ").count(), 1, "two codes: {notice}");
    assert!(
        html.contains("Meldt klar til Mette Hansen den 26.11.2026"),
        "for whom and since when"
    );
    // Reporting the same again is refused, keeping the message typed.
    let (_, csrf, _) = logbook(&t, &trainee).await;
    let again = report(&t, &trainee, &csrf, &[ids[0].as_str()], &supervisor, "igen").await;
    assert_eq!(again.status(), 409);
    let body = again.text().await.unwrap();
    assert!(body.contains("allerede") && body.contains(">igen</textarea>"), "{body}");

    let before = audit_counts(&t).await;
    let sup = t.login("vejleder.hansen", PW).await;
    let list = t.text(&sup, "/worklist").await;
    assert!(list.contains("venter"), "the navigation shows the waiting count");
    assert!(list.contains("Kompetencekort vedhæftet"));
    let requests: Vec<String> = list
        .split("name=\"request\" value=\"")
        .skip(1)
        .map(|s| s.split('"').next().unwrap().to_owned())
        .collect();
    assert!(requests.len() >= 2);
    let csrf = csrf_of(&list);
    // The basis is required.
    let no_method = sup
        .post(t.url("/worklist/approve"))
        .form(&[("csrf", csrf.as_str()), ("request", &requests[0]), ("method", "")])
        .send()
        .await
        .unwrap();
    assert_eq!(no_method.status(), 422);
    // The two of this trainee (the newest two) in one go, each on a method its curriculum names.
    let mine: Vec<&String> = requests.iter().rev().take(2).collect();
    let method_of = |rid: &str| {
        let marker = format!("<option value=\"{rid}:");
        let rest = list.split(&marker).nth(1).expect("a method option for the request");
        format!("{rid}:{}", rest.split('"').next().unwrap())
    };
    let (m0, m1) = (method_of(mine[0]), method_of(mine[1]));
    // A method the curriculum does not name is refused; the list comes back with the reason and
    // with what was ticked and written.
    let foreign = format!("{}:360_feedback_not_named", mine[0]);
    let wrong = logbog_domain::AssessmentMethod::ALL
        .iter()
        .map(|m| format!("{}:{}", mine[0], m.code()))
        .find(|v| !list.contains(&format!("<option value=\"{v}\"")))
        .unwrap_or(foreign);
    let resp = sup
        .post(t.url("/worklist/approve"))
        .form(&[
            ("csrf", csrf.as_str()),
            ("request", mine[0]),
            ("method", wrong.as_str()),
            ("comment", "Set i ambulatoriet"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), 422);
    let again = resp.text().await.unwrap();
    assert!(again.contains("role=\"alert\""), "the reason is shown");
    // In Danish, by the field it concerns: the basis of that item.
    let by_field = again
        .split(&format!("id=\"m-error-{}\"", mine[0]))
        .nth(1)
        .expect("the reason stands by the item's basis");
    assert!(by_field.contains("er ikke en bedømmelsesmetode for"), "{by_field}");
    assert!(again.contains(&format!("aria-describedby=\"m-error-{}\"", mine[0])));
    assert!(
        again.contains(&format!("value=\"{}\" id=\"r-{}\" checked", mine[0], mine[0])),
        "still ticked"
    );
    assert!(again.contains(">Set i ambulatoriet</textarea>"), "the comment is kept");
    let resp = sup
        .post(t.url("/worklist/approve"))
        .form(&[
            ("csrf", csrf.as_str()),
            ("request", mine[0]),
            ("request", mine[1]),
            ("method", m0.as_str()),
            ("method", m1.as_str()),
            ("comment", "Set i ambulatoriet"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), 303, "{}", resp.text().await.unwrap());
    let after = audit_counts(&t).await;
    assert_eq!(
        after.get("approval.approved").copied().unwrap_or(0) - before.get("approval.approved").copied().unwrap_or(0),
        2
    );
    let html = t.text(&trainee, "/logbook").await;
    assert!(html.matches("Godkendt af").count() >= 2);
    assert!(html.contains("(Vejleder)"));
    let comp = t.text(&trainee, &format!("/logbook/competencies/{}", ids[0])).await;
    assert!(comp.contains("Set i ambulatoriet") && comp.contains("Meldt klar til godkendelse"));
    // Approving the same request again is refused as decided.
    let again = sup
        .post(t.url("/worklist/approve"))
        .form(&[
            ("csrf", csrf.as_str()),
            ("request", mine[0]),
            ("method", "direct_observation"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(again.status(), 409);
}

async fn return_and_withdraw(db: TestDb) {
    let t = TestApp::with_demo(db, date("2026-11-26")).await;
    let trainee = t.login("laege.hu1", PW).await;
    let (html, csrf, ids) = logbook(&t, &trainee).await;
    let supervisor = option_value(&html, "Vejleder");
    for id in &ids[..2] {
        let r = report(&t, &trainee, &csrf, &[id.as_str()], &supervisor, "").await;
        assert_eq!(r.status(), 303);
    }
    // Withdraw the first from its page.
    let page = t.text(&trainee, &format!("/logbook/competencies/{}", ids[0])).await;
    let request = page
        .split("/logbook/requests/")
        .nth(1)
        .unwrap()
        .split('/')
        .next()
        .unwrap()
        .to_owned();
    let r = trainee
        .post(t.url(&format!("/logbook/requests/{request}/withdraw")))
        .form(&[
            ("csrf", csrf_of(&page).as_str()),
            ("back", &format!("/logbook/competencies/{}", ids[0])),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 303);
    let page = t.text(&trainee, &format!("/logbook/competencies/{}", ids[0])).await;
    assert!(page.contains("Ikke påbegyndt") && page.contains("Trukket tilbage"));

    // The supervisor returns the second with a comment; a return needs one.
    let sup = t.login("vejleder.hansen", PW).await;
    let list = t.text(&sup, "/worklist").await;
    let target = list.split("/trainees/").find(|s| s.contains(&ids[1])).is_some();
    assert!(target);
    let request = list
        .split("/worklist/requests/")
        .skip(1)
        .map(|s| s.split('/').next().unwrap().to_owned())
        .last()
        .unwrap();
    let csrf = csrf_of(&list);
    let empty = sup
        .post(t.url(&format!("/worklist/requests/{request}/return")))
        .form(&[("csrf", csrf.as_str()), ("comment", " ")])
        .send()
        .await
        .unwrap();
    assert_eq!(empty.status(), 400);
    let r = sup
        .post(t.url(&format!("/worklist/requests/{request}/return")))
        .form(&[("csrf", csrf.as_str()), ("comment", "Upload kompetencekortet først")])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 303);
    let page = t.text(&trainee, &format!("/logbook/competencies/{}", ids[1])).await;
    assert!(page.contains("Upload kompetencekortet først") && page.contains("Returneret med kommentar"));

    // Someone who is not a current approver cannot be chosen.
    let (_, csrf, ids) = logbook(&t, &trainee).await;
    let stranger = logbog_testkit::builders::account(
        &t.app,
        "stranger",
        logbog_domain::Role::Supervisor,
        None,
        date("2020-01-01"),
    )
    .await;
    let r = report(&t, &trainee, &csrf, &[ids[0].as_str()], &stranger.to_string(), "").await;
    assert_eq!(r.status(), 422);
}

/// The not-started competencies of every phase of the trainee's curricula.
async fn not_started(t: &TestApp, trainee: logbog_domain::PersonId) -> Vec<logbog_domain::CompetencyId> {
    let mut free = Vec::new();
    let mut conn = t.app.db.conn().await.unwrap();
    for (_, v) in logbog_db::programmes::curricula_of_trainee(&mut conn, trainee)
        .await
        .unwrap()
    {
        let statuses = logbog_app::items::statuses(&mut conn, trainee, logbog_app::Clock::today(&*t.clock))
            .await
            .unwrap();
        for c in logbog_db::curricula::competencies_of_version(&mut conn, v.id)
            .await
            .unwrap()
        {
            if statuses.of(logbog_domain::ItemRef::Competency(c.id)).state()
                == logbog_domain::CompetencyState::NotStarted
            {
                free.push(c.id);
            }
        }
    }
    free
}

/// The trainee reports `target` ready to `approver`; returns it as it waits in the work list.
async fn report_one(
    t: &TestApp,
    trainee: &logbog_app::people::CurrentUser,
    approver: &logbog_app::people::CurrentUser,
    target: logbog_domain::CompetencyId,
) -> logbog_db::work_items::WorkItem {
    logbog_app::approvals::report_ready(&t.app, trainee, &[target], approver.id(), None, "")
        .await
        .unwrap();
    logbog_app::approvals::work_list(&t.app, approver)
        .await
        .unwrap()
        .into_iter()
        .find(|w| w.request.item == logbog_domain::ItemRef::Competency(target))
        .expect("waits in the work list")
}

/// Two simultaneous approvals of the same request end with exactly one approval.
async fn concurrent_approvals_of_one_request(db: TestDb) {
    let t = TestApp::with_demo(db, date("2026-11-26")).await;
    let user = t.user("vejleder.hansen").await;
    let trainee = t.user("laege.hu1").await;
    let target = not_started(&t, trainee.id()).await[0];
    let item = report_one(&t, &trainee, &user, target).await;
    let ids = [item.request.id];
    let (a, b) = tokio::join!(
        logbog_app::approvals::approve(&t.app, &user, &ids, item.assessment_methods.first().copied(), ""),
        logbog_app::approvals::approve(&t.app, &user, &ids, item.assessment_methods.first().copied(), ""),
    );
    let oks = [a.is_ok(), b.is_ok()].iter().filter(|x| **x).count();
    assert_eq!(oks, 1, "exactly one approval: {a:?} {b:?}");
    let err = a.err().or(b.err()).expect("one failed");
    assert!(
        matches!(
            err,
            logbog_app::AppError::RequestDecided
                | logbog_app::AppError::Denied(_)
                | logbog_app::AppError::Db(logbog_db::DbError::AlreadyApproved)
        ),
        "the other is told it was decided: {err:?}"
    );
    let mut conn = t.app.db.conn().await.unwrap();
    let n: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM approvals a WHERE a.item_id = $1 AND a.trainee_id = $2 AND NOT EXISTS (SELECT 1 FROM approval_resets x WHERE x.approval_id = a.id)")
        .bind(target.to_string())
        .bind(trainee.id().to_string())
        .fetch_one(&mut *conn)
        .await
        .unwrap();
    assert_eq!(n, 1);
}

/// Two simultaneous resets of the same approval: exactly one takes effect.
async fn concurrent_resets_of_one_approval(db: TestDb) {
    let t = TestApp::with_demo(db, date("2026-11-26")).await;
    let trainee = t.user("laege.hu1").await;
    let secretariat = t.user("sekretariat.syd").await;
    let lb = logbog_app::logbook::view_logbook(&t.app, &trainee, trainee.id(), Default::default())
        .await
        .unwrap();
    let approved = lb
        .competencies
        .iter()
        .find(|c| c.status.state() == logbog_domain::CompetencyState::Approved)
        .unwrap()
        .competency
        .id;
    let reset = || {
        logbog_app::approvals::reset(
            &t.app,
            &secretariat,
            trainee.id(),
            logbog_domain::ItemRef::Competency(approved),
            "J.nr. 9",
            "Fejl",
        )
    };
    let (a, b) = tokio::join!(reset(), reset());
    assert_eq!([a.is_ok(), b.is_ok()].iter().filter(|x| **x).count(), 1, "{a:?} {b:?}");
    let err = a.err().or(b.err()).expect("one failed");
    assert!(
        matches!(
            err,
            logbog_app::AppError::Denied(logbog_domain::rights::Denied::NotApproved)
        ),
        "the other is told there is nothing left to reset: {err:?}"
    );
}

/// A supervisor whose access ended loses what waited for them at once: it leaves their work
/// list and counter, they can neither approve nor return it, and the trainee sees that it
/// waits for nobody and reports it again to a current approver.
async fn ended_access_cannot_approve(db: TestDb) {
    let t = TestApp::with_demo(db, date("2026-11-26")).await;
    let trainee = t.login("laege.hu1", PW).await;
    let (html, csrf, ids) = logbook(&t, &trainee).await;
    let supervisor = option_value(&html, "Vejleder");
    report(&t, &trainee, &csrf, &[ids[0].as_str()], &supervisor, "").await;
    let request: String = {
        let mut conn = t.app.db.conn().await.unwrap();
        sqlx::query_scalar("SELECT id FROM approval_requests WHERE item_id = $1 AND state = 'pending'")
            .bind(&ids[0])
            .fetch_one(&mut *conn)
            .await
            .unwrap()
    };
    let sup = t.login("vejleder.hansen", PW).await;
    let list = t.text(&sup, "/worklist").await;
    assert!(list.contains(&request), "waits for the supervisor while access lasts");

    // Access ends: the training lead ended it yesterday.
    let mut tx = t.app.db.begin().await.unwrap();
    // The option's value is `person:role`.
    let supervisor_person = supervisor.split(':').next().unwrap();
    sqlx::query("UPDATE supervisions SET valid_until = $1 WHERE supervisor_id = $2")
        .bind("2026-11-25")
        .bind(supervisor_person)
        .execute(&mut *tx)
        .await
        .unwrap();
    tx.commit().await.unwrap();

    let list = t.text(&sup, "/worklist").await;
    assert!(!list.contains(&request), "gone from the work list at once");
    let user = t.user("vejleder.hansen").await;
    assert_eq!(logbog_app::approvals::waiting_count(&t.app, &user).await.unwrap(), 0);
    let r = sup
        .post(t.url("/worklist/approve"))
        .form(&[
            ("csrf", csrf_of(&list).as_str()),
            ("request", &request),
            ("method", "direct_observation"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 403);
    assert!(
        r.text()
            .await
            .unwrap()
            .contains("ikke adgang til uddannelseslægen i dag")
    );
    let returned = logbog_app::approvals::return_request(&t.app, &user, request.parse().unwrap(), "Mangler kort").await;
    assert!(
        matches!(
            returned,
            Err(logbog_app::AppError::Denied(
                logbog_domain::rights::Denied::NoCurrentRelation { .. }
            ))
        ),
        "{returned:?}"
    );

    // The trainee is told, and reports it again to the training lead.
    let (html, csrf, selectable) = logbook(&t, &trainee).await;
    assert!(
        html.contains("som ikke længere kan godkende den"),
        "the trainee is told"
    );
    assert!(selectable.contains(&ids[0]), "it can be reported again");
    let lead = option_value(&html, "Uddannelsesansvarlig");
    let r = report(&t, &trainee, &csrf, &[ids[0].as_str()], &lead, "").await;
    assert_eq!(r.status(), 303);
    let mut conn = t.app.db.conn().await.unwrap();
    // Today's requests: the demo's history of the item (reported, approved, reset) is older.
    let states: Vec<(String, String)> = sqlx::query_as(
        "SELECT approver_id, state FROM approval_requests WHERE item_id = $1 AND requested_at >= $2 ORDER BY requested_at",
    )
    .bind(&ids[0])
    .bind("2026-11-26")
    .fetch_all(&mut *conn)
    .await
    .unwrap();
    assert_eq!(
        states,
        vec![
            (supervisor_person.to_owned(), "withdrawn".to_owned()),
            (lead.split(':').next().unwrap().to_owned(), "pending".to_owned())
        ]
    );
    let why: String =
        sqlx::query_scalar("SELECT details FROM audit_events WHERE action = 'approval.withdrawn' AND subject_id = $1")
            .bind(&request)
            .fetch_one(&mut *conn)
            .await
            .unwrap();
    assert!(why.contains("approver_lost_access"), "{why}");
}

/// An approval and a return of the same request at once: exactly one decides it, and the other
/// is told it was decided.
async fn concurrent_approval_and_return_of_one_request(db: TestDb) {
    let t = TestApp::with_demo(db, date("2026-11-26")).await;
    let user = t.user("vejleder.hansen").await;
    let trainee = t.user("laege.hu1").await;
    let free = not_started(&t, trainee.id()).await;
    assert!(free.len() >= 5, "enough free competencies");
    for target in free.into_iter().take(5) {
        let item = report_one(&t, &trainee, &user, target).await;
        let ids = [item.request.id];
        let (a, b) = tokio::join!(
            logbog_app::approvals::approve(&t.app, &user, &ids, item.assessment_methods.first().copied(), ""),
            logbog_app::approvals::return_request(&t.app, &user, item.request.id, "Mangler kompetencekort"),
        );
        assert_eq!(
            a.is_ok() as u8 + b.is_ok() as u8,
            1,
            "exactly one decision: {a:?} {b:?}"
        );
        let err = a.err().or(b.err()).expect("one failed");
        assert!(
            matches!(err, logbog_app::AppError::RequestDecided),
            "the other is told it was decided: {err:?}"
        );
        let mut conn = t.app.db.conn().await.unwrap();
        let (state, approvals): (String, i64) = sqlx::query_as(
            "SELECT r.state, (SELECT COUNT(*) FROM approvals a WHERE a.request_id = r.id) FROM approval_requests r WHERE r.id = $1",
        )
        .bind(item.request.id.to_string())
        .fetch_one(&mut *conn)
        .await
        .unwrap();
        assert!(
            (state == "approved" && approvals == 1) || (state == "returned" && approvals == 0),
            "{state} with {approvals} approvals"
        );
    }
}

/// RULES-EXAMPLES.md, "Reset", through the pages.
async fn secretariat_resets_an_approval_and_the_history_stays(db: TestDb) {
    let t = TestApp::with_demo(db, date("2026-11-26")).await;
    // An approved competency of laege.hu1 (region Syd).
    let trainee = t.login("laege.hu1", PW).await;
    let html = t.text(&trainee, "/logbook").await;
    let approved = html
        .split("<li class=\"competency\">")
        .skip(1)
        .find(|li| li.contains("state approved"))
        .expect("an approved competency");
    let href = approved
        .split("href=\"/logbook/competencies/")
        .nth(1)
        .unwrap()
        .split('"')
        .next()
        .unwrap()
        .to_owned();
    let subject = t.person("laege.hu1").await;
    let page = format!("/trainees/{subject}/competencies/{href}");

    // Another region's secretariat is refused.
    let oest = t.login("sekretariat.oest", PW).await;
    let html = t.text(&oest, "/home").await;
    let r = oest
        .post(t.url(&format!("{page}/reset")))
        .form(&[
            ("csrf", csrf_of(&html).as_str()),
            ("reference", "J.nr. 1"),
            ("reason", "Fejl"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 403);

    // The region's secretariat: a missing reason keeps what was typed; then the reset.
    let syd = t.login("sekretariat.syd", PW).await;
    let html = t.text(&syd, &page).await;
    assert!(
        html.contains("Nulstil godkendelsen"),
        "the secretariat sees the reset form"
    );
    let csrf = csrf_of(&html);
    let r = syd
        .post(t.url(&format!("{page}/reset")))
        .form(&[("csrf", csrf.as_str()), ("reference", "J.nr. 2026-117"), ("reason", "")])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 400);
    let body = r.text().await.unwrap();
    assert!(body.contains("value=\"J.nr. 2026-117\"") && body.contains("begrundelse"));
    let r = syd
        .post(t.url(&format!("{page}/reset")))
        .form(&[
            ("csrf", csrf.as_str()),
            ("reference", "J.nr. 2026-117"),
            ("reason", "Godkendt på den forkerte uddannelseslæge"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 303);
    let html = t.text(&syd, &format!("{page}?reset=1")).await;
    assert!(html.contains("Godkendelsen er nulstillet"));
    assert!(!html.contains("Nulstil godkendelsen"), "nothing left to reset");
    // The same reset sent again (a second tab) is refused, and says why though no form is shown.
    let r = syd
        .post(t.url(&format!("{page}/reset")))
        .form(&[
            ("csrf", csrf.as_str()),
            ("reference", "J.nr. 2026-117"),
            ("reason", "Godkendt på den forkerte uddannelseslæge"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 403);
    assert!(r.text().await.unwrap().contains("intet at nulstille"));

    // The trainee sees the history and can report it ready again.
    let own = t.text(&trainee, &format!("/logbook/competencies/{href}")).await;
    assert!(own.contains("Nulstillet") && own.contains("J.nr. 2026-117") && own.contains("Godkendt"));
    assert!(own.contains("Ikke påbegyndt") && own.contains("Meld klar"));
    let mut conn = t.app.db.conn().await.unwrap();
    let n: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM audit_events WHERE action = 'approval.reset' AND details LIKE '%J.nr. 2026-117%'",
    )
    .fetch_one(&mut *conn)
    .await
    .unwrap();
    assert_eq!(n, 1, "the reset is audited");
}

/// The same flow through the JSON API.
async fn report_approve_and_reset_through_the_api(db: TestDb) {
    let t = TestApp::with_demo(db, date("2026-11-26")).await;
    let c = t.client();
    let trainee = t.token("laege.hu1", PW).await;
    let me: serde_json::Value = c
        .get(t.url("/api/v1/me"))
        .bearer_auth(&trainee)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let id = me["person_id"].as_str().unwrap().to_owned();
    let approvers: serde_json::Value = c
        .get(t.url(&format!("/api/v1/trainees/{id}/approvers")))
        .bearer_auth(&trainee)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let supervisor = approvers
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["role"] == "supervisor")
        .unwrap()["person_id"]
        .clone();
    let comps: serde_json::Value = c
        .get(t.url(&format!("/api/v1/trainees/{id}/competencies")))
        .bearer_auth(&trainee)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let open: Vec<String> = comps["competencies"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|c| c["state"] == "not_started")
        .map(|c| c["id"].as_str().unwrap().to_owned())
        .take(2)
        .collect();
    let r = c
        .post(t.url(&format!("/api/v1/trainees/{id}/requests")))
        .bearer_auth(&trainee)
        .json(&serde_json::json!({ "competencies": open, "approver": supervisor, "message": "API" }))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 201);
    assert_eq!(r.json::<serde_json::Value>().await.unwrap()["count"], 2);

    let sup = t.token("vejleder.hansen", PW).await;
    let list: serde_json::Value = c
        .get(t.url("/api/v1/worklist"))
        .bearer_auth(&sup)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let mine: Vec<String> = list
        .as_array()
        .unwrap()
        .iter()
        .filter(|w| open.contains(&w["item_id"].as_str().unwrap().to_owned()))
        .map(|w| w["request_id"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(mine.len(), 2);
    let bad = c
        .post(t.url("/api/v1/worklist/approvals"))
        .bearer_auth(&sup)
        .json(&serde_json::json!({ "requests": mine, "assessment_method": "guesswork" }))
        .send()
        .await
        .unwrap();
    assert_eq!(bad.status(), 400);
    // Each on a method its curriculum names; a method it does not name is refused.
    let named: serde_json::Map<String, serde_json::Value> = list
        .as_array()
        .unwrap()
        .iter()
        .filter(|w| mine.contains(&w["request_id"].as_str().unwrap().to_owned()))
        .map(|w| {
            (
                w["request_id"].as_str().unwrap().to_owned(),
                w["assessment_methods"][0].clone(),
            )
        })
        .collect();
    let methods_of_first: Vec<&str> = list
        .as_array()
        .unwrap()
        .iter()
        .find(|w| w["request_id"] == mine[0].as_str())
        .unwrap()["assessment_methods"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m.as_str().unwrap())
        .collect();
    let unnamed = logbog_domain::AssessmentMethod::ALL
        .iter()
        .map(|m| m.code())
        .find(|m| !methods_of_first.contains(m))
        .unwrap();
    let refused = c
        .post(t.url("/api/v1/worklist/approvals"))
        .bearer_auth(&sup)
        .json(&serde_json::json!({ "requests": [mine[0]], "assessment_method": unnamed }))
        .send()
        .await
        .unwrap();
    assert_eq!(refused.status(), 422);
    let body: serde_json::Value = refused.json().await.unwrap();
    assert_eq!(body["error"], "invalid_input");
    assert!(
        body["message"]
            .as_str()
            .unwrap()
            .contains("is not an assessment method of"),
        "{body}"
    );
    let ok = c
        .post(t.url("/api/v1/worklist/approvals"))
        .bearer_auth(&sup)
        .json(&serde_json::json!({ "requests": mine, "assessment_methods": named, "comment": "ok" }))
        .send()
        .await
        .unwrap();
    assert_eq!(ok.status(), 200);
    let one: serde_json::Value = c
        .get(t.url(&format!("/api/v1/trainees/{id}/competencies/{}", open[0])))
        .bearer_auth(&trainee)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(one["state"], "approved");
    assert_eq!(one["approval"]["approver_role"], "supervisor");
    assert_eq!(
        one["approval"]["assessment_method"], one["assessment_methods"][0],
        "the method stated for it"
    );

    // The supervisor cannot reset; the region's secretariat can, with reference and reason.
    let url = format!("/api/v1/trainees/{id}/competencies/{}/reset", open[0]);
    let body = serde_json::json!({ "request_reference": "J.nr. 7", "reason": "Fejl" });
    let r = c.post(t.url(&url)).bearer_auth(&sup).json(&body).send().await.unwrap();
    assert_eq!(r.status(), 403);
    let syd = t.token("sekretariat.syd", PW).await;
    let r = c
        .post(t.url(&url))
        .bearer_auth(&syd)
        .json(&serde_json::json!({ "request_reference": "J.nr. 7", "reason": " " }))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 400);
    assert_eq!(
        r.json::<serde_json::Value>().await.unwrap()["error"],
        "reference_and_reason_required"
    );
    let r = c.post(t.url(&url)).bearer_auth(&syd).json(&body).send().await.unwrap();
    assert_eq!(r.status(), 204);
    let r = c.post(t.url(&url)).bearer_auth(&syd).json(&body).send().await.unwrap();
    assert_eq!(r.status(), 403, "nothing left to reset");
    assert_eq!(r.json::<serde_json::Value>().await.unwrap()["error"], "not_approved");
}

/// RULES-EXAMPLES.md, "Time attestation", through the pages with the demo's final-year trainee
/// (laege.hu5, anaesthesiology, employment ending 2027-03-31).
async fn time_attestation_opens_in_the_last_month_for_the_training_lead_only(db: TestDb) {
    let t = TestApp::with_demo(db, date("2026-11-26")).await;
    let hu5 = t.person("laege.hu5").await;
    let mut conn = t.app.db.conn().await.unwrap();
    let employment = logbog_db::employments::employments_of_trainee(&mut conn, hu5)
        .await
        .unwrap()
        .into_iter()
        .find(|e| e.end_date == date("2027-03-31"))
        .expect("the final employment")
        .id;
    drop(conn);
    let page = format!("/trainees/{hu5}/employments/{employment}");

    // The trainee asks the site's training lead.
    let trainee = t.login("laege.hu5", PW).await;
    let own = t.text(&trainee, &format!("/logbook/employments/{employment}")).await;
    assert!(
        own.contains("Kan godkendes fra 01.03.2027"),
        "shows when approval opens"
    );
    let lead_option = own
        .split("<option value=\"")
        .nth(1)
        .unwrap()
        .split('"')
        .next()
        .unwrap()
        .to_owned();
    let r = trainee
        .post(t.url(&format!("/logbook/employments/{employment}/request")))
        .form(&[
            ("csrf", csrf_of(&own).as_str()),
            ("approver", &lead_option),
            ("message", ""),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 303);

    // Before the last month the training lead is refused with the opening date.
    let lead = t.login("uao.anaestesi", PW).await;
    let html = t.text(&lead, &page).await;
    let r = lead
        .post(t.url(&format!("{page}/approve")))
        .form(&[("csrf", csrf_of(&html).as_str()), ("comment", "")])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 403);
    assert!(r.text().await.unwrap().contains("Godkendelsen åbner 01.03.2027"));

    // A training lead of another department is refused as not the employment's site.
    let other = t.login("uao.kardiologi", PW).await;
    let r = other
        .post(t.url(&format!("{page}/approve")))
        .form(&[("csrf", csrf_of(&html).as_str()), ("comment", "")])
        .send()
        .await
        .unwrap();
    assert!(r.status() == 403 || r.status() == 404);

    // 1 March 2027: it opens; the lead approves it from the work list.
    t.clock.set_date(date("2027-03-01"));
    let lead = t.login("uao.anaestesi", PW).await;
    let list = t.text(&lead, "/worklist").await;
    assert!(
        list.contains("Anæstesiologisk Afdeling"),
        "the time attestation waits in the work list"
    );
    let item = list
        .split("<li class=\"work-item\">")
        .skip(1)
        .find(|li| li.contains("Anæstesiologisk Afdeling"))
        .expect("the time attestation item");
    assert!(
        item.contains(&format!(
            "href=\"/trainees/{hu5}/employments/{employment}?from=worklist\""
        )),
        "the item links to the employment's page"
    );
    // Opened from the work list, the employment's page leads back to it, also when approving.
    let opened = t
        .text(
            &lead,
            &format!("/trainees/{hu5}/employments/{employment}?from=worklist"),
        )
        .await;
    assert!(
        opened.contains("Tilbage til godkendelser") && opened.contains("name=\"back\" value=\"/worklist\""),
        "{opened}"
    );
    let request = logbog_testkit::value_after(item, "name=\"request\" value=\"");
    // Time needs no assessment method.
    let r = lead
        .post(t.url("/worklist/approve"))
        .form(&[
            ("csrf", csrf_of(&list).as_str()),
            ("request", request.as_str()),
            ("comment", ""),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 303);
    let trainee = t.login("laege.hu5", PW).await;
    let own = t.text(&trainee, &format!("/logbook/employments/{employment}")).await;
    assert!(
        own.contains("Godkendt af") && own.contains("Uddannelsesansvarlig overlæge"),
        "approved by the training lead"
    );

    // The secretariat of the trainee's region (Nord) resets it on a written request.
    let secretariat = t.login("sekretariat.nord", PW).await;
    let html = t.text(&secretariat, &page).await;
    assert!(
        html.contains(&format!("action=\"{page}/reset\"")),
        "the reset form is offered"
    );
    let r = secretariat
        .post(t.url(&format!("{page}/reset")))
        .form(&[
            ("csrf", csrf_of(&html).as_str()),
            ("reference", "J.nr. 2027-17"),
            ("reason", ""),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 400, "a reason is required");
    assert!(
        r.text().await.unwrap().contains("J.nr. 2027-17"),
        "the form keeps what was typed"
    );
    let r = secretariat
        .post(t.url(&format!("{page}/reset")))
        .form(&[
            ("csrf", csrf_of(&html).as_str()),
            ("reference", "J.nr. 2027-17"),
            ("reason", "Forkert afdeling"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 303);

    // The API shows the reset in the history, and the attestation can be requested again.
    let token = t.token("laege.hu5", PW).await;
    let v: serde_json::Value = t
        .client()
        .get(t.url(&format!(
            "/api/v1/trainees/{hu5}/employments/{employment}/time-attestation"
        )))
        .bearer_auth(&token)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(v["state"], "not_started", "{v}");
    assert_eq!(v["opens_on"], "2027-03-01");
    assert_eq!(v["employment"]["end_date"], "2027-03-31");
    let events: Vec<&str> = v["history"]
        .as_array()
        .unwrap()
        .iter()
        .map(|h| h["event"].as_str().unwrap())
        .collect();
    assert_eq!(events, ["requested", "approved", "reset"], "{v}");
    assert_eq!(v["history"][2]["text"], "J.nr. 2027-17: Forkert afdeling");

    // Nothing stands now: a second reset through the API is refused.
    let token = t.token("sekretariat.nord", PW).await;
    let r = t
        .client()
        .post(t.url(&format!(
            "/api/v1/trainees/{hu5}/employments/{employment}/time-attestation/reset"
        )))
        .bearer_auth(&token)
        .json(&serde_json::json!({ "request_reference": "J.nr. 2027-18", "reason": "Igen" }))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 403);
    assert_eq!(r.json::<serde_json::Value>().await.unwrap()["error"], "not_approved");
}

/// A supervisor is never allowed to approve time, and is told so.
async fn supervisors_never_approve_time(db: TestDb) {
    let t = TestApp::with_demo(db, date("2026-11-26")).await;
    let hu1 = t.person("laege.hu1").await;
    let mut conn = t.app.db.conn().await.unwrap();
    let employment = logbog_db::employments::employments_of_trainee(&mut conn, hu1)
        .await
        .unwrap()
        .last()
        .unwrap()
        .id;
    drop(conn);
    let page = format!("/trainees/{hu1}/employments/{employment}");
    let sup = t.login("vejleder.hansen", PW).await;
    let html = t.text(&sup, &page).await;
    let r = sup
        .post(t.url(&format!("{page}/approve")))
        .form(&[("csrf", csrf_of(&html).as_str()), ("comment", "")])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 403);
    assert!(r.text().await.unwrap().contains("Vejledere godkender aldrig"));
}

/// DOMAIN §6 and §10: in general practice the tutor approves every competency. A hospital
/// supervisor of the trainee is not offered, cannot be asked, and cannot approve.
async fn in_general_practice_only_the_tutor_approves(db: TestDb) {
    let t = TestApp::with_demo(db, date("2026-11-26")).await;
    let hu3 = t.user("laege.hu3").await;
    let supervisor = t.user("vejleder.hansen").await;
    let tutor = t.user("tutor.praksis").await;
    // A hospital supervisor is given access to the general practice trainee.
    let mut conn = t.app.db.conn().await.unwrap();
    let site = logbog_db::employments::employments_of_trainee(&mut conn, hu3.id())
        .await
        .unwrap()
        .into_iter()
        .find(|e| e.start_date <= date("2026-11-26") && date("2026-11-26") <= e.end_date)
        .expect("a current employment")
        .site_id;
    drop(conn);
    let mut tx = t.app.db.begin().await.unwrap();
    logbog_db::supervisions::insert_supervision(
        &mut tx,
        &logbog_db::supervisions::NewSupervision {
            supervisor_id: supervisor.id(),
            trainee_id: hu3.id(),
            site_id: site,
            kind: logbog_domain::SupervisorKind::Daily,
            valid_from: date("2026-11-01"),
            valid_until: None,
            granted_by: tutor.id(),
        },
        chrono::Utc::now(),
    )
    .await
    .unwrap();
    tx.commit().await.unwrap();

    let lb = logbog_app::logbook::view_logbook(&t.app, &hu3, hu3.id(), Default::default())
        .await
        .unwrap();
    let all = logbog_app::approvals::approvers_of(&t.app, &hu3, None).await.unwrap();
    assert!(
        all.iter().any(|a| a.person_id == supervisor.id()),
        "the supervisor has access"
    );
    let offered = logbog_app::approvals::approvers_of(&t.app, &hu3, Some(lb.curriculum.id))
        .await
        .unwrap();
    assert!(
        !offered.is_empty() && offered.iter().all(|a| a.role == logbog_domain::Role::Tutor),
        "{offered:?}"
    );
    // The API gives the same list for the curriculum.
    let token = t.token("laege.hu3", PW).await;
    let api: serde_json::Value = t
        .client()
        .get(t.url(&format!(
            "/api/v1/trainees/{}/approvers?curriculum={}",
            hu3.id(),
            lb.curriculum.id
        )))
        .bearer_auth(&token)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let roles: Vec<&str> = api
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["role"].as_str().unwrap())
        .collect();
    assert!(!roles.is_empty() && roles.iter().all(|r| *r == "tutor"), "{roles:?}");

    let free: Vec<_> = lb
        .competencies
        .iter()
        .filter(|c| c.status.state() == logbog_domain::CompetencyState::NotStarted)
        .map(|c| c.competency.id)
        .collect();
    let refused = logbog_app::approvals::report_ready(&t.app, &hu3, &free[..1], supervisor.id(), None, "").await;
    assert!(
        matches!(
            refused,
            Err(logbog_app::AppError::Denied(
                logbog_domain::rights::Denied::GeneralPracticeTutorApproves
            ))
        ),
        "{refused:?}"
    );
    // A request addressed to the supervisor anyway (as stored before this rule) is refused.
    let mut tx = t.app.db.begin().await.unwrap();
    let request = logbog_db::requests::insert_request(
        &mut tx,
        &logbog_db::requests::NewRequest {
            trainee_id: hu3.id(),
            item: logbog_domain::ItemRef::Competency(free[0]),
            approver_id: supervisor.id(),
            approver_role: logbog_domain::Role::Supervisor,
            message: "",
        },
        chrono::Utc::now(),
    )
    .await
    .unwrap();
    tx.commit().await.unwrap();
    let refused = logbog_app::approvals::approve(
        &t.app,
        &supervisor,
        &[request],
        Some(logbog_domain::AssessmentMethod::DirectObservation),
        "",
    )
    .await;
    assert!(
        matches!(
            refused,
            Err(logbog_app::AppError::Denied(
                logbog_domain::rights::Denied::GeneralPracticeTutorApproves
            ))
        ),
        "{refused:?}"
    );
    // That request waits for nobody: the trainee sees it and reports the item to the tutor.
    let lb = logbog_app::logbook::view_logbook(&t.app, &hu3, hu3.id(), Default::default())
        .await
        .unwrap();
    let stale = lb.competencies.iter().find(|c| c.competency.id == free[0]).unwrap();
    assert!(!stale.status.pending.as_ref().unwrap().approver_may_decide);
    logbog_app::approvals::report_ready(&t.app, &hu3, &free[..1], tutor.id(), None, "")
        .await
        .unwrap();
    // The tutor approves.
    logbog_app::approvals::report_ready(&t.app, &hu3, &free[1..2], tutor.id(), None, "")
        .await
        .unwrap();
    let item = logbog_app::approvals::work_list(&t.app, &tutor)
        .await
        .unwrap()
        .into_iter()
        .find(|w| w.request.item == logbog_domain::ItemRef::Competency(free[1]))
        .expect("waits for the tutor");
    assert_eq!(
        logbog_app::approvals::approve(
            &t.app,
            &tutor,
            &[item.request.id],
            item.assessment_methods.first().copied(),
            ""
        )
        .await
        .unwrap(),
        1
    );
}

/// Two reports of the same competency at once give one pending request; the other is told it
/// is already reported.
async fn concurrent_reports_of_one_competency(db: TestDb) {
    let t = TestApp::with_demo(db, date("2026-11-26")).await;
    let user = t.user("vejleder.hansen").await;
    let trainee = t.user("laege.hu1").await;
    let items = [not_started(&t, trainee.id()).await[0]];
    let target = items[0];
    let (a, b) = tokio::join!(
        logbog_app::approvals::report_ready(&t.app, &trainee, &items, user.id(), None, ""),
        logbog_app::approvals::report_ready(&t.app, &trainee, &items, user.id(), None, ""),
    );
    assert_eq!(a.is_ok() as u8 + b.is_ok() as u8, 1, "{a:?} {b:?}");
    let err = a.err().or(b.err()).expect("one failed");
    assert!(matches!(err, logbog_app::AppError::AlreadyReported(_)), "{err:?}");
    let mut conn = t.app.db.conn().await.unwrap();
    let n: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM approval_requests WHERE item_id = $1 AND state = 'pending'")
        .bind(target.to_string())
        .fetch_one(&mut *conn)
        .await
        .unwrap();
    assert_eq!(n, 1);
}

/// A request to someone who is both supervisor and training lead, sent to them as supervisor,
/// waits for nobody once the supervision ends, though they are still the trainee's training
/// lead: the trainee is told and reports it again, to them as training lead.
async fn a_request_follows_the_role_it_was_sent_to(db: TestDb) {
    let t = TestApp::with_demo(db, date("2026-11-26")).await;
    let trainee = t.user("laege.hu1").await;
    let both = t.user("uao.kardiologi").await;
    let approvers = logbog_app::approvals::approvers_of(&t.app, &trainee, None)
        .await
        .unwrap();
    let roles: Vec<_> = approvers
        .iter()
        .filter(|a| a.person_id == both.id())
        .map(|a| a.role)
        .collect();
    assert!(
        roles.contains(&logbog_domain::Role::Supervisor) && roles.contains(&logbog_domain::Role::TrainingLead),
        "{roles:?}"
    );
    let target = not_started(&t, trainee.id()).await[0];
    let item = report_one(&t, &trainee, &both, target).await;
    assert_eq!(item.request.approver_role, logbog_domain::Role::Supervisor);
    let mut tx = t.app.db.begin().await.unwrap();
    sqlx::query("UPDATE supervisions SET valid_until = '2026-11-25' WHERE supervisor_id = $1 AND trainee_id = $2")
        .bind(both.id().to_string())
        .bind(trainee.id().to_string())
        .execute(&mut *tx)
        .await
        .unwrap();
    tx.commit().await.unwrap();
    assert!(
        logbog_app::approvals::work_list(&t.app, &both)
            .await
            .unwrap()
            .iter()
            .all(|w| w.request.id != item.request.id),
        "not in the lead's work list"
    );
    let web = t.login("laege.hu1", PW).await;
    let page = t.text(&web, &format!("/logbook/competencies/{target}")).await;
    assert!(
        page.contains("som ikke længere kan godkende den"),
        "the trainee is told"
    );
    assert!(
        page.contains(&format!("action=\"/logbook/competencies/{target}/report\"")),
        "and can report it again"
    );
    let view = logbog_app::logbook::view_competency(&t.app, &trainee, trainee.id(), target, None)
        .await
        .unwrap();
    assert!(!view.status.pending.unwrap().approver_may_decide, "waits for nobody");
    let again = report_one(&t, &trainee, &both, target).await;
    assert_eq!(again.request.approver_role, logbog_domain::Role::TrainingLead);
}

/// Choosing an item's basis in the work list ticks it: the form with a method chosen and no
/// box ticked approves that item, and a method chosen beforehand (the curriculum names one)
/// approves nothing unless its item is ticked.
async fn choosing_a_basis_ticks_its_item(db: TestDb) {
    let t = TestApp::with_demo(db, date("2026-11-26")).await;
    let sup = t.login("vejleder.hansen", PW).await;
    let hansen = t.user("vejleder.hansen").await;
    let waiting = logbog_app::approvals::work_list(&t.app, &hansen).await.unwrap();
    let item = waiting.iter().find(|w| !w.assessment_methods.is_empty()).unwrap();
    let list = t.text(&sup, "/worklist").await;
    let csrf = csrf_of(&list);
    let basis = format!("{}:{}", item.request.id, item.assessment_methods[0].code());
    // Preselected only: nothing ticked, nothing chosen.
    let resp = sup
        .post(t.url("/worklist/approve"))
        .form(&[("csrf", csrf.as_str()), ("method_default", basis.as_str())])
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), 400, "nothing ticked: choose at least one");
    let resp = sup
        .post(t.url("/worklist/approve"))
        .form(&[("csrf", csrf.as_str()), ("method", basis.as_str())])
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), 303);
    let to = resp.headers()["location"].to_str().unwrap().to_owned();
    assert!(to.starts_with("/worklist?approved=1"), "{to}");
    // The confirmation names the item and the trainee.
    let page = t.text(&sup, &to).await;
    let named = format!("Godkendt for {}: {}.", item.request.trainee_name, item.code);
    assert!(page.contains(&named), "{named} in {page}");
    // Someone else's approvals are not named on one's own list.
    let lead = t.login("uao.kardiologi", PW).await;
    let theirs = t.text(&lead, &to).await;
    assert!(!theirs.contains("Godkendt for"), "only one's own approvals are named");
    let after = logbog_app::approvals::work_list(&t.app, &hansen).await.unwrap();
    assert!(after.iter().all(|w| w.request.id != item.request.id), "approved");
}

/// The competency opened from the work list is approved (or returned) on its own page by the
/// approver the request waits for, and leads back to the work list; nobody else gets the form.
async fn the_competency_opened_from_the_work_list_is_decided_there(db: TestDb) {
    let t = TestApp::with_demo(db, date("2026-11-26")).await;
    let hansen = t.user("vejleder.hansen").await;
    let waiting = logbog_app::approvals::work_list(&t.app, &hansen).await.unwrap();
    let item = waiting.iter().find(|w| !w.assessment_methods.is_empty()).unwrap();
    let logbog_domain::ItemRef::Competency(c) = item.request.item else {
        panic!("a competency")
    };
    let path = format!("/trainees/{}/competencies/{c}", item.request.trainee_id);
    let sup = t.login("vejleder.hansen", PW).await;
    let page = t.text(&sup, &path).await;
    assert!(page.contains("Venter på din godkendelse") && page.contains("Tilbage til godkendelser"));
    assert!(page.contains(&format!("name=\"request\" value=\"{}\"", item.request.id)));
    // The training lead sees the competency, not the form: the request is not his.
    let lead = t.login("uao.kardiologi", PW).await;
    let theirs = t.text(&lead, &path).await;
    assert!(!theirs.contains("Venter på din godkendelse"));
    let basis = format!("{}:{}", item.request.id, item.assessment_methods[0].code());
    let id = item.request.id.to_string();
    let resp = sup
        .post(t.url("/worklist/approve"))
        .form(&[
            ("csrf", csrf_of(&page).as_str()),
            ("request", id.as_str()),
            ("method", basis.as_str()),
            ("comment", ""),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), 303);
    let to = resp.headers()["location"].to_str().unwrap().to_owned();
    assert!(to.starts_with("/worklist?approved=1"), "back to the work list: {to}");
    let page = t.text(&sup, &path).await;
    assert!(!page.contains("Venter på din godkendelse") && page.contains("Godkendt af"));
}

dual_db_tests!(
    the_competency_opened_from_the_work_list_is_decided_there,
    choosing_a_basis_ticks_its_item,
    concurrent_resets_of_one_approval,
    time_attestation_opens_in_the_last_month_for_the_training_lead_only,
    supervisors_never_approve_time,
    report_approve_and_reset_through_the_api,
    secretariat_resets_an_approval_and_the_history_stays,
    report_two_and_approve_both_from_the_work_list,
    return_and_withdraw,
    concurrent_approvals_of_one_request,
    ended_access_cannot_approve,
    concurrent_approval_and_return_of_one_request,
    in_general_practice_only_the_tutor_approves,
    concurrent_reports_of_one_competency,
    a_request_follows_the_role_it_was_sent_to,
);
