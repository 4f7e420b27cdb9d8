//! The authorization table: every route (pages and API) × every kind of actor, with the expected
//! outcome. The test fails when the router has a path or method that the table lacks.

use logbog_db::supervisions::NewSupervision;

/// A well-formed id of nobody.
const NOBODY: &str = "0190aaaa-0000-7000-8000-000000000000";
use logbog_domain::{PersonId, Role, SupervisorKind};
use logbog_testkit::{TestApp, TestDb, csrf_of, date, dual_db_tests};
use std::collections::{BTreeMap, BTreeSet};

const PW: &str = logbog_app::demo::DEMO_PASSWORD;

/// Who asks, relative to the subject trainee (laege.hu1: cardiology at OUH, region Syd).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum Actor {
    Anonymous,
    TheTrainee,
    AnotherTrainee,
    CurrentSupervisor,
    SupervisorAccessEnded,
    LeadOfDepartment,
    LeadOfOtherDepartment,
    Tutor,
    SecretariatOfRegion,
    SecretariatOfOtherRegion,
    StpsCaseWorker,
    Admin,
}

use Actor::*;

const ALL: [Actor; 12] = [
    Anonymous,
    TheTrainee,
    AnotherTrainee,
    CurrentSupervisor,
    SupervisorAccessEnded,
    LeadOfDepartment,
    LeadOfOtherDepartment,
    Tutor,
    SecretariatOfRegion,
    SecretariatOfOtherRegion,
    StpsCaseWorker,
    Admin,
];

impl Actor {
    fn username(self) -> Option<&'static str> {
        Some(match self {
            Anonymous => return None,
            TheTrainee => "laege.hu1",
            AnotherTrainee => "laege.kbu",
            CurrentSupervisor => "vejleder.hansen",
            SupervisorAccessEnded => "ended.supervisor",
            LeadOfDepartment => "uao.kardiologi",
            LeadOfOtherDepartment => "uao.anaestesi",
            Tutor => "tutor.praksis",
            SecretariatOfRegion => "sekretariat.syd",
            SecretariatOfOtherRegion => "sekretariat.nord",
            StpsCaseWorker => "stps.sagsbehandler",
            Admin => "admin",
        })
    }
}

/// What must happen.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Expect {
    /// 2xx, or a redirect that is not to the login page.
    Allow,
    /// 401, or a redirect to the login page.
    Login,
    /// 403 or 404: no access, and nothing revealed.
    Deny,
}

use Expect::*;

/// Who may see the subject trainee's logbook (pages and API alike).
fn logbook_of_subject(a: Actor) -> Expect {
    match a {
        Anonymous => Login,
        TheTrainee | CurrentSupervisor | LeadOfDepartment | SecretariatOfRegion => Allow,
        _ => Deny,
    }
}

/// (method, path) → the expected outcome per actor.
pub(crate) type Table = BTreeMap<(&'static str, &'static str), fn(Actor) -> Expect>;

/// Supervisors, training leads and tutors, whatever their relation to the subject.
fn approvers(a: Actor) -> Expect {
    match a {
        Anonymous => Login,
        CurrentSupervisor | SupervisorAccessEnded | LeadOfDepartment | LeadOfOtherDepartment | Tutor => Allow,
        _ => Deny,
    }
}

/// The addressee of the subject's fresh request: the current supervisor.
fn the_addressee_only(a: Actor) -> Expect {
    match a {
        Anonymous => Login,
        CurrentSupervisor => Allow,
        _ => Deny,
    }
}

/// The secretariat of the subject's region (resets of a fresh approval).
fn secretariat_of_region(a: Actor) -> Expect {
    match a {
        Anonymous => Login,
        SecretariatOfRegion => Allow,
        _ => Deny,
    }
}

/// The subject trainee only.
fn the_trainee_only(a: Actor) -> Expect {
    match a {
        Anonymous => Login,
        TheTrainee => Allow,
        _ => Deny,
    }
}

/// Who may change the subject's documents: she, and the secretariat of her region.
fn trainee_or_region_secretariat(a: Actor) -> Expect {
    match a {
        Anonymous => Login,
        TheTrainee | SecretariatOfRegion => Allow,
        _ => Deny,
    }
}

