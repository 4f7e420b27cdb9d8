//! The seed against a real database (SQLite always, PostgreSQL when configured): the stories
//! the README promises, dated cases of awkward days, and an audit trail only use cases wrote.

use super::accounts::*;
use super::sites::*;
use super::*;
use crate::{AppConfig, FixedClock};
use logbog_db::{accounts, curricula, employments, programmes};
use logbog_domain::CompetencyState;
use logbog_domain::access::{TraineeAccessDenied, trainee_access};
use logbog_domain::{ItemRef, LeaveKind, ProgrammeKind, SiteKind};
use logbog_testkit::TestDb;
use std::collections::HashSet;
use std::sync::Arc;

fn app(db: &TestDb, today: NaiveDate) -> App {
    let clock = Arc::new(FixedClock::at_date(today));
    App::new(db.db.clone(), clock, AppConfig::default())
}

/// Counts of (approved, reported ready, not started) over all the trainee's curricula, or
/// only those of `kind`.
async fn states(conn: &mut Conn, trainee: PersonId, kind: Option<ProgrammeKind>) -> (usize, usize, usize) {
    let mut counts = (0, 0, 0);
    for (_, v) in programmes::curricula_of_trainee(conn, trainee).await.unwrap() {
        if kind.is_some_and(|k| k != v.kind) {
            continue;
        }
        let statuses = crate::items::statuses(conn, trainee, chrono::Utc::now().date_naive())
            .await
            .unwrap();
        for c in curricula::competencies_of_version(conn, v.id).await.unwrap() {
            match statuses.of(ItemRef::Competency(c.id)).state() {
                CompetencyState::Approved => counts.0 += 1,
                CompetencyState::ReportedReady => counts.1 += 1,
                CompetencyState::NotStarted => counts.2 += 1,
            }
        }
    }
    counts
}

