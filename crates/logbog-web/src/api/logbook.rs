//! A trainee's programmes and competencies, for the trainee and those with access.

use super::ApiUser;
use super::dto::*;
use super::extract::{ApiPath, ApiQuery};
use crate::AppState;
use crate::error::{ApiError, ErrorBody};
use axum::Json;
use axum::extract::State;
use logbog_app::items::ItemStatus;
use logbog_app::logbook::{Selection, list_programmes as list_programmes_uc, view_competency, view_logbook};
use logbog_db::curricula::CompetencyListing;
use logbog_domain::{CompetencyId, CurriculumVersionId, PersonId, PhaseId, ProgrammeId};
use serde::Deserialize;

fn summary(c: &CompetencyListing, s: &ItemStatus) -> CompetencyDto {
    CompetencyDto {
        id: c.id.to_string(),
        code: c.code.clone(),
        phase_id: c.phase_id.to_string(),
        title_da: c.title_da.clone(),
        title_en: c.title_en.clone(),
        state: s.state().code().to_owned(),
        approval: s.approval.as_ref().map(ApprovalDto::from),
        ready_since: s.ready_since(),
    }
}

/// The trainee's programmes with employments, curricula and phases, oldest first.
#[utoipa::path(
    get, path = "/api/v1/trainees/{trainee}/programmes", tag = "logbook",
    security(("bearer" = [])),
    params(("trainee" = uuid::Uuid, Path, description = "The trainee's person id (see /api/v1/me)")),
    responses(
        (status = 200, description = "Programmes", body = Vec<ProgrammeDto>),
        (status = 400, description = "Malformed id", body = ErrorBody),
        (status = 401, description = "No valid token", body = ErrorBody),
        (status = 403, description = "No access to this trainee", body = ErrorBody),
    )
)]
pub async fn list_programmes(
    State(state): State<AppState>,
    api: ApiUser,
    ApiPath(trainee): ApiPath<PersonId>,
) -> Result<Json<Vec<ProgrammeDto>>, ApiError> {
    let trees = list_programmes_uc(&state.app, &api.user, trainee).await?;
    Ok(Json(
        trees
            .into_iter()
            .map(|t| ProgrammeDto {
                id: t.programme.id.to_string(),
                kind: t.programme.kind.code().to_owned(),
                specialty_da: t.programme.specialty_name_da,
                specialty_en: t.programme.specialty_name_en,
                region: t.programme.region.code().to_owned(),
                start_date: t.programme.start_date,
                end_date: t.programme.end_date,
                employments: t.employments.into_iter().map(EmploymentDto::from).collect(),
                curricula: t
                    .curricula
                    .into_iter()
                    .map(|(v, phases)| CurriculumDto {
                        id: v.id.to_string(),
                        name_da: v.name_da,
                        name_en: v.name_en,
                        version: v.label,
                        valid_from: v.valid_from,
                        phases: phases
                            .into_iter()
                            .map(|p| PhaseDto {
                                id: p.id.to_string(),
                                code: p.code,
                                name_da: p.name_da,
                                name_en: p.name_en,
                            })
                            .collect(),
                    })
                    .collect(),
            })
            .collect(),
    ))
}

/// Which programme, curriculum and phase to list; each defaults to the current one.
#[derive(Debug, Default, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct CompetencyQuery {
    /// A programme id; the current programme when left out.
    #[param(value_type = Option<uuid::Uuid>)]
    pub programme: Option<ProgrammeId>,
    /// A curriculum version id of the programme; its first when left out.
    #[param(value_type = Option<uuid::Uuid>)]
    pub curriculum: Option<CurriculumVersionId>,
    /// A phase id of the curriculum; the phase of the current employment when left out.
    #[param(value_type = Option<uuid::Uuid>)]
    pub phase: Option<PhaseId>,
}

/// The competencies of one phase with their state.
#[utoipa::path(
    get, path = "/api/v1/trainees/{trainee}/competencies", tag = "logbook",
    security(("bearer" = [])),
    params(("trainee" = uuid::Uuid, Path, description = "The trainee's person id"), CompetencyQuery),
    responses(
        (status = 200, description = "Competencies of the phase", body = CompetencyListResponse),
        (status = 400, description = "Malformed id", body = ErrorBody),
        (status = 401, description = "No valid token", body = ErrorBody),
        (status = 403, description = "No access to this trainee", body = ErrorBody),
        (status = 404, description = "No such programme, curriculum or phase", body = ErrorBody),
    )
)]
pub async fn list_competencies(
    State(state): State<AppState>,
    api: ApiUser,
    ApiPath(trainee): ApiPath<PersonId>,
    ApiQuery(q): ApiQuery<CompetencyQuery>,
) -> Result<Json<CompetencyListResponse>, ApiError> {
    let lb = view_logbook(
        &state.app,
        &api.user,
        trainee,
        Selection {
            programme: q.programme,
            curriculum: q.curriculum,
            phase: q.phase,
            acting_as: None,
        },
    )
    .await?;
    let progress = lb
        .phases
        .iter()
        .find(|p| p.phase.id == lb.phase.id)
        .map(|p| p.progress)
        .unwrap_or_default();
    Ok(Json(CompetencyListResponse {
        programme_id: lb.programme.id.to_string(),
        curriculum_id: lb.curriculum.id.to_string(),
        phase_id: lb.phase.id.to_string(),
        progress: ProgressDto {
            total: progress.total,
            approved: progress.approved,
            reported_ready: progress.reported_ready,
        },
        competencies: lb
            .competencies
            .iter()
            .map(|c| summary(&c.competency, &c.status))
            .collect(),
    }))
}

/// One competency with its description, doctor roles, methods and state.
#[utoipa::path(
    get, path = "/api/v1/trainees/{trainee}/competencies/{competency}", tag = "logbook",
    security(("bearer" = [])),
    params(
        ("trainee" = uuid::Uuid, Path, description = "The trainee's person id"),
        ("competency" = uuid::Uuid, Path, description = "The competency's id"),
    ),
    responses(
        (status = 200, description = "The competency", body = CompetencyDetailDto),
        (status = 400, description = "Malformed id", body = ErrorBody),
        (status = 401, description = "No valid token", body = ErrorBody),
        (status = 403, description = "No access to this trainee", body = ErrorBody),
        (status = 404, description = "Not one of the trainee's competencies", body = ErrorBody),
    )
)]
pub async fn get_competency(
    State(state): State<AppState>,
    api: ApiUser,
    ApiPath((trainee, competency)): ApiPath<(PersonId, CompetencyId)>,
) -> Result<Json<CompetencyDetailDto>, ApiError> {
    let v = view_competency(&state.app, &api.user, trainee, competency, None).await?;
    let c = &v.competency;
    Ok(Json(CompetencyDetailDto {
        summary: summary(&c.listing(), &v.status),
        description_da: c.description_da.clone(),
        description_en: c.description_en.clone(),
        doctor_roles: c.doctor_roles.iter().map(|r| r.code().to_owned()).collect(),
        assessment_methods: c.assessment_methods.iter().map(|m| m.code().to_owned()).collect(),
        learning_methods_da: c.learning_methods_da.clone(),
        learning_methods_en: c.learning_methods_en.clone(),
        competency_card: c.competency_card.clone(),
        history: v.history.iter().map(HistoryEntryDto::from).collect(),
    }))
}