/// The table.
pub(crate) fn table() -> Table {
    let mut t = Table::new();
    // Public pages and forms (forms are CSRF-checked; the token is sent here).
    t.insert(("GET", "/"), |a| if a == Anonymous { Login } else { Allow });
    t.insert(("GET", "/login"), |_| Allow);
    // Each actor logs in with its own credentials; the anonymous one has none (401).
    t.insert(("POST", "/login"), |a| if a == Anonymous { Login } else { Allow });
    t.insert(("POST", "/logout"), |_| Allow);
    t.insert(("POST", "/language"), |_| Allow);
    // Everyone logged in has notifications.
    t.insert(
        ("GET", "/notifications"),
        |a| if a == Anonymous { Login } else { Allow },
    );
    t.insert(("POST", "/notifications/read"), |a| {
        if a == Anonymous { Login } else { Allow }
    });
    // Opening one of one's own notifications (a fresh one for each actor; another's is 404,
    // tested in `notifications.rs`).
    t.insert(("GET", "/notifications/{notification}"), |a| {
        if a == Anonymous { Login } else { Allow }
    });
    // Staff home: trainees are sent on to their logbook.
    t.insert(("GET", "/home"), |a| if a == Anonymous { Login } else { Allow });
    // The own logbook: only a trainee has one.
    t.insert(("GET", "/logbook"), |a| match a {
        Anonymous => Login,
        TheTrainee | AnotherTrainee => Allow,
        _ => Deny,
    });
    // A competency of the subject's curriculum in the own logbook: only the subject has it.
    t.insert(("GET", "/logbook/competencies/{competency}"), |a| match a {
        Anonymous => Login,
        TheTrainee => Allow,
        _ => Deny,
    });
    // Who has seen my logbook: every trainee sees their own.
    for path in ["/logbook/views", "/logbook/views.csv"] {
        t.insert(("GET", path), |a| match a {
            Anonymous => Login,
            TheTrainee | AnotherTrainee => Allow,
            _ => Deny,
        });
    }
    // Reporting a free competency of the subject ready to her current supervisor: only the
    // subject (another trainee's logbook has no such competency; staff have no logbook).
    t.insert(("POST", "/logbook/report"), the_trainee_only);
    // The same from the competency's page, with a filled card attached.
    t.insert(("POST", "/logbook/competencies/{competency}/report"), the_trainee_only);
    // Withdrawing the subject's request: only the subject.
    t.insert(("POST", "/logbook/requests/{request}/withdraw"), |a| match a {
        Anonymous => Login,
        TheTrainee => Allow,
        _ => Deny,
    });
    // The work list: approvers only.
    t.insert(("GET", "/worklist"), |a| match a {
        Anonymous => Login,
        CurrentSupervisor | SupervisorAccessEnded | LeadOfDepartment | LeadOfOtherDepartment | Tutor => Allow,
        _ => Deny,
    });
    // Approving a fresh request of the subject addressed to the current supervisor, with a
    // method of its curriculum: only its addressee while access lasts.
    t.insert(("POST", "/worklist/approve"), the_addressee_only);
    // Returning the subject's request (addressed to the current supervisor): only its addressee.
    t.insert(("POST", "/worklist/requests/{request}/return"), the_addressee_only);
    t.insert(("GET", "/trainees/{trainee}/logbook"), logbook_of_subject);
    // Access grants: the secretariat for sites of its region; leads and tutors for supervisors.
    t.insert(("GET", "/access"), |a| match a {
        Anonymous => Login,
        SecretariatOfRegion | SecretariatOfOtherRegion | LeadOfDepartment | LeadOfOtherDepartment | Tutor => Allow,
        _ => Deny,
    });
    // A training lead grant at the subject's department: its region's secretariat only.
    t.insert(("POST", "/access/site-grants"), |a| match a {
        Anonymous => Login,
        SecretariatOfRegion => Allow,
        _ => Deny,
    });
    // A training lead grant at the subject's department (region Syd).
    t.insert(("POST", "/access/site-grants/{grant}/end"), |a| match a {
        Anonymous => Login,
        SecretariatOfRegion => Allow,
        _ => Deny,
    });
    // Access for a supervisor of the subject's department: its training lead only.
    t.insert(("POST", "/access/supervisions"), |a| match a {
        Anonymous => Login,
        LeadOfDepartment => Allow,
        _ => Deny,
    });
    // A supervision of the subject at the lead's department.
    t.insert(("POST", "/access/supervisions/{supervision}/end"), |a| match a {
        Anonymous => Login,
        LeadOfDepartment => Allow,
        _ => Deny,
    });
    // An employment of the subject at the lead's department, in its last month.
    t.insert(("GET", "/logbook/employments/{employment}"), |a| match a {
        Anonymous => Login,
        TheTrainee => Allow,
        _ => Deny,
    });
    t.insert(("POST", "/logbook/employments/{employment}/request"), |a| match a {
        Anonymous => Login,
        TheTrainee => Allow,
        _ => Deny,
    });
    t.insert(
        ("GET", "/trainees/{trainee}/employments/{employment}"),
        logbook_of_subject,
    );
    // Only the training lead of the employment's department approves time; a supervisor never.
    t.insert(
        ("POST", "/trainees/{trainee}/employments/{employment}/approve"),
        |a| match a {
            Anonymous => Login,
            LeadOfDepartment => Allow,
            _ => Deny,
        },
    );
    // Resetting a fresh approval, on a written request with a reason: the secretariat of the
    // trainee's region only.
    t.insert(
        ("POST", "/trainees/{trainee}/competencies/{competency}/reset"),
        secretariat_of_region,
    );
    t.insert(
        ("POST", "/trainees/{trainee}/employments/{employment}/reset"),
        secretariat_of_region,
    );
    t.insert(
        ("GET", "/trainees/{trainee}/competencies/{competency}"),
        logbook_of_subject,
    );
    // A programme's page with its agreements; uploading and deleting them.
    t.insert(("GET", "/logbook/programmes/{programme}"), the_trainee_only);
    t.insert(
        ("GET", "/trainees/{trainee}/programmes/{programme}"),
        logbook_of_subject,
    );
    t.insert(
        ("POST", "/trainees/{trainee}/programmes/{programme}/agreements"),
        trainee_or_region_secretariat,
    );
    t.insert(("GET", "/documents/{document}"), logbook_of_subject);
    t.insert(("POST", "/documents/{document}/delete"), trainee_or_region_secretariat);
    t.insert(
        ("GET", "/api/v1/trainees/{trainee}/programmes/{programme}/agreements"),
        logbook_of_subject,
    );
    t.insert(
        ("POST", "/api/v1/trainees/{trainee}/programmes/{programme}/agreements"),
        trainee_or_region_secretariat,
    );
    t.insert(("GET", "/api/v1/documents/{document}"), logbook_of_subject);
    // Filled cards on a competency: the trainee uploads; whoever sees her logbook reads.
    t.insert(
        ("POST", "/trainees/{trainee}/competencies/{competency}/cards"),
        the_trainee_only,
    );
    t.insert(
        ("GET", "/api/v1/trainees/{trainee}/competencies/{competency}/cards"),
        logbook_of_subject,
    );
    t.insert(
        ("POST", "/api/v1/trainees/{trainee}/competencies/{competency}/cards"),
        the_trainee_only,
    );
    t.insert(
        ("DELETE", "/api/v1/documents/{document}"),
        trainee_or_region_secretariat,
    );
    // Confirming a fresh card of the subject: only a hospital department confirms, and only
    // qualification cards of general practice; the subject's are cardiology's, so nobody may
    // (the allowed case is in `card_confirmations.rs`), and she never confirms her own.
    let nobody: fn(Actor) -> Expect = |a| match a {
        Anonymous => Login,
        _ => Deny,
    };
    t.insert(("POST", "/documents/{document}/confirmation"), nobody);
    t.insert(("POST", "/api/v1/documents/{document}/confirmation"), nobody);
    // Notes: every trainee writes and lists her own; only the subject changes or shares hers;
    // whoever sees her logbook may ask for her notes (and gets those shared with them).
    let own_notes: fn(Actor) -> Expect = |a| match a {
        Anonymous => Login,
        TheTrainee | AnotherTrainee => Allow,
        _ => Deny,
    };
    t.insert(("GET", "/logbook/notes"), own_notes);
    t.insert(("POST", "/logbook/notes"), own_notes);
    for (method, path) in [
        ("GET", "/logbook/notes/{note}"),
        ("POST", "/logbook/notes/{note}"),
        ("POST", "/logbook/notes/{note}/shares"),
        ("POST", "/logbook/notes/{note}/delete"),
        ("POST", "/api/v1/trainees/{trainee}/notes"),
        ("GET", "/api/v1/notes/{note}"),
        ("PUT", "/api/v1/notes/{note}"),
        ("DELETE", "/api/v1/notes/{note}"),
        ("PUT", "/api/v1/notes/{note}/shares"),
    ] {
        t.insert((method, path), the_trainee_only);
    }
    t.insert(("GET", "/trainees/{trainee}/notes"), logbook_of_subject);
    t.insert(("GET", "/api/v1/trainees/{trainee}/notes"), logbook_of_subject);
    // Paper time attestations: the trainee uploads hers; the secretariat lists what waits in
    // its regions and decides those of its own region.
    t.insert(
        ("POST", "/trainees/{trainee}/employments/{employment}/paper"),
        the_trainee_only,
    );
    t.insert(
        (
            "POST",
            "/api/v1/trainees/{trainee}/employments/{employment}/paper-attestations",
        ),
        the_trainee_only,
    );
    for path in ["/paper-attestations", "/api/v1/paper-attestations"] {
        t.insert(("GET", path), |a| match a {
            Anonymous => Login,
            SecretariatOfRegion | SecretariatOfOtherRegion => Allow,
            _ => Deny,
        });
    }
    for path in [
        "/paper-attestations/{document}/approve",
        "/paper-attestations/{document}/return",
        "/api/v1/paper-attestations/{document}/approve",
        "/api/v1/paper-attestations/{document}/return",
    ] {
        t.insert(("POST", path), secretariat_of_region);
    }
    // Specialty files: every signed-in user reads the forms; only the curriculum's course
    // leaders (not among these actors) and the secretariats publish them.
    let signed_in: fn(Actor) -> Expect = |a| match a {
        Anonymous => Login,
        _ => Allow,
    };
    let secretariats: fn(Actor) -> Expect = |a| match a {
        Anonymous => Login,
        SecretariatOfRegion | SecretariatOfOtherRegion => Allow,
        _ => Deny,
    };
    for path in [
        "/specialty-files",
        "/specialty-files/{document}",
        "/api/v1/curricula/{curriculum}/specialty-files",
    ] {
        t.insert(("GET", path), signed_in);
    }
    for path in [
        "/specialty-files/curricula/{curriculum}",
        "/specialty-files/{document}/versions",
        "/api/v1/curricula/{curriculum}/specialty-files",
        "/api/v1/specialty-files/{document}/versions",
    ] {
        t.insert(("POST", path), secretariats);
    }
    // The overview of medical employment: every trainee keeps her own; only the subject
    // changes or completes hers; whoever sees her logbook reads it.
    for (method, path) in [
        ("GET", "/logbook/employment-overview"),
        ("POST", "/logbook/employment-overview"),
        ("POST", "/logbook/employment-overview/complete"),
    ] {
        t.insert((method, path), own_notes);
    }
    for (method, path) in [
        ("GET", "/logbook/employment-overview/{entry}"),
        ("POST", "/logbook/employment-overview/{entry}"),
        ("POST", "/logbook/employment-overview/{entry}/delete"),
        ("POST", "/api/v1/trainees/{trainee}/employment-overview/employments"),
        ("PUT", "/api/v1/trainees/{trainee}/employment-overview/completion"),
        ("PUT", "/api/v1/medical-employments/{entry}"),
        ("DELETE", "/api/v1/medical-employments/{entry}"),
    ] {
        t.insert((method, path), the_trainee_only);
    }
    t.insert(("GET", "/trainees/{trainee}/employment-overview"), logbook_of_subject);
    t.insert(
        ("GET", "/api/v1/trainees/{trainee}/employment-overview"),
        logbook_of_subject,
    );
    // API.
    t.insert(("POST", "/api/v1/auth/token"), |_| Allow);
    t.insert(("DELETE", "/api/v1/auth/token"), |a| {
        if a == Anonymous { Login } else { Allow }
    });
    t.insert(("GET", "/api/v1/me"), |a| if a == Anonymous { Login } else { Allow });
    // Everything Logbog holds about the user: every user, for themselves.
    t.insert(
        ("GET", "/api/v1/me/data"),
        |a| if a == Anonymous { Login } else { Allow },
    );
    t.insert(("GET", "/me/data.json"), |a| if a == Anonymous { Login } else { Allow });
    t.insert(("GET", "/api/v1/trainees/{trainee}/programmes"), logbook_of_subject);
    t.insert(("GET", "/api/v1/trainees/{trainee}/competencies"), logbook_of_subject);
    t.insert(
        ("GET", "/api/v1/trainees/{trainee}/competencies/{competency}"),
        logbook_of_subject,
    );
    t.insert(("GET", "/api/v1/openapi.json"), |_| Allow);
    t.insert(("GET", "/api/v1/trainees/{trainee}/approvers"), the_trainee_only);
    t.insert(
        ("POST", "/api/v1/employments/{employment}/time-attestation/requests"),
        the_trainee_only,
    );
    t.insert(
        (
            "POST",
            "/api/v1/trainees/{trainee}/employments/{employment}/time-attestation/approve",
        ),
        |a| match a {
            Anonymous => Login,
            LeadOfDepartment => Allow,
            _ => Deny,
        },
    );
    t.insert(("GET", "/api/v1/access/site-grants"), |a| match a {
        Anonymous => Login,
        SecretariatOfRegion | SecretariatOfOtherRegion => Allow,
        _ => Deny,
    });
    t.insert(("GET", "/api/v1/access/supervisions"), |a| match a {
        Anonymous => Login,
        LeadOfDepartment | LeadOfOtherDepartment | Tutor => Allow,
        _ => Deny,
    });
    t.insert(("POST", "/api/v1/access/site-grants"), |a| match a {
        Anonymous => Login,
        SecretariatOfRegion => Allow,
        _ => Deny,
    });
    t.insert(("DELETE", "/api/v1/access/site-grants/{grant}"), |a| match a {
        Anonymous => Login,
        SecretariatOfRegion => Allow,
        _ => Deny,
    });
    t.insert(("POST", "/api/v1/access/supervisions"), |a| match a {
        Anonymous => Login,
        LeadOfDepartment => Allow,
        _ => Deny,
    });
    t.insert(("DELETE", "/api/v1/access/supervisions/{supervision}"), |a| match a {
        Anonymous => Login,
        LeadOfDepartment => Allow,
        _ => Deny,
    });
    t.insert(("GET", "/api/v1/notifications"), |a| {
        if a == Anonymous { Login } else { Allow }
    });
    t.insert(("POST", "/api/v1/notifications/read"), |a| {
        if a == Anonymous { Login } else { Allow }
    });
    t.insert(("GET", "/api/v1/me/logbook-views"), |a| match a {
        Anonymous => Login,
        TheTrainee | AnotherTrainee => Allow,
        _ => Deny,
    });
    t.insert(("POST", "/api/v1/trainees/{trainee}/requests"), the_trainee_only);
    t.insert(("DELETE", "/api/v1/requests/{request}"), the_trainee_only);
    t.insert(("GET", "/api/v1/worklist"), approvers);
    t.insert(("GET", "/api/v1/worklist/time-attestations"), approvers);
    t.insert(("POST", "/api/v1/worklist/approvals"), the_addressee_only);
    t.insert(("POST", "/api/v1/requests/{request}/return"), the_addressee_only);
    t.insert(
        ("POST", "/api/v1/trainees/{trainee}/competencies/{competency}/reset"),
        secretariat_of_region,
    );
    t.insert(
        (
            "GET",
            "/api/v1/trainees/{trainee}/employments/{employment}/time-attestation",
        ),
        logbook_of_subject,
    );
    t.insert(
        (
            "POST",
            "/api/v1/trainees/{trainee}/employments/{employment}/time-attestation/reset",
        ),
        secretariat_of_region,
    );
    t
}