async fn seeds_a_consistent_demo(db: TestDb) {
    let today = NaiveDate::from_ymd_opt(2026, 11, 26).unwrap();
    let app = app(&db, today);
    let mut steps = Vec::new();
    let report = seed(&app, &mut |step, total, label| {
        steps.push((step, total, label.to_owned()))
    })
    .await
    .unwrap();
    assert!(report.seeded);
    assert_eq!(steps.len(), STEPS.len());
    for (i, (step, total, _)) in steps.iter().enumerate() {
        assert_eq!((*step, *total), (i + 1, STEPS.len()));
    }
    let again = seed(&app, &mut |_, _, _| {}).await.unwrap();
    assert!(!again.seeded, "idempotent");

    let mut conn = app.db.conn().await.unwrap();
    let conn: &mut Conn = &mut conn;
    assert_eq!(
        meta::get(conn, SEEDED_KEY).await.unwrap().as_deref(),
        Some("2026-11-26")
    );
    // The demo accounts, and one for every colleague on the sites' staff, who act in the
    // histories through the use cases but cannot log in.
    let colleagues = SITES
        .iter()
        .flat_map(|s| std::iter::once(&s.lead).chain(s.supervisors))
        .filter(|s| matches!(s, Staff::Named(..)))
        .count();
    assert_eq!(
        accounts::count_accounts(conn).await.unwrap(),
        (ACCOUNTS.len() + colleagues + super::colleagues::COLLEAGUES.len()) as i64
    );
    let colleague = accounts::find_by_username(conn, "nanna.kirk").await.unwrap().unwrap();
    assert!(
        !crate::password::verify(DEMO_PASSWORD, &colleague.password_hash),
        "only the demo accounts log in"
    );
    let mut person = HashMap::new();
    for a in demo_accounts() {
        let account = accounts::find_by_username(conn, &a.username).await.unwrap().unwrap();
        let mut roles: Vec<Role> = accounts::grants_of(conn, account.person.id)
            .await
            .unwrap()
            .into_iter()
            .map(|g| g.role)
            .collect();
        roles.sort();
        roles.dedup();
        let mut expected = a.roles.clone();
        expected.sort();
        assert_eq!(roles, expected, "{}", a.username);
        person.insert(a.username.clone(), account.person.id);
        if a.username == "laege.hu1" {
            assert!(crate::password::verify(DEMO_PASSWORD, &account.password_hash));
            let cpr = account.person.cpr.unwrap();
            let age = today.years_since(cpr.birth_date().unwrap()).unwrap();
            assert_eq!(age, 32);
        }
    }
    let p = |u: &str| person[u];

    // Who may log in today.
    for (u, expected) in [
        ("laege.kbu", Ok(())),
        ("laege.intro", Ok(())),
        ("laege.hu1", Ok(())),
        ("laege.hu3", Ok(())),
        ("laege.hu5", Ok(())),
        ("laege.anerkendt", Ok(())),
        (
            "laege.udloebet",
            Err(TraineeAccessDenied::Ended {
                ended_on: NaiveDate::from_ymd_opt(2026, 9, 26).unwrap(),
            }),
        ),
        (
            "laege.ny",
            Err(TraineeAccessDenied::NotYetOpen {
                opens_on: NaiveDate::from_ymd_opt(2026, 12, 1).unwrap(),
            }),
        ),
    ] {
        let (first, recognised) = programmes::access_facts(conn, p(u)).await.unwrap();
        let got = trainee_access(first, recognised, today).map(|_| ());
        assert_eq!(got, expected, "{u}");
    }

    // Competency states.
    let kbu = states(conn, p("laege.kbu"), None).await;
    assert_eq!(kbu, (10, 2, 4));
    assert_eq!(
        states(conn, p("laege.hu5"), Some(ProgrammeKind::Main)).await,
        (17, 2, 1)
    );
    let (approved, ready, open) = states(conn, p("laege.hu5"), None).await;
    assert_eq!(ready + open, 3, "hu5: all but 3 approved ({approved} approved)");
    for u in ["laege.anerkendt", "laege.udloebet"] {
        let (_, ready, open) = states(conn, p(u), None).await;
        assert_eq!((ready, open), (0, 0), "{u}: everything approved");
    }
    let hu1 = states(conn, p("laege.hu1"), Some(ProgrammeKind::Main)).await;
    assert!(
        hu1.0 > 0 && hu1.1 > 0 && hu1.2 > 0,
        "hu1 shows all three states: {hu1:?}"
    );
    let intro = states(conn, p("laege.intro"), Some(ProgrammeKind::Introduction)).await;
    assert!(intro.0 > 0 && intro.1 > 0 && intro.2 > 0, "{intro:?}");
    let hu3 = states(conn, p("laege.hu3"), Some(ProgrammeKind::Main)).await;
    let hu3_intro = states(conn, p("laege.hu3"), Some(ProgrammeKind::Introduction)).await;
    let total = |c: (usize, usize, usize)| c.0 + c.1 + c.2;
    assert_eq!(total(hu3) + total(hu3_intro), 84);
    assert!(hu3.1 > 0 && hu3.2 > 0);
    assert_eq!(states(conn, p("laege.ny"), None).await, (0, 0, 16));

    // Employments, leave, supervisors.
    let emps = logbog_db::employments::employments_of_trainee(conn, p("laege.hu1"))
        .await
        .unwrap();
    let current = emps
        .iter()
        .find(|e| e.start_date <= today && today <= e.end_date)
        .unwrap();
    assert_eq!(current.working_percent.get(), 80);
    assert!(current.phase_id.is_some());
    let sups = logbog_db::supervisions::current_supervisors(conn, p("laege.hu1"), today)
        .await
        .unwrap();
    assert!(sups.iter().any(|s| s.supervisor_id == p("vejleder.hansen")));
    assert!(sups.iter().any(|s| s.supervisor_id == p("uao.kardiologi")));
    let former = logbog_db::supervisions::current_supervisors(conn, p("laege.anerkendt"), today)
        .await
        .unwrap();
    assert!(former.is_empty());
    let leaves = logbog_db::employments::leaves_of_trainee(conn, p("laege.hu3"))
        .await
        .unwrap();
    assert_eq!(leaves.len(), 1);
    assert_eq!(leaves[0].kind, LeaveKind::Parental);
    let hu3_emps = logbog_db::employments::employments_of_trainee(conn, p("laege.hu3"))
        .await
        .unwrap();
    let in_practice = hu3_emps
        .iter()
        .find(|e| e.start_date <= today && today <= e.end_date)
        .unwrap();
    assert_eq!(in_practice.site_kind, SiteKind::GeneralPractice);
    for u in ["laege.kbu", "laege.intro", "laege.hu1", "laege.hu3", "laege.hu5"] {
        let emps = logbog_db::employments::employments_of_trainee(conn, p(u))
            .await
            .unwrap();
        assert!(
            emps.iter().any(|e| e.start_date <= today && today <= e.end_date),
            "{u} is employed today"
        );
    }
    let hu5 = programmes::programmes_of(conn, p("laege.hu5")).await.unwrap();
    let main = hu5.iter().find(|p| p.kind == ProgrammeKind::Main).unwrap();
    let days_left = (main.end_date - today).num_days();
    assert!((100..=160).contains(&days_left), "hu5 ends in ~4 months");
}

