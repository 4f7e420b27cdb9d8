//! Training programmes (uddannelsesforløb) and their employments as the regional secretariat
//! registers them from the training agreement: a programme on curriculum versions in force on
//! its first day (a trainee stays on the version they were hired under), and its posts at
//! training sites of the region, each within the programme's period and on one of its
//! curricula. No page registers them yet; the demo does, and the coming import will. Both are
//! audited in the caller's transaction.

use crate::audit::{self, Event};
use crate::people::CurrentUser;
use crate::{AppError, At, Problem, policy};
use logbog_db::Conn;
use logbog_db::employments::NewEmployment;
use logbog_db::programmes::NewProgramme;
use logbog_domain::{AuditAction, CurriculumVersionId, EmploymentId, ProgrammeId, Role, Subject};

/// Register a programme of the trainee on `curricula` (in their order), inside the caller's
/// transaction, at `at`. Only the secretariat of the programme's region registers it.
pub(crate) async fn create_programme_in(
    conn: &mut Conn,
    at: At,
    user: &CurrentUser,
    programme: &NewProgramme,
    curricula: &[CurriculumVersionId],
) -> Result<ProgrammeId, AppError> {
    policy::may_register(user, programme.region)?;
    if programme.end_date < programme.start_date {
        return Err(AppError::Invalid {
            field: "valid_until",
            problem: Problem::PeriodEndsBeforeStart,
        });
    }
    if curricula.is_empty() {
        return Err(AppError::Invalid {
            field: "curriculum",
            problem: Problem::ChooseAtLeastOne,
        });
    }
    logbog_db::accounts::find_person(conn, programme.trainee_id)
        .await?
        .ok_or(AppError::NotFound("trainee"))?;
    let start = programme.start_date;
    for id in curricula {
        let version = logbog_db::curricula::find_version(conn, *id)
            .await?
            .ok_or(AppError::NotFound("curriculum"))?;
        if version.valid_from > start || version.valid_until.is_some_and(|u| u < start) {
            return Err(AppError::Invalid {
                field: "curriculum",
                problem: Problem::CurriculumNotInForce { on: start },
            });
        }
    }
    let id = logbog_db::programmes::insert_programme(conn, programme, at.now).await?;
    for (i, version) in curricula.iter().enumerate() {
        logbog_db::programmes::add_curriculum(conn, id, *version, i as i64 + 1).await?;
    }
    audit::record(
        conn,
        user,
        Role::Secretariat,
        Event {
            action: AuditAction::ProgrammeCreated,
            subject: Subject::Programme(id),
            trainee: Some(programme.trainee_id),
            details: serde_json::json!({
                "kind": programme.kind,
                "specialty": programme.specialty_id,
                "region": programme.region,
                "from": programme.start_date,
                "until": programme.end_date,
                "agreement": programme.agreement_reference,
                "curricula": curricula,
            }),
        },
        at.now,
    )
    .await?;
    Ok(id)
}

/// Add an employment to a programme, inside the caller's transaction, at `at`: at a training
/// site of the programme's region, within its period, in a phase of one of its curricula.
/// Only the secretariat of the region adds it.
pub(crate) async fn add_employment_in(
    conn: &mut Conn,
    at: At,
    user: &CurrentUser,
    employment: &NewEmployment,
) -> Result<EmploymentId, AppError> {
    let e = employment;
    let programme = logbog_db::programmes::find_programme(conn, e.programme_id)
        .await?
        .ok_or(AppError::NotFound("programme"))?;
    policy::may_register(user, programme.region)?;
    if e.end_date < e.start_date {
        return Err(AppError::Invalid {
            field: "valid_until",
            problem: Problem::PeriodEndsBeforeStart,
        });
    }
    if e.start_date < programme.start_date || e.end_date > programme.end_date {
        return Err(AppError::Invalid {
            field: "valid_from",
            problem: Problem::OutsideProgramme,
        });
    }
    logbog_db::reference::find_site(conn, e.site_id)
        .await?
        .filter(|s| s.region == programme.region)
        .ok_or(AppError::Invalid {
            field: "site",
            problem: Problem::SiteNotInYourRegion,
        })?;
    if let Some(version) = e.curriculum_version_id {
        let of_programme = logbog_db::programmes::curricula_of_trainee(conn, programme.trainee_id)
            .await?
            .iter()
            .any(|(p, v)| *p == programme.id && v.id == version);
        if !of_programme {
            return Err(AppError::Invalid {
                field: "curriculum",
                problem: Problem::NotOfTheProgramme,
            });
        }
    }
    if let Some(phase) = e.phase_id {
        let phase = logbog_db::curricula::find_phase(conn, phase)
            .await?
            .ok_or(AppError::NotFound("phase"))?;
        if Some(phase.curriculum_version_id) != e.curriculum_version_id {
            return Err(AppError::Invalid {
                field: "phase",
                problem: Problem::NotOfTheProgramme,
            });
        }
    }
    let id = logbog_db::employments::insert_employment(conn, e).await?;
    // The overview of medical employment now holds one more: a completed one is open again.
    logbog_db::overview::begin_change(conn, programme.trainee_id).await?;
    audit::record(
        conn,
        user,
        Role::Secretariat,
        Event {
            action: AuditAction::EmploymentAdded,
            subject: Subject::Employment(id),
            trainee: Some(programme.trainee_id),
            details: serde_json::json!({
                "programme": programme.id,
                "site": e.site_id,
                "phase": e.phase_id,
                "curriculum_version": e.curriculum_version_id,
                "title": e.title,
                "from": e.start_date,
                "until": e.end_date,
                "working_percent": e.working_percent.get(),
            }),
        },
        at.now,
    )
    .await?;
    Ok(id)
}