const METHODS: [&str; 5] = ["GET", "POST", "PUT", "PATCH", "DELETE"];

async fn every_route_for_every_actor(db: TestDb) {
    let t = TestApp::with_demo(db, date("2026-11-26")).await;
    let table = table();

    // Every path of the router is in the table, and the table names no path the router lacks.
    let doc: serde_json::Value = t
        .client()
        .get(t.url("/api/v1/openapi.json"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let mut router_paths: BTreeSet<String> = logbog_web::pages::paths().into_iter().map(str::to_owned).collect();
    router_paths.extend(doc["paths"].as_object().unwrap().keys().cloned());
    router_paths.extend(
        logbog_web::api::UNDOCUMENTED_PATHS
            .iter()
            .copied()
            .filter(|p| !p.contains('*'))
            .map(str::to_owned),
    );
    let table_paths: BTreeSet<String> = table.keys().map(|(_, p)| (*p).to_owned()).collect();
    assert_eq!(
        router_paths, table_paths,
        "the authorization table and the router must list the same paths"
    );

    // The subject and the fixture the demo lacks: a supervisor whose access to the subject ended.
    let mut conn = t.app.db.conn().await.unwrap();
    let subject: PersonId = logbog_db::accounts::find_by_username(&mut conn, "laege.hu1")
        .await
        .unwrap()
        .unwrap()
        .person
        .id;
    let supervisor: PersonId = logbog_db::accounts::find_by_username(&mut conn, "vejleder.hansen")
        .await
        .unwrap()
        .unwrap()
        .person
        .id;
    let lead = logbog_db::accounts::find_by_username(&mut conn, "uao.kardiologi")
        .await
        .unwrap()
        .unwrap()
        .person
        .id;
    let grants = logbog_db::accounts::grants_of(&mut conn, lead).await.unwrap();
    let site = grants
        .iter()
        .find(|g| g.role == Role::TrainingLead)
        .unwrap()
        .scope_id
        .clone()
        .unwrap();
    drop(conn);
    let ended = logbog_testkit::builders::account(
        &t.app,
        "ended.supervisor",
        Role::Supervisor,
        Some(&site),
        date("2020-01-01"),
    )
    .await;
    let mut tx = t.app.db.begin().await.unwrap();
    logbog_db::supervisions::insert_supervision(
        &mut tx,
        &NewSupervision {
            supervisor_id: ended,
            trainee_id: subject,
            site_id: site.parse().unwrap(),
            kind: SupervisorKind::Daily,
            valid_from: date("2026-01-01"),
            valid_until: Some(date("2026-10-31")),
            granted_by: lead,
        },
        chrono::Utc::now(),
    )
    .await
    .unwrap();
    tx.commit().await.unwrap();

    // A competency of the subject's current curriculum.
    let comps: serde_json::Value = {
        let token = t.token("laege.hu1", PW).await;
        t.client()
            .get(t.url(&format!("/api/v1/trainees/{subject}/competencies")))
            .bearer_auth(token)
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap()
    };
    let competency = comps["competencies"][0]["id"].as_str().unwrap().to_owned();
    let subject_token = t.token("laege.hu1", PW).await;
    let programme = {
        let mut conn = t.app.db.conn().await.unwrap();
        let all = logbog_db::programmes::programmes_of(&mut conn, subject).await.unwrap();
        all.iter()
            .find(|p| p.kind == logbog_domain::ProgrammeKind::Main)
            .unwrap()
            .id
            .to_string()
    };
    let pdf = logbog_files::check::samples::pdf("Aftale");
    let curriculum: String = {
        let mut conn = t.app.db.conn().await.unwrap();
        sqlx::query_scalar("SELECT id FROM curricula WHERE code = 'kardiologi-hu'")
            .fetch_one(&mut *conn)
            .await
            .unwrap()
    };
    let publisher = t.token("sekretariat.syd", PW).await;

    let mut failures = Vec::new();
    for actor in ALL {
        let password = if actor == SupervisorAccessEnded {
            logbog_testkit::builders::PASSWORD
        } else {
            PW
        };
        let (client, token) = match actor.username() {
            Some(u) => (t.login(u, password).await, Some(t.token(u, password).await)),
            None => (t.client(), None),
        };
        // Logging out comes last, so that the actor stays logged in for the rest.
        let mut ordered: Vec<&String> = router_paths.iter().filter(|p| p.as_str() != "/logout").collect();
        ordered.extend(router_paths.iter().filter(|p| p.as_str() == "/logout"));
        for path in ordered {
            for method in METHODS {
                let expect = table.get(&(method, path.as_str()));
                // A fresh request of the subject to the current supervisor for each probe that
                // may consume it (withdraw, return).
                let employment = if path.contains("{employment}") && expect.is_some() {
                    fresh_employment(&t, subject, &site).await
                } else {
                    "0190aaaa-0000-7000-8000-000000000000".to_owned()
                };
                let grant = if path.contains("{grant}") && expect.is_some() {
                    fresh_grant(&t, &site).await
                } else {
                    "0190aaaa-0000-7000-8000-000000000000".to_owned()
                };
                let supervision = if path.contains("{supervision}") && expect.is_some() {
                    fresh_supervision(&t, subject, &site, lead).await
                } else {
                    "0190aaaa-0000-7000-8000-000000000000".to_owned()
                };
                let approving =
                    path.ends_with("/approve") && path.contains("worklist") || path.ends_with("/worklist/approvals");
                let (request, method_code) = if (path.contains("{request}") || approving) && expect.is_some() {
                    fresh_request(&t, subject).await
                } else {
                    ("0190aaaa-0000-7000-8000-000000000000".to_owned(), String::new())
                };
                // Valid input everywhere, so that an allowed actor's answer is a success and a
                // 400 is a refusal: a free competency to report, an approved item to reset.
                let report_page = path == "/logbook/competencies/{competency}/report";
                let reporting =
                    path == "/logbook/report" || path == "/api/v1/trainees/{trainee}/requests" || report_page;
                let free = if reporting && expect.is_some() {
                    free_competency(&t, subject).await.0.to_string()
                } else {
                    NOBODY.to_owned()
                };
                let resetting = path.ends_with("/reset") && expect.is_some();
                let competency = if resetting && path.contains("{competency}") {
                    let (c, _) = free_competency(&t, subject).await;
                    fresh_approval(&t, subject, lead, logbog_domain::ItemRef::Competency(c)).await;
                    c.to_string()
                } else if report_page {
                    free.clone()
                } else {
                    competency.clone()
                };
                if resetting && path.contains("{employment}") {
                    let e: logbog_domain::EmploymentId = employment.parse().unwrap();
                    fresh_approval(&t, subject, lead, logbog_domain::ItemRef::TimeAttestation(e)).await;
                }
                let document = if path.contains("paper-attestations/{document}") && expect.is_some() {
                    fresh_paper(&t, &subject_token, subject, &site).await
                } else if path.contains("specialty-files/{document}") && expect.is_some() {
                    fresh_specialty_file(&t, &publisher, &curriculum).await
                } else if path.ends_with("/confirmation") && expect.is_some() {
                    fresh_card(&t, &subject_token, subject).await
                } else if path.contains("{document}") && expect.is_some() {
                    let resp = logbog_testkit::upload_agreement(
                        &t,
                        &subject_token,
                        &subject.to_string(),
                        &programme,
                        &[("dated", "2024-08-15")],
                        Some(("aftale.pdf", &pdf)),
                    )
                    .await;
                    let created: serde_json::Value = resp.json().await.unwrap();
                    created["document"]["id"].as_str().unwrap().to_owned()
                } else {
                    NOBODY.to_owned()
                };
                let notification = match actor.username() {
                    Some(u) if path.contains("{notification}") => fresh_notification(&t, u).await,
                    _ => NOBODY.to_owned(),
                };
                let note = if path.contains("{note}") && expect.is_some() {
                    fresh_note(&t, &subject_token, subject).await
                } else {
                    NOBODY.to_owned()
                };
                let entry = if path.contains("{entry}") && expect.is_some() {
                    fresh_entry(&t, &subject_token, subject).await
                } else {
                    NOBODY.to_owned()
                };
                // Completing names the revision the completer saw: the subject's over the API,
                // the actor's own on the page.
                let revision = if path.ends_with("/completion") {
                    revision_of(&t, subject).await
                } else if path.ends_with("/complete") {
                    match actor.username() {
                        Some(u) => revision_of(&t, t.user(u).await.id()).await,
                        None => "0".to_owned(),
                    }
                } else {
                    String::new()
                };
                let url = path
                    .replace("{trainee}", &subject.to_string())
                    .replace("{entry}", &entry)
                    .replace("{note}", &note)
                    .replace("{notification}", &notification)
                    .replace("{programme}", &programme)
                    .replace("{document}", &document)
                    .replace("{curriculum}", &curriculum)
                    .replace("{competency}", &competency)
                    .replace("{employment}", &employment)
                    .replace("{grant}", &grant)
                    .replace("{supervision}", &supervision)
                    .replace("{request}", &request);
                // A fresh page for a valid CSRF token, for forms.
                let csrf = {
                    let mut r = client.get(t.url("/login")).send().await.unwrap();
                    if r.status().is_redirection() {
                        let to = r.headers()["location"].to_str().unwrap().to_owned();
                        r = client.get(t.url(&to)).send().await.unwrap();
                    }
                    let html = r.text().await.unwrap();
                    if html.contains("name=\"csrf\"") {
                        csrf_of(&html)
                    } else {
                        String::new()
                    }
                };
                let mut req = client.request(method.parse().unwrap(), t.url(&url));
                if path.starts_with("/api/") {
                    if let Some(tok) = &token {
                        // Revoking is tested with a throwaway token, so the actor keeps theirs.
                        let tok = if method == "DELETE" {
                            t.token(actor.username().unwrap(), password).await
                        } else {
                            tok.clone()
                        };
                        req = req.bearer_auth(tok);
                    }
                    if method == "POST"
                        && (path.ends_with("/agreements")
                            || path.ends_with("/cards")
                            || path.ends_with("/paper-attestations")
                            || path.ends_with("/specialty-files")
                            || path.ends_with("/versions"))
                    {
                        let fields: &[(&str, &str)] = if path.ends_with("/agreements") {
                            &[("dated", "2024-08-15")]
                        } else if path.ends_with("/specialty-files") || path.ends_with("/versions") {
                            &[("title", "Kompetencekort")]
                        } else {
                            &[]
                        };
                        let (content_type, body) = logbog_testkit::multipart(fields, Some(("aftale.pdf", &pdf)));
                        req = req.header("content-type", content_type).body(body);
                    } else if method == "POST" {
                        // A well-formed body, so that the answer is about access, not syntax.
                        let body = match path.as_str() {
                            // Well-formed ids, so that a refusal comes from a rule, not syntax.
                            p if p.ends_with("/time-attestation/requests") => serde_json::json!({ "approver": lead }),
                            p if p.ends_with("/time-attestation/approve") => serde_json::json!({ "comment": "" }),
                            p if p.starts_with("/api/v1/paper-attestations/") && p.ends_with("/approve") => {
                                serde_json::json!({ "comment": "" })
                            }
                            "/api/v1/access/site-grants" => {
                                serde_json::json!({ "username": "vejleder.hansen", "site": site, "valid_from": "2026-11-26" })
                            }
                            "/api/v1/access/supervisions" => serde_json::json!({
                                "trainee": subject, "supervisor": supervisor, "kind": "main", "valid_from": "2026-11-26"
                            }),
                            p if p.ends_with("/notes") => {
                                serde_json::json!({ "written_on": "2026-11-26", "note": "Stuegang" })
                            }
                            p if p.ends_with("/employment-overview/employments") => entry_body(),
                            p if p.ends_with("/requests") => {
                                serde_json::json!({ "competencies": [free], "approver": supervisor, "approver_role": "supervisor" })
                            }
                            p if p.ends_with("/approvals") => {
                                serde_json::json!({ "requests": [request], "assessment_method": method_code })
                            }
                            p if p.ends_with("/return") => serde_json::json!({ "comment": "Mangler kort" }),
                            p if p.ends_with("/reset") => {
                                serde_json::json!({ "request_reference": "J.nr. 2026-1", "reason": "Godkendt ved en fejl" })
                            }
                            _ => {
                                serde_json::json!({ "username": actor.username().unwrap_or("laege.hu1"), "password": password })
                            }
                        };
                        req = req.json(&body);
                    } else if method == "PUT" {
                        let body = if path.ends_with("/shares") {
                            serde_json::json!({ "shared_with": [] })
                        } else if path.ends_with("/completion") {
                            serde_json::json!({ "revision": revision.parse::<i64>().unwrap() })
                        } else if path.contains("/medical-employments/") {
                            entry_body()
                        } else {
                            serde_json::json!({ "written_on": "2026-11-26", "note": "Stuegang" })
                        };
                        req = req.json(&body);
                    }
                } else if method != "GET" {
                    let basis = format!("{request}:{method_code}");
                    let subject_text = subject.to_string();
                    let supervisor_text = supervisor.to_string();
                    let supervisor_role = format!("{supervisor}:supervisor");
                    let lead_text = lead.to_string();
                    let entry_day = entry_day();
                    // Unsafe methods carry a valid CSRF token, so that the router (405) or the
                    // handler answers, not the CSRF check.
                    let form: Vec<(&str, &str)> = match path.as_str() {
                        "/login" => vec![
                            ("csrf", &csrf),
                            ("username", actor.username().unwrap_or("x")),
                            ("password", password),
                        ],
                        "/language" => vec![("csrf", &csrf), ("lang", "da"), ("back", "/")],
                        "/logbook/notes" | "/logbook/notes/{note}" => {
                            vec![("csrf", &csrf), ("written_on", "2026-11-26"), ("note", "Stuegang")]
                        }
                        "/logbook/employment-overview" | "/logbook/employment-overview/{entry}" => vec![
                            ("csrf", &csrf),
                            ("kind", "post"),
                            ("employer", "Fixture"),
                            ("position", "Reservelæge"),
                            ("start_date", &entry_day),
                            ("end_date", &entry_day),
                            ("extent", "100"),
                            ("extent_unit", "percent"),
                        ],
                        "/logbook/employment-overview/complete" => vec![("csrf", &csrf), ("revision", &revision)],
                        p if p.contains("/return") => vec![("csrf", &csrf), ("comment", "Mangler kompetencekort")],
                        "/worklist/approve" => vec![("csrf", &csrf), ("request", &request), ("method", &basis)],
                        "/access/site-grants" => vec![
                            ("csrf", &csrf),
                            ("username", "vejleder.hansen"),
                            ("site", &site),
                            ("valid_from", "2026-11-26"),
                        ],
                        "/access/supervisions" => vec![
                            ("csrf", &csrf),
                            ("trainee", &subject_text),
                            ("supervisor", &supervisor_text),
                            ("kind", "main"),
                            ("valid_from", "2026-11-26"),
                        ],
                        p if p.ends_with("/request") => vec![("csrf", &csrf), ("approver", &lead_text)],
                        "/logbook/report" => vec![
                            ("csrf", &csrf),
                            ("competency", &free),
                            ("approver", &supervisor_role),
                            ("back", "/logbook"),
                        ],
                        p if p.ends_with("/reset") => vec![
                            ("csrf", &csrf),
                            ("reference", "J.nr. 2026-1"),
                            ("reason", "Godkendt ved en fejl"),
                        ],
                        _ => vec![("csrf", &csrf)],
                    };
                    if path.ends_with("/agreements")
                        || path.ends_with("/cards")
                        || path.ends_with("/paper")
                        || report_page
                        || path.starts_with("/specialty-files/") && method == "POST"
                    {
                        // An upload: the CSRF token as the multipart form's first part.
                        let fields: Vec<(&str, &str)> = if path.ends_with("/agreements") {
                            vec![("csrf", &csrf), ("dated", "2024-08-15")]
                        } else if path.starts_with("/specialty-files/") {
                            vec![("csrf", &csrf), ("title", "Kompetencekort")]
                        } else if report_page {
                            vec![("csrf", &csrf), ("approver", &supervisor_role)]
                        } else {
                            vec![("csrf", &csrf)]
                        };
                        let (content_type, body) = logbog_testkit::multipart(&fields, Some(("aftale.pdf", &pdf)));
                        req = req.header("content-type", content_type).body(body);
                    } else {
                        req = req.form(&form);
                    }
                }
                let resp = req.send().await.unwrap();
                let status = resp.status().as_u16();
                let location = resp
                    .headers()
                    .get("location")
                    .and_then(|v| v.to_str().ok())
                    .unwrap_or("")
                    .to_owned();
                let Some(expect) = expect else {
                    if status != 405 && !(path.starts_with("/api/") && status == 404) {
                        failures.push(format!("{method} {path} answers {status} but is not in the table"));
                    }
                    continue;
                };
                let got = match status {
                    // Every probe sends input of the documented shape: a 422 is a refusal by a
                    // rule (not your site, not your region, not your item), and for an allowed
                    // actor a failure; so is a 400, where a form only an allowed actor gets
                    // to see was not filled as it would be.
                    400 | 422 => Deny,
                    401 => Login,
                    300..=399 if location.starts_with("/login") && !(path == "/login" || path == "/logout") => Login,
                    200..=399 => Allow,
                    403 | 404 => Deny,
                    _ => {
                        failures.push(format!("{actor:?} {method} {path}: unexpected status {status}"));
                        continue;
                    }
                };
                let want = expect(actor);
                if got != want {
                    failures.push(format!(
                        "{actor:?} {method} {path}: expected {want:?}, got {got:?} ({status} {location})"
                    ));
                }
            }
        }
        // After POST /logout the page client is logged out; that is why it comes from a fresh login.
    }
    assert!(
        failures.is_empty(),
        "authorization table violations:\n{}",
        failures.join("\n")
    );
}

/// An employment of the subject at the lead's department, in its last month (ends 2026-12-15).
async fn fresh_employment(t: &TestApp, subject: PersonId, site: &str) -> String {
    let range = (date("2026-06-01"), date("2026-12-15"));
    logbog_testkit::builders::employment_in_newest_programme(&t.app, subject, site.parse().unwrap(), range)
        .await
        .to_string()
}

/// A training lead grant for a new person (without account) at `site`; returns the grant's id.
async fn fresh_grant(t: &TestApp, site: &str) -> String {
    let mut tx = t.app.db.begin().await.unwrap();
    let person = logbog_db::accounts::insert_person(
        &mut tx,
        &logbog_db::accounts::NewPerson {
            given_name: "Grant",
            family_name: "Fixture",
            cpr: None,
            authorisation_id: None,
            email: None,
        },
        chrono::Utc::now(),
    )
    .await
    .unwrap();
    let id = logbog_db::accounts::insert_grant(
        &mut tx,
        &logbog_db::accounts::NewGrant {
            person_id: person,
            role: Role::TrainingLead,
            scope_id: Some(site),
            valid_from: date("2026-01-01"),
            valid_until: None,
            granted_by: None,
        },
        chrono::Utc::now(),
    )
    .await
    .unwrap();
    tx.commit().await.unwrap();
    id.to_string()
}

/// A paper time attestation of the subject, waiting, on a fresh employment in its last month.
async fn fresh_paper(t: &TestApp, token: &str, subject: PersonId, site: &str) -> String {
    let employment = fresh_employment(t, subject, site).await;
    let pdf = logbog_files::check::samples::pdf("Attestation for tid");
    let (content_type, body) = logbog_testkit::multipart(&[], Some(("attestation.pdf", &pdf)));
    let resp = t
        .client()
        .post(t.url(&format!(
            "/api/v1/trainees/{subject}/employments/{employment}/paper-attestations"
        )))
        .bearer_auth(token)
        .header("content-type", content_type)
        .body(body)
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), 201);
    let v: serde_json::Value = resp.json().await.unwrap();
    v["document"].as_str().unwrap().to_owned()
}