/// Month ends and leap days must not trip the date arithmetic.
async fn seeds_on_awkward_days(db: TestDb) {
    for day in ["2028-02-29", "2027-03-31"] {
        let today = NaiveDate::parse_from_str(day, "%Y-%m-%d").unwrap();
        let db = if day == "2028-02-29" {
            &db
        } else {
            &TestDb::sqlite().await
        };
        let report = seed(&app(db, today), &mut |_, _, _| {}).await.unwrap();
        assert!(report.seeded, "{day}");
    }
}

/// A curriculum version applies to trainees who start after it took effect and stay on it:
/// every seeded programme is on versions in force on its first day, and so is every
/// employment, whose version is also one of its programme's.
async fn programmes_are_on_versions_in_force_at_their_start(db: TestDb) {
    let today = NaiveDate::from_ymd_opt(2026, 11, 26).unwrap();
    let app = app(&db, today);
    seed(&app, &mut |_, _, _| {}).await.unwrap();
    let mut conn = app.db.conn().await.unwrap();
    let conn: &mut Conn = &mut conn;
    let in_force = |v: &curricula::CurriculumVersion, day: NaiveDate| {
        v.valid_from <= day && v.valid_until.is_none_or(|u| u >= day)
    };
    let (mut wrong, mut checked) = (Vec::new(), 0);
    for a in ACCOUNTS.iter().filter(|a| a.roles.contains(&Role::Trainee)) {
        let trainee = accounts::find_by_username(conn, a.username)
            .await
            .unwrap()
            .unwrap()
            .person
            .id;
        let programmes = programmes::programmes_of(conn, trainee).await.unwrap();
        let versions = programmes::curricula_of_trainee(conn, trainee).await.unwrap();
        assert!(!programmes.is_empty(), "{}", a.username);
        for p in &programmes {
            let attached: Vec<_> = versions.iter().filter(|(id, _)| *id == p.id).map(|(_, v)| v).collect();
            assert!(!attached.is_empty(), "{}: a programme without a curriculum", a.username);
            for v in attached {
                checked += 1;
                if !in_force(v, p.start_date) {
                    wrong.push(format!(
                        "{}: {:?} programme from {} on {} {} ({}..{:?})",
                        a.username, p.kind, p.start_date, v.name_en, v.label, v.valid_from, v.valid_until
                    ));
                }
            }
        }
        for e in employments::employments_of_trainee(conn, trainee).await.unwrap() {
            let Some(version) = e.curriculum_version_id else {
                continue;
            };
            let p = programmes.iter().find(|p| p.id == e.programme_id).unwrap();
            checked += 1;
            match versions.iter().find(|(id, v)| *id == p.id && v.id == version) {
                Some((_, v)) if in_force(v, p.start_date) => {}
                Some((_, v)) => wrong.push(format!(
                    "{}: employment from {} of a programme from {} on {} {} ({}..{:?})",
                    a.username, e.start_date, p.start_date, v.name_en, v.label, v.valid_from, v.valid_until
                )),
                None => wrong.push(format!(
                    "{}: employment from {} on a version not of its programme",
                    a.username, e.start_date
                )),
            }
        }
    }
    assert!(checked > 20, "{checked}");
    assert!(
        wrong.is_empty(),
        "{} not in force at the programme's start:\n{}",
        wrong.len(),
        wrong.join("\n")
    );
}

