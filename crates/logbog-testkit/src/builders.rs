//! Builders for fixtures that the demo data does not cover, e.g. the dated cases of
//! RULES-EXAMPLES.md.

use chrono::NaiveDate;
use logbog_app::App;
use logbog_db::accounts::{self, NewGrant, NewPerson};
use logbog_db::programmes::{self, NewProgramme};
use logbog_domain::{PersonId, PostgraduateRegion, ProgrammeKind, Role};

/// The password of every account a builder makes.
pub const PASSWORD: &str = "test-password-1";

/// An account with one role grant (scope as `Role::scope_kind` requires), valid from `from`.
pub async fn account(app: &App, username: &str, role: Role, scope: Option<&str>, from: NaiveDate) -> PersonId {
    let now = app.clock.now();
    let hash = logbog_app::password::hash(PASSWORD).expect("hash");
    let mut tx = app.db.begin().await.expect("begin");
    let person = accounts::insert_person(
        &mut tx,
        &NewPerson {
            given_name: "Test",
            family_name: username,
            cpr: None,
            authorisation_id: None,
            email: None,
        },
        now,
    )
    .await
    .expect("person");
    accounts::insert_account(&mut tx, person, username, &hash, now)
        .await
        .expect("account");
    accounts::insert_grant(
        &mut tx,
        &NewGrant {
            person_id: person,
            role,
            scope_id: scope,
            valid_from: from,
            valid_until: None,
            granted_by: None,
        },
        now,
    )
    .await
    .expect("grant");
    tx.commit().await.expect("commit");
    person
}

/// A trainee whose first programme (KBU, region Syd) starts on `start`, optionally recognised
/// as a specialist on `recognised` (in the first specialty of the reference data).
pub async fn trainee(app: &App, username: &str, start: Option<NaiveDate>, recognised: Option<NaiveDate>) -> PersonId {
    let from = start.unwrap_or_else(|| app.clock.today());
    let person = account(app, username, Role::Trainee, None, from).await;
    let now = app.clock.now();
    let mut tx = app.db.begin().await.expect("begin");
    if let Some(start) = start {
        programmes::insert_programme(
            &mut tx,
            &NewProgramme {
                trainee_id: person,
                kind: ProgrammeKind::Foundation,
                specialty_id: None,
                region: PostgraduateRegion::Syd,
                start_date: start,
                end_date: logbog_domain::dates::add_months(start, 12),
                agreement_reference: String::new(),
            },
            now,
        )
        .await
        .expect("programme");
    }
    if let Some(day) = recognised {
        let specialty = logbog_db::reference::list_specialties(&mut tx)
            .await
            .expect("specialties")[0]
            .id;
        programmes::insert_recognition(&mut tx, person, specialty, day, now)
            .await
            .expect("recognition");
    }
    tx.commit().await.expect("commit");
    person
}

/// A training site: a hospital department (led by a training lead) or a practice (a tutor).
pub async fn site(
    app: &App,
    name: &str,
    kind: logbog_domain::SiteKind,
    region: PostgraduateRegion,
) -> logbog_domain::SiteId {
    let mut tx = app.db.begin().await.expect("begin");
    let id = logbog_db::reference::insert_site(
        &mut tx,
        &logbog_db::reference::NewSite {
            kind,
            name,
            hospital_id: None,
            region,
            specialty_id: None,
            address: "Testvej 1, 5000 Odense C",
        },
        app.clock.now(),
    )
    .await
    .expect("site");
    tx.commit().await.expect("commit");
    id
}

/// A curriculum of one version valid from `valid_from`, with one phase of `competencies`
/// competencies (each naming direct observation as its method); of general practice when
/// `specialty_code` is `almen-medicin`. Returns the version and its competencies.
pub async fn curriculum(
    app: &App,
    code: &str,
    kind: ProgrammeKind,
    specialty_code: &str,
    valid_from: NaiveDate,
    competencies: usize,
) -> (logbog_domain::CurriculumVersionId, Vec<logbog_domain::CompetencyId>) {
    use logbog_db::curricula;
    let mut tx = app.db.begin().await.expect("begin");
    let specialty = logbog_db::reference::list_specialties(&mut tx)
        .await
        .expect("specialties")
        .into_iter()
        .find(|s| s.code == specialty_code)
        .expect("a known specialty code")
        .id;
    let curriculum = curricula::insert_curriculum(&mut tx, code, kind, code, code, &[specialty])
        .await
        .expect("curriculum");
    let version = curricula::insert_version(&mut tx, curriculum, "1", valid_from, None)
        .await
        .expect("version");
    let phase = curricula::insert_phase(&mut tx, version, "1", 1, "Fase 1", "Phase 1")
        .await
        .expect("phase");
    let mut ids = Vec::new();
    for i in 0..competencies {
        let c = curricula::Competency {
            id: logbog_domain::CompetencyId::new(),
            curriculum_version_id: version,
            phase_id: phase,
            code: format!("{code}-{}", i + 1),
            ordinal: i as i64 + 1,
            title_da: format!("Kompetence {}", i + 1),
            title_en: format!("Competency {}", i + 1),
            description_da: String::new(),
            description_en: String::new(),
            doctor_roles: vec![logbog_domain::DoctorRole::MedicalExpert],
            assessment_methods: vec![logbog_domain::AssessmentMethod::DirectObservation],
            learning_methods_da: Vec::new(),
            learning_methods_en: Vec::new(),
            competency_card: None,
        };
        curricula::insert_competency(&mut tx, &c).await.expect("competency");
        ids.push(c.id);
    }
    tx.commit().await.expect("commit");
    (version, ids)
}