/// A current specialty file of `curriculum`, published by the secretariat behind `token`.
async fn fresh_specialty_file(t: &TestApp, token: &str, curriculum: &str) -> String {
    let pdf = logbog_files::check::samples::pdf("Kompetencekort");
    let (content_type, body) = logbog_testkit::multipart(&[("title", "Kompetencekort")], Some(("kort.pdf", &pdf)));
    let resp = t
        .client()
        .post(t.url(&format!("/api/v1/curricula/{curriculum}/specialty-files")))
        .bearer_auth(token)
        .header("content-type", content_type)
        .body(body)
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), 201);
    let v: serde_json::Value = resp.json().await.unwrap();
    v["document"]["id"].as_str().unwrap().to_owned()
}

/// A day of its own for each employment a probe adds to an overview, so that however many
/// probes add one, they never overlap.
fn entry_day() -> String {
    static NEXT: std::sync::atomic::AtomicI64 = std::sync::atomic::AtomicI64::new(0);
    let n = NEXT.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    (date("1995-01-01") + chrono::Duration::days(n)).to_string()
}

/// An employment of the overview, of the documented shape, on a day of its own.
fn entry_body() -> serde_json::Value {
    let day = entry_day();
    serde_json::json!({
        "kind": "post", "employer": "Fixture", "position": "Reservelæge",
        "start_date": day, "end_date": day, "hours_per_week": 37,
    })
}