/// The ids of a table's rows, as stored.
async fn ids(conn: &mut Conn, sql: &str) -> HashSet<String> {
    sqlx::query_scalar::<_, String>(sqlx::AssertSqlSafe(sql.to_owned()))
        .fetch_all(conn)
        .await
        .unwrap()
        .into_iter()
        .collect()
}

/// The seeded audit trail verifies and holds only what the use cases write: every event was
/// written by a person in a role they held on its day, never later than the seed, and every
/// programme, employment, request, approval, reset, site role and supervision of the demo
/// has exactly the one event of the use case that made it (and ended, for the ended ones).
async fn the_audit_trail_is_what_the_use_cases_wrote(db: TestDb) {
    use chrono_tz::Europe::Copenhagen;
    use logbog_db::audit::{self, Verification};
    use logbog_domain::AuditAction::{self, *};
    use logbog_domain::access::trainee_access;
    use sqlx::Row;

    let today = NaiveDate::from_ymd_opt(2026, 11, 26).unwrap();
    let app = app(&db, today);
    seed(&app, &mut |_, _, _| {}).await.unwrap();
    let seeded_at = app.clock.now();
    let mut conn = app.db.conn().await.unwrap();
    let conn: &mut Conn = &mut conn;
    let events = match audit::verify(conn).await.unwrap() {
        Verification::Intact { events, .. } => events,
        broken => panic!("the seeded chain is broken: {broken:?}"),
    };

    let by_use_cases = [
        ProgrammeCreated,
        EmploymentAdded,
        AccessSiteGranted,
        AccessSupervisionGranted,
        AccessSupervisionEnded,
        ApprovalRequested,
        ApprovalApproved,
        ApprovalReset,
        DocumentUploaded,
        DocumentReplaced,
        CardConfirmed,
        NoteShared,
        OverviewEmploymentAdded,
        OverviewCompleted,
        PaperAttestationSubmitted,
    ];
    // A note may be shared with several approvers: one event per share.
    let mut note_shares = 0;
    let rows =
        sqlx::query("SELECT seq, occurred_at, actor_id, actor_role, action, subject_id FROM audit_events ORDER BY seq")
            .fetch_all(&mut *conn)
            .await
            .unwrap();
    assert_eq!(rows.len() as i64, events);
    let mut subjects: HashMap<AuditAction, HashSet<String>> = HashMap::new();
    for row in &rows {
        let seq: i64 = row.get("seq");
        let action: AuditAction = row.get::<String, _>("action").parse().unwrap();
        assert!(by_use_cases.contains(&action), "event {seq}: {action}");
        let at: DateTime<Utc> = logbog_db::instant_from_sql(&row.get::<String, _>("occurred_at")).unwrap();
        assert!(at <= seeded_at, "event {seq} ({action}) lies after the seed: {at}");
        let day = at.with_timezone(&Copenhagen).date_naive();
        let actor: PersonId = row
            .get::<Option<String>, _>("actor_id")
            .unwrap_or_else(|| panic!("event {seq} ({action}) without an actor"))
            .parse()
            .unwrap();
        let role: Role = row.get::<Option<String>, _>("actor_role").unwrap().parse().unwrap();
        let grants = accounts::grants_of(conn, actor).await.unwrap();
        let held = if role == Role::Trainee {
            let (first, recognised) = programmes::access_facts(conn, actor).await.unwrap();
            grants.iter().any(|g| g.role == Role::Trainee) && trainee_access(first, recognised, day).is_ok()
        } else {
            grants.iter().any(|g| g.role == role && g.is_current(day))
        };
        assert!(
            held,
            "event {seq} ({action}) in the role {role}, which its actor did not hold on {day}"
        );
        let subject: String = row.get::<Option<String>, _>("subject_id").unwrap();
        if action == NoteShared {
            note_shares += 1;
            continue;
        }
        assert!(
            subjects.entry(action).or_default().insert(subject),
            "event {seq}: a second {action} of its subject"
        );
    }
    for (action, sql) in [
        (ProgrammeCreated, "SELECT id FROM programmes"),
        (EmploymentAdded, "SELECT id FROM employments"),
        (ApprovalRequested, "SELECT id FROM approval_requests"),
        (ApprovalApproved, "SELECT id FROM approvals"),
        (ApprovalReset, "SELECT id FROM approval_resets"),
        (DocumentUploaded, "SELECT id FROM documents WHERE replaces_id IS NULL"),
        (
            DocumentReplaced,
            "SELECT id FROM documents WHERE replaces_id IS NOT NULL",
        ),
        (CardConfirmed, "SELECT document_id FROM card_confirmations"),
        (OverviewEmploymentAdded, "SELECT id FROM medical_employments"),
        (PaperAttestationSubmitted, "SELECT document_id FROM paper_attestations"),
        (
            OverviewCompleted,
            "SELECT trainee_id FROM employment_overviews WHERE completed_at IS NOT NULL",
        ),
        (AccessSupervisionGranted, "SELECT id FROM supervisions"),
        (
            AccessSupervisionEnded,
            "SELECT id FROM supervisions WHERE ended_at IS NOT NULL",
        ),
        (
            AccessSiteGranted,
            "SELECT id FROM role_grants WHERE role IN ('training_lead', 'tutor')",
        ),
    ] {
        let rows = ids(conn, sql).await;
        assert!(!rows.is_empty(), "{action}: the demo has some");
        assert_eq!(subjects.remove(&action).unwrap_or_default(), rows, "{action}");
    }
    assert!(subjects.is_empty(), "{:?}", subjects.keys());
    let shares: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM note_shares")
        .fetch_one(&mut *conn)
        .await
        .unwrap();
    assert!(shares > 0, "the demo shares notes");
    assert_eq!(note_shares, shares, "one note.shared per share");
}