/// A programme of `trainee` on curriculum `version`, in `region`, from `start` to `end`.
pub async fn programme(
    app: &App,
    trainee: PersonId,
    kind: ProgrammeKind,
    region: PostgraduateRegion,
    version: logbog_domain::CurriculumVersionId,
    (start, end): (NaiveDate, NaiveDate),
) -> logbog_domain::ProgrammeId {
    let mut tx = app.db.begin().await.expect("begin");
    let id = programmes::insert_programme(
        &mut tx,
        &NewProgramme {
            trainee_id: trainee,
            kind,
            specialty_id: None,
            region,
            start_date: start,
            end_date: end,
            agreement_reference: "UA-TEST".into(),
        },
        app.clock.now(),
    )
    .await
    .expect("programme");
    programmes::add_curriculum(&mut tx, id, version, 1)
        .await
        .expect("curriculum of programme");
    tx.commit().await.expect("commit");
    id
}

/// An employment of a programme at `site`, full time, from `start` to `end`.
pub async fn employment(
    app: &App,
    programme: logbog_domain::ProgrammeId,
    site: logbog_domain::SiteId,
    version: logbog_domain::CurriculumVersionId,
    (start, end): (NaiveDate, NaiveDate),
) -> logbog_domain::EmploymentId {
    let mut tx = app.db.begin().await.expect("begin");
    let id = logbog_db::employments::insert_employment(
        &mut tx,
        &logbog_db::employments::NewEmployment {
            programme_id: programme,
            site_id: site,
            phase_id: None,
            curriculum_version_id: Some(version),
            ordinal: 1,
            title: "Introduktionslæge".into(),
            start_date: start,
            end_date: end,
            working_percent: logbog_domain::WorkingPercent::FULL,
        },
    )
    .await
    .expect("employment");
    tx.commit().await.expect("commit");
    id
}

/// A supervisor's access to a trainee at `site`, given by `granted_by`, from `from` to `until`.
pub async fn supervision(
    app: &App,
    supervisor: PersonId,
    trainee: PersonId,
    site: logbog_domain::SiteId,
    granted_by: PersonId,
    (from, until): (NaiveDate, Option<NaiveDate>),
) -> logbog_domain::SupervisionId {
    let mut tx = app.db.begin().await.expect("begin");
    let id = logbog_db::supervisions::insert_supervision(
        &mut tx,
        &logbog_db::supervisions::NewSupervision {
            supervisor_id: supervisor,
            trainee_id: trainee,
            site_id: site,
            kind: logbog_domain::SupervisorKind::Main,
            valid_from: from,
            valid_until: until,
            granted_by,
        },
        app.clock.now(),
    )
    .await
    .expect("supervision");
    tx.commit().await.expect("commit");
    id
}

/// A full-time employment at `site` in the trainee's newest programme, without a phase or
/// curriculum version (a post added beside the history, e.g. one in its last month).
pub async fn employment_in_newest_programme(
    app: &App,
    trainee: PersonId,
    site: logbog_domain::SiteId,
    (start, end): (NaiveDate, NaiveDate),
) -> logbog_domain::EmploymentId {
    let mut conn = app.db.conn().await.expect("connection");
    let programme = programmes::programmes_of(&mut conn, trainee)
        .await
        .expect("programmes")
        .last()
        .expect("a programme")
        .id;
    drop(conn);
    let mut tx = app.db.begin().await.expect("begin");
    let id = logbog_db::employments::insert_employment(
        &mut tx,
        &logbog_db::employments::NewEmployment {
            programme_id: programme,
            site_id: site,
            phase_id: None,
            curriculum_version_id: None,
            ordinal: 99,
            title: "Afdelingslæge".into(),
            start_date: start,
            end_date: end,
            working_percent: logbog_domain::WorkingPercent::FULL,
        },
    )
    .await
    .expect("employment");
    tx.commit().await.expect("commit");
    id
}