/// A fresh employment of the subject's overview (some probes edit or remove it).
async fn fresh_entry(t: &TestApp, token: &str, subject: PersonId) -> String {
    let resp = t
        .client()
        .post(t.url(&format!("/api/v1/trainees/{subject}/employment-overview/employments")))
        .bearer_auth(token)
        .json(&entry_body())
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), 201);
    let v: serde_json::Value = resp.json().await.unwrap();
    v["employments"]
        .as_array()
        .unwrap()
        .iter()
        .rev()
        .find(|e| e["source"] == "own")
        .and_then(|e| e["id"].as_str())
        .unwrap()
        .to_owned()
}

/// The revision of a trainee's overview as it stands.
async fn revision_of(t: &TestApp, trainee: PersonId) -> String {
    let mut conn = t.app.db.conn().await.unwrap();
    logbog_db::overview::state(&mut conn, trainee)
        .await
        .unwrap()
        .revision
        .to_string()
}

/// A supervision of the subject by a new person at `site`; returns its id.
/// A fresh note of the subject's (some probes edit or delete it).
async fn fresh_note(t: &TestApp, token: &str, subject: PersonId) -> String {
    let resp = t
        .client()
        .post(t.url(&format!("/api/v1/trainees/{subject}/notes")))
        .bearer_auth(token)
        .json(&serde_json::json!({ "written_on": "2026-11-20", "note": "Til godkendelsestabellen" }))
        .send()
        .await
        .unwrap();
    let created: serde_json::Value = resp.json().await.unwrap();
    created["id"].as_str().unwrap().to_owned()
}

