//! The demo's tests: its tables and curricula, and the seed against a real database.

use super::accounts::*;
use super::curricula::*;
use super::sites::*;
use super::*;
use logbog_db::{accounts, curricula, employments, programmes};
use logbog_domain::{ItemRef, LeaveKind, ProgrammeKind, SiteKind};
use std::collections::HashSet;

#[test]
fn demo_join_dates_are_plausible_and_deterministic() {
    for code in reference_data::specialty_codes().unwrap() {
        let joined = demo_joined_logbook_on(&code);
        assert!(joined >= NaiveDate::from_ymd_opt(2012, 1, 1).unwrap(), "{code}");
        assert!(joined <= NaiveDate::from_ymd_opt(2016, 12, 31).unwrap(), "{code}");
        assert_eq!(joined, demo_joined_logbook_on(&code), "deterministic");
    }
}

#[test]
fn every_embedded_curriculum_parses() {
    let files = curriculum_files().unwrap();
    assert_eq!(files.len(), CURRICULA.len());
    let specialties: HashSet<String> = reference_data::specialty_rows()
        .unwrap()
        .into_iter()
        .map(|r| r.name_da)
        .collect();
    let mut codes = HashSet::new();
    for f in &files {
        assert!(codes.insert(f.curriculum_code().to_owned()), "{}", f.code);
        assert_ne!(f.curriculum_code(), f.code, "version suffix stripped");
        assert!(!f.phases.is_empty(), "{}", f.code);
        for s in &f.specialties {
            assert!(specialties.contains(s), "{}: unknown specialty {s}", f.code);
        }
        let mut comp_codes = HashSet::new();
        for p in &f.phases {
            assert!(!p.competencies.is_empty(), "{} {}", f.code, p.code);
            for c in &p.competencies {
                assert!(comp_codes.insert(&c.code), "{}: duplicate {}", f.code, c.code);
                assert!(!c.assessment_methods.is_empty(), "{} {}", f.code, c.code);
                assert!(!c.doctor_roles.is_empty(), "{} {}", f.code, c.code);
            }
        }
    }
}

#[test]
fn almen_medicin_intro_and_main_have_84_competencies() {
    let files = curriculum_files().unwrap();
    let count = |code: &str| {
        files
            .iter()
            .find(|f| f.curriculum_code() == code)
            .map(CurriculumFile::competency_count)
            .unwrap()
    };
    assert_eq!(count("almen-medicin-intro") + count("almen-medicin-hu"), 84);
}

/// The phases the trainee scripts refer to exist, with enough competencies for the slices.
#[test]
fn seeded_phases_exist_with_enough_competencies() {
    let files = curriculum_files().unwrap();
    let n = |c: &str, p: &str| {
        files
            .iter()
            .find(|f| f.curriculum_code() == c)
            .and_then(|f| f.phases.iter().find(|x| x.code == p))
            .map(|p| p.competencies.len())
            .unwrap_or(0)
    };
    assert_eq!(n("kbu", "kbu"), 16);
    assert!(n("intern-medicin-intro", "intro") >= 7);
    assert!(n("kardiologi-hu", "faelles") >= 6);
    assert!(n("kardiologi-hu", "speciale") >= 1);
    assert!(n("almen-medicin-intro", "intro") >= 1);
    assert!(n("almen-medicin-hu", "fase1") >= 22);
    assert!(n("almen-medicin-hu", "fase2") >= 7);
    assert!(n("almen-medicin-hu", "fase3") >= 1);
    assert!(n("anaestesiologi-intro", "intro") >= 1);
    assert!(n("anaestesiologi-hu", "hu") >= 12);
}

