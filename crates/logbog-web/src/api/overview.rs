//! The overview of medical employment over the API: reading a trainee's (hers, or one whose
//! logbook the caller may see), adding, changing and removing her own employments, and marking
//! the overview complete as of the revision she saw.

use super::ApiUser;
use super::extract::{ApiJson, ApiPath};
use super::schema::OtherEmploymentKindCode;
use crate::AppState;
use crate::error::{ApiError, ErrorBody};
use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use chrono::{DateTime, NaiveDate, Utc};
use logbog_app::overview::{EmploymentInput, Entry, OverviewView, Source};
use logbog_domain::overview::{Extent, OtherEmploymentKind};
use logbog_domain::{MedicalEmploymentId, PersonId};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// One employment of the overview.
#[derive(Debug, Serialize, ToSchema)]
pub struct OverviewEmploymentDto {
    /// The employment's id: of the programme's employment, or of the one the trainee added.
    #[schema(value_type = uuid::Uuid)]
    pub id: String,
    /// `programme` (registered by the secretariat, not editable here) or `own`.
    pub source: String,
    /// For the trainee's own: `post`, `research` or `abroad`.
    #[schema(value_type = Option<OtherEmploymentKindCode>)]
    pub kind: Option<OtherEmploymentKind>,
    pub employer: String,
    pub department: String,
    pub position: String,
    pub start_date: NaiveDate,
    pub end_date: NaiveDate,
    pub working_percent: Option<u8>,
    pub hours_per_week: Option<u8>,
}

impl From<&Entry> for OverviewEmploymentDto {
    fn from(e: &Entry) -> Self {
        let (id, source, kind) = match e.source {
            Source::Programme(id) => (id.to_string(), "programme", None),
            Source::Own(id, kind) => (id.to_string(), "own", Some(kind)),
        };
        let (working_percent, hours_per_week) = match e.extent {
            Extent::Percent(p) => (Some(p), None),
            Extent::HoursPerWeek(h) => (None, Some(h)),
        };
        Self {
            id,
            source: source.into(),
            kind,
            employer: e.employer.clone(),
            department: e.department.clone(),
            position: e.position.clone(),
            start_date: e.start_date,
            end_date: e.end_date,
            working_percent,
            hours_per_week,
        }
    }
}

/// A trainee's overview of medical employment.
#[derive(Debug, Serialize, ToSchema)]
pub struct OverviewDto {
    #[schema(value_type = uuid::Uuid)]
    pub trainee_id: String,
    /// Every medical employment, in time order.
    pub employments: Vec<OverviewEmploymentDto>,
    /// The revision: marking complete names the one the trainee saw.
    pub revision: i64,
    /// When the trainee marked this revision complete; absent while it is not.
    pub completed_at: Option<DateTime<Utc>>,
}

fn dto(trainee: PersonId, v: &OverviewView) -> OverviewDto {
    OverviewDto {
        trainee_id: trainee.to_string(),
        employments: v.entries.iter().map(OverviewEmploymentDto::from).collect(),
        revision: v.revision,
        completed_at: v.completed_at,
    }
}

/// An employment the trainee adds or changes: exactly one of `working_percent` and
/// `hours_per_week`.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct OverviewEmploymentRequest {
    #[schema(value_type = OtherEmploymentKindCode)]
    pub kind: OtherEmploymentKind,
    /// At most 500 characters.
    #[schema(min_length = 1)]
    pub employer: String,
    /// Optional; at most 500 characters.
    #[serde(default)]
    pub department: String,
    /// At most 500 characters.
    #[schema(min_length = 1)]
    pub position: String,
    /// From 1990.
    pub start_date: NaiveDate,
    /// No earlier than the start, at most ten years ahead.
    pub end_date: NaiveDate,
    /// Exactly one of this and `hours_per_week`.
    #[schema(value_type = Option<i64>, minimum = 1, maximum = 100)]
    #[serde(default)]
    pub working_percent: Option<serde_json::Number>,
    #[schema(value_type = Option<i64>, minimum = 1, maximum = 80)]
    #[serde(default)]
    pub hours_per_week: Option<serde_json::Number>,
}

impl OverviewEmploymentRequest {
    fn input(&self) -> Result<EmploymentInput, ApiError> {
        Ok(EmploymentInput {
            kind: self.kind,
            employer: self.employer.clone(),
            department: self.department.clone(),
            position: self.position.clone(),
            start_date: self.start_date,
            end_date: self.end_date,
            extent: logbog_app::overview::extent(
                self.working_percent
                    .as_ref()
                    .map(|n| whole(n, "working_percent"))
                    .transpose()?,
                self.hours_per_week
                    .as_ref()
                    .map(|n| whole(n, "hours_per_week"))
                    .transpose()?,
            )?,
        })
    }
}

/// A JSON number that is a whole number (`3` or `3.0`), as JSON Schema's `integer` is.
fn whole(n: &serde_json::Number, field: &'static str) -> Result<i64, ApiError> {
    n.as_i64()
        .or_else(|| {
            n.as_f64()
                .filter(|f| f.fract() == 0.0 && f.abs() < 9.0e15)
                .map(|f| f as i64)
        })
        .ok_or_else(|| {
            ApiError::from(logbog_app::AppError::Invalid {
                field,
                problem: logbog_app::Problem::MalformedBody,
            })
        })
}