async fn fresh_supervision(t: &TestApp, subject: PersonId, site: &str, lead: PersonId) -> String {
    let mut tx = t.app.db.begin().await.unwrap();
    let person = logbog_db::accounts::insert_person(
        &mut tx,
        &logbog_db::accounts::NewPerson {
            given_name: "Super",
            family_name: "Fixture",
            cpr: None,
            authorisation_id: None,
            email: None,
        },
        chrono::Utc::now(),
    )
    .await
    .unwrap();
    let id = logbog_db::supervisions::insert_supervision(
        &mut tx,
        &NewSupervision {
            supervisor_id: person,
            trainee_id: subject,
            site_id: site.parse().unwrap(),
            kind: SupervisorKind::Daily,
            valid_from: date("2026-11-01"),
            valid_until: None,
            granted_by: lead,
        },
        chrono::Utc::now(),
    )
    .await
    .unwrap();
    tx.commit().await.unwrap();
    id.to_string()
}

/// A not-started competency of the subject (pending requests of earlier probes are withdrawn
/// first) and an assessment method it names.
async fn free_competency(t: &TestApp, subject: PersonId) -> (logbog_domain::CompetencyId, String) {
    let mut conn = t.app.db.conn().await.unwrap();
    // Earlier probes may have left requests pending: clear them so competencies are free again.
    sqlx::query("UPDATE approval_requests SET state = 'withdrawn' WHERE trainee_id = $1 AND state = 'pending'")
        .bind(subject.to_string())
        .execute(&mut *conn)
        .await
        .unwrap();
    let curricula = logbog_db::programmes::curricula_of_trainee(&mut conn, subject)
        .await
        .unwrap();
    let mut target = None;
    for (_, v) in &curricula {
        let statuses = logbog_app::items::statuses(&mut conn, subject, logbog_app::Clock::today(&*t.clock))
            .await
            .unwrap();
        for c in logbog_db::curricula::competencies_of_version(&mut conn, v.id)
            .await
            .unwrap()
        {
            if statuses.of(logbog_domain::ItemRef::Competency(c.id)).state()
                == logbog_domain::CompetencyState::NotStarted
            {
                target = Some(c.id);
                break;
            }
        }
        if target.is_some() {
            break;
        }
    }
    let target = target.expect("a not-started competency");
    let method = logbog_db::curricula::find_competency(&mut conn, target)
        .await
        .unwrap()
        .unwrap()
        .assessment_methods
        .first()
        .map(|m| m.code().to_owned())
        .unwrap_or_else(|| "osats".to_owned());
    (target, method)
}