/// The registration the demo goes through refuses what real use may not: another region's
/// programme, a curriculum version not yet in force at the start, a post outside the
/// programme or at another region's site.
async fn registering_refuses_what_real_use_may_not(db: TestDb) {
    use crate::{AppError, Problem};
    use logbog_db::programmes::NewProgramme;
    let today = NaiveDate::from_ymd_opt(2026, 11, 26).unwrap();
    let app = app(&db, today);
    seed(&app, &mut |_, _, _| {}).await.unwrap();
    let at = app.at();
    let mut tx = app.db.begin().await.unwrap();
    let syd = accounts::find_by_username(&mut tx, "sekretariat.syd")
        .await
        .unwrap()
        .unwrap();
    let ny = accounts::find_by_username(&mut tx, "laege.ny")
        .await
        .unwrap()
        .unwrap()
        .person
        .id;
    let kbu = accounts::find_by_username(&mut tx, "laege.kbu")
        .await
        .unwrap()
        .unwrap()
        .person
        .id;
    let syd = crate::people::load_current_user_in(&mut tx, syd.id, today)
        .await
        .unwrap();
    let (programme, version) = programmes::curricula_of_trainee(&mut tx, ny).await.unwrap().remove(0);
    let nord_site = employments::employments_of_trainee(&mut tx, kbu).await.unwrap()[0].site_id;
    let new = |region, start: &str| NewProgramme {
        trainee_id: ny,
        kind: ProgrammeKind::Foundation,
        specialty_id: None,
        region,
        start_date: start.parse().unwrap(),
        end_date: "2027-12-31".parse().unwrap(),
        agreement_reference: "VU-TEST".into(),
    };
    let elsewhere = new(PostgraduateRegion::Nord, "2027-01-01");
    let r = crate::programmes::create_programme_in(&mut tx, at, &syd, &elsewhere, &[version.id]).await;
    assert!(matches!(r, Err(AppError::Forbidden)), "{r:?}");
    let too_early = new(PostgraduateRegion::Syd, "2015-01-01");
    let r = crate::programmes::create_programme_in(&mut tx, at, &syd, &too_early, &[version.id]).await;
    assert!(
        matches!(
            r,
            Err(AppError::Invalid {
                problem: Problem::CurriculumNotInForce { .. },
                ..
            })
        ),
        "{r:?}"
    );
    let emps = employments::employments_of_trainee(&mut tx, ny).await.unwrap();
    let mut post = logbog_db::employments::NewEmployment {
        programme_id: programme,
        site_id: nord_site,
        phase_id: emps[0].phase_id,
        curriculum_version_id: emps[0].curriculum_version_id,
        ordinal: 3,
        title: "KBU-læge".into(),
        start_date: emps[0].start_date,
        end_date: emps[0].end_date,
        working_percent: emps[0].working_percent,
    };
    let r = crate::programmes::add_employment_in(&mut tx, at, &syd, &post).await;
    assert!(
        matches!(
            r,
            Err(AppError::Invalid {
                problem: Problem::SiteNotInYourRegion,
                ..
            })
        ),
        "{r:?}"
    );
    post.site_id = emps[0].site_id;
    post.end_date = "2030-01-01".parse().unwrap();
    let r = crate::programmes::add_employment_in(&mut tx, at, &syd, &post).await;
    assert!(
        matches!(
            r,
            Err(AppError::Invalid {
                problem: Problem::OutsideProgramme,
                ..
            })
        ),
        "{r:?}"
    );
}