/// Marking the overview complete.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CompletionRequest {
    /// The revision the trainee saw (from the overview).
    #[schema(value_type = i64)]
    pub revision: serde_json::Number,
}

/// A trainee's overview of medical employment: the employments of her programmes and those
/// she added. Reading another trainee's is in the audit trail.
#[utoipa::path(
    get, path = "/api/v1/trainees/{trainee}/employment-overview", tag = "overview",
    security(("bearer" = [])),
    params(("trainee" = uuid::Uuid, Path, description = "The trainee's person id")),
    responses(
        (status = 200, description = "The overview", body = OverviewDto),
        (status = 403, description = "Not the trainee's logbook to see", body = ErrorBody),
    )
)]
pub async fn get_overview(
    State(state): State<AppState>,
    api: ApiUser,
    ApiPath(trainee): ApiPath<PersonId>,
) -> Result<Json<OverviewDto>, ApiError> {
    let v = logbog_app::overview::overview(&state.app, &api.user, trainee).await?;
    Ok(Json(dto(trainee, &v)))
}

/// Add an employment to the caller's own overview. Refused, naming the overlap, when it and
/// employments it overlaps take more than full time; a completed overview opens again.
#[utoipa::path(
    post, path = "/api/v1/trainees/{trainee}/employment-overview/employments", tag = "overview",
    security(("bearer" = [])),
    params(("trainee" = uuid::Uuid, Path, description = "The trainee's person id (the caller's own)")),
    request_body = OverviewEmploymentRequest,
    responses(
        (status = 201, description = "Added; the overview as it is now", body = OverviewDto),
        (status = 422, description = "An overlap above full time, or a period that ends before it starts", body = ErrorBody),
    )
)]
pub async fn add_employment(
    State(state): State<AppState>,
    api: ApiUser,
    ApiPath(trainee): ApiPath<PersonId>,
    ApiJson(req): ApiJson<OverviewEmploymentRequest>,
) -> Result<Response, ApiError> {
    logbog_app::overview::add_employment(&state.app, &api.user, trainee, &req.input()?).await?;
    let v = logbog_app::overview::overview(&state.app, &api.user, trainee).await?;
    Ok((StatusCode::CREATED, Json(dto(trainee, &v))).into_response())
}

/// Change one of the employments the caller added.
#[utoipa::path(
    put, path = "/api/v1/medical-employments/{entry}", tag = "overview",
    security(("bearer" = [])),
    params(("entry" = uuid::Uuid, Path, description = "The added employment's id")),
    request_body = OverviewEmploymentRequest,
    responses(
        (status = 200, description = "Changed; the overview as it is now", body = OverviewDto),
        (status = 404, description = "No such employment of the caller's", body = ErrorBody),
        (status = 422, description = "An overlap above full time, or a period that ends before it starts", body = ErrorBody),
    )
)]
pub async fn edit_employment(
    State(state): State<AppState>,
    api: ApiUser,
    ApiPath(employment): ApiPath<MedicalEmploymentId>,
    ApiJson(req): ApiJson<OverviewEmploymentRequest>,
) -> Result<Json<OverviewDto>, ApiError> {
    logbog_app::overview::edit_employment(&state.app, &api.user, employment, &req.input()?).await?;
    let me = api.user.id();
    let v = logbog_app::overview::overview(&state.app, &api.user, me).await?;
    Ok(Json(dto(me, &v)))
}

/// Remove one of the employments the caller added.
#[utoipa::path(
    delete, path = "/api/v1/medical-employments/{entry}", tag = "overview",
    security(("bearer" = [])),
    params(("entry" = uuid::Uuid, Path, description = "The added employment's id")),
    responses(
        (status = 204, description = "Removed"),
        (status = 404, description = "No such employment of the caller's", body = ErrorBody),
    )
)]
pub async fn remove_employment(
    State(state): State<AppState>,
    api: ApiUser,
    ApiPath(employment): ApiPath<MedicalEmploymentId>,
) -> Result<StatusCode, ApiError> {
    logbog_app::overview::remove_employment(&state.app, &api.user, employment).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Mark the caller's own overview complete as of the revision she saw.
#[utoipa::path(
    put, path = "/api/v1/trainees/{trainee}/employment-overview/completion", tag = "overview",
    security(("bearer" = [])),
    params(("trainee" = uuid::Uuid, Path, description = "The trainee's person id (the caller's own)")),
    request_body = CompletionRequest,
    responses(
        (status = 200, description = "Marked complete", body = OverviewDto),
        (status = 409, description = "The overview changed after that revision", body = ErrorBody),
    )
)]
pub async fn complete(
    State(state): State<AppState>,
    api: ApiUser,
    ApiPath(trainee): ApiPath<PersonId>,
    ApiJson(req): ApiJson<CompletionRequest>,
) -> Result<Json<OverviewDto>, ApiError> {
    let revision = whole(&req.revision, "revision")?;
    logbog_app::overview::mark_complete(&state.app, &api.user, trainee, revision).await?;
    let v = logbog_app::overview::overview(&state.app, &api.user, trainee).await?;
    Ok(Json(dto(trainee, &v)))
}