#[test]
fn demo_accounts_are_unique_and_cover_every_role() {
    let accounts = demo_accounts();
    let names: HashSet<&str> = accounts.iter().map(|a| a.username.as_str()).collect();
    assert_eq!(names.len(), accounts.len());
    for role in Role::ALL {
        assert!(accounts.iter().any(|a| a.roles.contains(role)), "{role}");
    }
    for a in &accounts {
        assert_eq!(a.password, DEMO_PASSWORD);
        assert!(!a.roles.is_empty() && !a.note.is_empty(), "{}", a.username);
        assert_eq!(a.username, a.username.to_lowercase());
    }
    for u in [
        "laege.kbu",
        "laege.intro",
        "laege.hu1",
        "laege.hu3",
        "laege.hu5",
        "laege.anerkendt",
        "laege.udloebet",
        "laege.ny",
        "vejleder.hansen",
        "uao.kardiologi",
        "uao.anaestesi",
        "tutor.praksis",
        "kursus.udbyder",
        "kursus.leder",
        "forskning.vejleder",
        "sekretariat.nord",
        "sekretariat.syd",
        "sekretariat.oest",
        "stps.sagsbehandler",
        "admin",
    ] {
        assert!(names.contains(u), "{u}");
    }
}

#[test]
fn account_staff_on_sites_exist() {
    let names: HashSet<&str> = ACCOUNTS.iter().map(|a| a.username).collect();
    for site in SITES {
        for staff in std::iter::once(&site.lead).chain(site.supervisors) {
            if let Staff::Account(u) = staff {
                assert!(names.contains(u), "{u}");
            }
        }
    }
    let keys: HashSet<S> = SITES.iter().map(|s| s.key).collect();
    assert_eq!(keys.len(), SITES.len());
}

#[test]
fn demo_cprs_are_valid_and_of_the_right_age_and_sex() {
    let today = NaiveDate::from_ymd_opt(2026, 11, 26).unwrap();
    let mut seen = HashSet::new();
    for (idx, a) in ACCOUNTS.iter().enumerate() {
        let Some(age) = a.age else { continue };
        assert!((26..=45).contains(&age));
        let cpr = demo_cpr(today, age, idx as u32, a.female).unwrap();
        let birth = cpr.birth_date().unwrap();
        let years = today.years_since(birth).unwrap();
        assert_eq!(years, age, "{}", a.username);
        let last = cpr.full().chars().last().unwrap().to_digit(10).unwrap();
        assert_eq!(last.is_multiple_of(2), a.female, "{}", a.username);
        assert!(seen.insert(cpr.full()));
    }
    // A doctor born in 2000 gets 4 as the seventh digit.
    let young = demo_cpr(today, 26, 3, false).unwrap();
    assert_eq!(young.birth_date().unwrap().year(), 2000);
    assert_eq!(&young.full()[7..8], "4");
}

#[test]
fn authorisation_ids_are_distinct_and_well_formed() {
    let ids: HashSet<String> = (1..=500).map(authorisation_id).collect();
    assert_eq!(ids.len(), 500);
    for id in &ids {
        assert_eq!(id.len(), 5);
        assert!(id.bytes().all(|b| ID_ALPHABET.contains(&b)));
    }
}

#[test]
fn emails_are_ascii() {
    assert_eq!(demo_email("Camilla", "Nørgaard"), "camilla.noergaard@example.dk");
    assert_eq!(demo_email("Jørgen", "Brix"), "joergen.brix@example.dk");
}

#[test]
fn seed_future_is_send() {
    fn is_send<T: Send>(_: &T) {}
    fn check(app: &App, progress: &mut Progress<'_>) {
        let fut = seed(app, progress);
        is_send(&fut);
    }
    let _: fn(&App, &mut Progress<'_>) = check;
}

/// The seed against a real database (SQLite always, PostgreSQL when configured).
mod db_tests {
    use super::*;
    use crate::{AppConfig, FixedClock};
    use logbog_domain::CompetencyState;
    use logbog_domain::access::{TraineeAccessDenied, trainee_access};
    use logbog_testkit::TestDb;
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
        assert_eq!(accounts::count_accounts(conn).await.unwrap(), ACCOUNTS.len() as i64);
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

    logbog_testkit::dual_db_tests!(
        seeds_a_consistent_demo,
        seeds_on_awkward_days,
        programmes_are_on_versions_in_force_at_their_start
    );
}