/// Each region's secretariat finds one paper time attestation waiting in its work list, of a
/// served employment whose time is not attested otherwise.
async fn a_paper_waits_for_each_secretariat(db: TestDb) {
    let today = NaiveDate::from_ymd_opt(2026, 11, 26).unwrap();
    let app = app(&db, today);
    seed(&app, &mut |_, _, _| {}).await.unwrap();
    for username in ["sekretariat.nord", "sekretariat.syd", "sekretariat.oest"] {
        let mut conn = app.db.conn().await.unwrap();
        let account = accounts::find_by_username(&mut conn, username).await.unwrap().unwrap();
        drop(conn);
        let user = crate::people::load_current_user(&app, account.id).await.unwrap();
        let page = crate::paper::waiting_papers(&app, &user, crate::paging::PageRequest::default())
            .await
            .unwrap();
        assert_eq!(page.total, 1, "{username}");
        let paper = &page.items[0];
        assert!(logbog_domain::dates::last_month_opens(paper.end_date) <= today);
        let mut conn = app.db.conn().await.unwrap();
        let item = ItemRef::TimeAttestation(paper.employment_id);
        let standing = logbog_db::approvals::standing_approval(&mut conn, paper.trainee_id, item)
            .await
            .unwrap();
        assert!(standing.is_none(), "{username}: {paper:?}");
    }
}

logbog_testkit::dual_db_tests!(
    a_paper_waits_for_each_secretariat,
    registering_refuses_what_real_use_may_not,
    the_audit_trail_is_what_the_use_cases_wrote,
    seeds_a_consistent_demo,
    seeds_on_awkward_days,
    programmes_are_on_versions_in_force_at_their_start
);
