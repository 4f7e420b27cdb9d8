//! The demo's tests: its tables and curricula, and the seed against a real database.

use super::accounts::*;
use super::curricula::*;
use super::sites::*;
use super::*;
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

/// Nothing of legal weight is written by the demo itself: programmes, employments, requests,
/// approvals, resets, site roles, supervisions and their audit events go through the use cases.
#[test]
fn the_demo_writes_no_event_itself() {
    let sources = [
        ("mod.rs", include_str!("mod.rs")),
        ("accounts.rs", include_str!("accounts.rs")),
        ("sites.rs", include_str!("sites.rs")),
        ("curricula.rs", include_str!("curricula.rs")),
        ("history.rs", include_str!("history.rs")),
        ("kbu.rs", include_str!("kbu.rs")),
        ("intro.rs", include_str!("intro.rs")),
        ("main_training.rs", include_str!("main_training.rs")),
        ("recognised.rs", include_str!("recognised.rs")),
    ];
    let writes = [
        "audit::append",
        "audit::record",
        "insert_programme",
        "add_curriculum",
        "insert_employment",
        "insert_request",
        "close_request",
        "insert_approval",
        "insert_reset",
        "insert_supervision",
        "supervisions::end_supervision",
        "end_grant",
        "notifications::insert",
    ];
    for (file, text) in sources {
        for w in writes {
            assert!(!text.contains(w), "demo/{file} calls {w}");
        }
    }
}