/// A fresh notification of the person behind `username`, about nothing in particular.
async fn fresh_notification(t: &TestApp, username: &str) -> String {
    let person = t.person(username).await;
    let mut conn = t.app.db.conn().await.unwrap();
    let notice = logbog_domain::Notice::Reset {
        reference: "J.nr. 1".into(),
        reason: "Prøve".into(),
        about: None,
    };
    logbog_db::notifications::insert(&mut conn, person, &notice, None, t.app.clock.now())
        .await
        .unwrap();
    logbog_db::notifications::list_for(&mut conn, person, 1, 0)
        .await
        .unwrap()[0]
        .id
        .clone()
}

/// A filled card of the subject on a not-started competency of hers, uploaded by her.
async fn fresh_card(t: &TestApp, token: &str, subject: PersonId) -> String {
    let (competency, _) = free_competency(t, subject).await;
    let pdf = logbog_files::check::samples::pdf("Kompetencekort");
    let (content_type, body) = logbog_testkit::multipart(&[], Some(("kort.pdf", &pdf)));
    let resp = t
        .client()
        .post(t.url(&format!("/api/v1/trainees/{subject}/competencies/{competency}/cards")))
        .bearer_auth(token)
        .header("content-type", content_type)
        .body(body)
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), 201, "a fresh card");
    let created: serde_json::Value = resp.json().await.unwrap();
    created["document"]["id"].as_str().unwrap().to_owned()
}

/// Report one not-started competency of the subject ready to the current supervisor; returns the
/// request's id and an assessment method of the competency.
async fn fresh_request(t: &TestApp, subject: PersonId) -> (String, String) {
    let (target, method) = free_competency(t, subject).await;
    let supervisor = t.person("vejleder.hansen").await;
    let mut tx = t.app.db.begin().await.unwrap();
    let id = logbog_db::requests::insert_request(
        &mut tx,
        &logbog_db::requests::NewRequest {
            trainee_id: subject,
            item: logbog_domain::ItemRef::Competency(target),
            approver_id: supervisor,
            approver_role: Role::Supervisor,
            message: "",
        },
        chrono::Utc::now(),
    )
    .await
    .unwrap();
    tx.commit().await.unwrap();
    (id.to_string(), method)
}

dual_db_tests!(every_route_for_every_actor);

/// An approval of `item` of the subject by the lead, standing, for a reset to undo.
async fn fresh_approval(t: &TestApp, subject: PersonId, lead: PersonId, item: logbog_domain::ItemRef) {
    let mut tx = t.app.db.begin().await.unwrap();
    logbog_db::approvals::insert_approval(
        &mut tx,
        &logbog_db::approvals::NewApproval {
            trainee_id: subject,
            item,
            approver_id: lead,
            approver_role: Role::TrainingLead,
            assessment_method: None,
            basis_document: None,
            comment: "",
            request_id: None,
        },
        chrono::Utc::now(),
    )
    .await
    .unwrap();
    tx.commit().await.unwrap();
}
