//! Requests for approval, the work list, decisions and resets: the same use cases as the pages.

use super::ApiUser;
use super::extract::{ApiJson, ApiPath, ApiQuery, id, ids};
use super::paging::{PageParams, paged};
use crate::AppState;
use crate::error::{ApiError, ErrorBody};
use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;
use chrono::{DateTime, Utc};
use logbog_app::{AppError, Problem};
use logbog_domain::{ApprovalRequestId, AssessmentMethod, CompetencyId, ItemRef, PersonId, Role};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

#[derive(Debug, Serialize, ToSchema)]
/// Someone the trainee can report to today, in one role.
pub struct CurrentApproverDto {
    #[schema(value_type = uuid::Uuid)]
    pub person_id: String,
    pub name: String,
    /// supervisor, training_lead or tutor.
    pub role: String,
    pub site_name: String,
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ReportReadyRequest {
    /// Competency ids of the trainee's curricula.
    #[schema(value_type = Vec<uuid::Uuid>, min_items = 1)]
    pub competencies: Vec<String>,
    /// The person id of one of the trainee's current approvers.
    #[schema(value_type = uuid::Uuid)]
    pub approver: String,
    /// The role in which the approver is asked (`supervisor`, `training_lead`, `tutor`), for a
    /// person who holds more than one towards the trainee; without it, the first they hold.
    #[serde(default)]
    #[schema(value_type = Option<super::schema::ApproverRoleCode>)]
    pub approver_role: Option<String>,
    #[serde(default)]
    pub message: String,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct CountResponse {
    pub count: usize,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct WorkItemDto {
    #[schema(value_type = uuid::Uuid)]
    pub request_id: String,
    #[schema(value_type = uuid::Uuid)]
    pub trainee_id: String,
    pub trainee_name: String,
    pub item_kind: String,
    #[schema(value_type = uuid::Uuid)]
    pub item_id: String,
    pub approver_role: String,
    pub code: String,
    pub title_da: String,
    pub title_en: String,
    pub assessment_methods: Vec<String>,
    pub requested_at: DateTime<Utc>,
    pub message: String,
    /// The competency's current filled card, which the approval will rest on: its download.
    pub card_href: Option<String>,
    /// In general practice: the hospital department that confirmed the card.
    pub card_confirmation: Option<super::documents::CardConfirmationDto>,
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ApproveRequest {
    /// Request ids, all of one trainee.
    #[schema(value_type = Vec<uuid::Uuid>, min_items = 1)]
    pub requests: Vec<String>,
    /// The assessment method every competency's approval rests on, unless
    /// `assessment_methods` names another; one the competency's curriculum names.
    #[serde(default)]
    #[schema(value_type = Option<super::schema::AssessmentMethodCode>)]
    pub assessment_method: Option<String>,
    /// The assessment method per request id, where they differ.
    #[serde(default)]
    #[schema(value_type = std::collections::BTreeMap<uuid::Uuid, super::schema::AssessmentMethodCode>)]
    pub assessment_methods: std::collections::BTreeMap<String, String>,
    #[serde(default)]
    pub comment: String,
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ReturnRequest {
    /// What is missing; required.
    #[schema(min_length = 1)]
    pub comment: String,
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ResetRequest {
    /// The reference of the written request for the reset.
    #[schema(min_length = 1)]
    pub request_reference: String,
    #[schema(min_length = 1)]
    pub reason: String,
}

#[derive(Debug, Deserialize)]
pub struct ApproversQuery {
    curriculum: Option<logbog_domain::CurriculumVersionId>,
}

/// The trainee's current approvers (supervisors, training leads, tutors with access today).
#[utoipa::path(
    get, path = "/api/v1/trainees/{trainee}/approvers", tag = "approvals",
    security(("bearer" = [])),
    params(
        ("trainee" = uuid::Uuid, Path, description = "The trainee's person id; only the trainee themself"),
        ("curriculum" = Option<uuid::Uuid>, Query, description = "A curriculum version's id: only those who may approve its competencies (in general practice, the tutors)"),
    ),
    responses(
        (status = 200, description = "Approvers", body = Vec<CurrentApproverDto>),
        (status = 401, description = "No valid token", body = ErrorBody),
        (status = 403, description = "Not the trainee", body = ErrorBody),
    )
)]
pub async fn list_approvers(
    State(state): State<AppState>,
    api: ApiUser,
    ApiPath(trainee): ApiPath<PersonId>,
    ApiQuery(q): ApiQuery<ApproversQuery>,
) -> Result<Json<Vec<CurrentApproverDto>>, ApiError> {
    if trainee != api.user.id() {
        return Err(ApiError(AppError::Forbidden));
    }
    let list = logbog_app::approvals::approvers_of(&state.app, &api.user, q.curriculum).await?;
    Ok(Json(
        list.into_iter()
            .map(|a| CurrentApproverDto {
                person_id: a.person_id.to_string(),
                name: a.name,
                role: a.role.code().to_owned(),
                site_name: a.site_name,
            })
            .collect(),
    ))
}

/// Report competencies ready for approval (meld klar) to one current approver.
#[utoipa::path(
    post, path = "/api/v1/trainees/{trainee}/requests", tag = "approvals",
    security(("bearer" = [])),
    params(("trainee" = uuid::Uuid, Path, description = "The trainee's person id; only the trainee themself")),
    request_body = ReportReadyRequest,
    responses(
        (status = 201, description = "Reported", body = CountResponse),
        (status = 422, description = "Not a current approver, or a competency not of the trainee's curricula", body = ErrorBody),
        (status = 403, description = "Not the trainee", body = ErrorBody),
        (status = 409, description = "Already approved or reported", body = ErrorBody),
    )
)]
pub async fn create_requests(
    State(state): State<AppState>,
    api: ApiUser,
    ApiPath(trainee): ApiPath<PersonId>,
    ApiJson(req): ApiJson<ReportReadyRequest>,
) -> Result<(StatusCode, Json<CountResponse>), ApiError> {
    if trainee != api.user.id() {
        return Err(ApiError(AppError::Forbidden));
    }
    let competencies: Vec<CompetencyId> = ids(&req.competencies, "competencies")?;
    let approver: PersonId = id(&req.approver, "approver")?;
    let role: Option<Role> = req
        .approver_role
        .as_deref()
        .map(|r| {
            r.parse().map_err(|_| {
                ApiError(AppError::Invalid {
                    field: "approver_role",
                    problem: Problem::NotAnId,
                })
            })
        })
        .transpose()?;
    let count =
        logbog_app::approvals::report_ready(&state.app, &api.user, &competencies, approver, role, &req.message).await?;
    Ok((StatusCode::CREATED, Json(CountResponse { count })))
}

/// Withdraw one's own pending request.
#[utoipa::path(
    delete, path = "/api/v1/requests/{request}", tag = "approvals",
    security(("bearer" = [])),
    params(("request" = uuid::Uuid, Path, description = "The request's id")),
    responses(
        (status = 204, description = "Withdrawn"),
        (status = 404, description = "No such request of yours", body = ErrorBody),
        (status = 409, description = "Already decided", body = ErrorBody),
    )
)]
pub async fn withdraw_request(
    State(state): State<AppState>,
    api: ApiUser,
    ApiPath(request): ApiPath<ApprovalRequestId>,
) -> Result<StatusCode, ApiError> {
    logbog_app::approvals::withdraw(&state.app, &api.user, request).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Everything waiting for the user that they may decide, oldest first, a page at a time.
#[utoipa::path(
    get, path = "/api/v1/worklist", tag = "approvals",
    security(("bearer" = [])),
    params(PageParams),
    responses(
        (status = 200, description = "Waiting requests", body = Vec<WorkItemDto>, headers(("X-Total-Count" = u64, description = "How many there are in all"), ("Link" = String, description = "The first, previous, next and last page (RFC 8288)"))),
        (status = 403, description = "The user approves nothing", body = ErrorBody),
    )
)]
pub async fn get_worklist(
    State(state): State<AppState>,
    api: ApiUser,
    ApiQuery(q): ApiQuery<PageParams>,
) -> Result<Response, ApiError> {
    let items = logbog_app::approvals::work_list_page(&state.app, &api.user, q.checked()?, None).await?;
    Ok(paged(items, "/api/v1/worklist", |w| WorkItemDto {
        request_id: w.request.id.to_string(),
        trainee_id: w.request.trainee_id.to_string(),
        trainee_name: w.request.trainee_name,
        item_kind: w.request.item.kind().code().to_owned(),
        item_id: w.request.item.id_text(),
        approver_role: w.request.approver_role.code().to_owned(),
        code: w.code,
        title_da: w.title_da,
        title_en: w.title_en,
        assessment_methods: w.assessment_methods.iter().map(|m| m.code().to_owned()).collect(),
        requested_at: w.request.requested_at,
        message: w.request.message,
        card_href: w.card.map(|(id, _)| format!("/api/v1/documents/{id}")),
        card_confirmation: w
            .card_confirmation
            .as_ref()
            .map(super::documents::CardConfirmationDto::from),
    }))
}

/// A time attestation fallen due at one of the user's sites that nobody asked for: approve it
/// with `POST /api/v1/trainees/{trainee}/employments/{employment}/time-attestation/approve`.
#[derive(Debug, Serialize, ToSchema)]
pub struct DueTimeDto {
    #[schema(value_type = uuid::Uuid)]
    pub trainee_id: String,
    pub trainee_name: String,
    #[schema(value_type = uuid::Uuid)]
    pub employment_id: String,
    pub site_name: String,
    pub start_date: chrono::NaiveDate,
    pub end_date: chrono::NaiveDate,
    /// The first day of the employment's last month, when it could be approved.
    pub opens_on: chrono::NaiveDate,
    /// The role the user approves it in: training_lead or tutor.
    pub role: String,
}

/// The time attestations at the user's sites whose last month has opened and which nobody has
/// approved, asked for or put on paper: what the work list shows first, the oldest end first.
#[utoipa::path(
    get, path = "/api/v1/worklist/time-attestations", tag = "approvals",
    security(("bearer" = [])),
    responses(
        (status = 200, description = "Time attestations to approve", body = Vec<DueTimeDto>),
        (status = 403, description = "The user approves nothing", body = ErrorBody),
    )
)]
pub async fn get_due_time_attestations(
    State(state): State<AppState>,
    api: ApiUser,
) -> Result<Json<Vec<DueTimeDto>>, ApiError> {
    let due = logbog_app::approvals::due_time_attestations_of_approver(&state.app, &api.user).await?;
    Ok(Json(
        due.into_iter()
            .map(|d| DueTimeDto {
                trainee_id: d.trainee_id.to_string(),
                trainee_name: d.trainee_name,
                employment_id: d.employment_id.to_string(),
                site_name: d.site_name,
                start_date: d.start_date,
                end_date: d.end_date,
                opens_on: d.opens_on,
                role: d.role.code().to_owned(),
            })
            .collect(),
    ))
}

/// Approve requests addressed to the user, all of one trainee, all or none.
#[utoipa::path(
    post, path = "/api/v1/worklist/approvals", tag = "approvals",
    security(("bearer" = [])),
    request_body = ApproveRequest,
    responses(
        (status = 200, description = "Approved", body = CountResponse),
        (status = 422, description = "An assessment method missing or not one the curriculum names, or requests of several trainees", body = ErrorBody),
        (status = 404, description = "No such request to you", body = ErrorBody),
        (status = 403, description = "Refused by the rules (e.g. access ended)", body = ErrorBody),
        (status = 409, description = "Already decided", body = ErrorBody),
    )
)]
pub async fn approve_requests(
    State(state): State<AppState>,
    api: ApiUser,
    ApiJson(req): ApiJson<ApproveRequest>,
) -> Result<Json<CountResponse>, ApiError> {
    let requests: Vec<ApprovalRequestId> = ids(&req.requests, "requests")?;
    let method = |code: &str, field: &'static str| {
        code.parse::<AssessmentMethod>().map_err(|_| {
            ApiError(AppError::Invalid {
                field,
                problem: Problem::NotAMethod { value: code.to_owned() },
            })
        })
    };
    let default = req
        .assessment_method
        .as_deref()
        .map(|m| method(m, "assessment_method"))
        .transpose()?;
    let decisions = requests
        .iter()
        .zip(&req.requests)
        .map(|(id, raw)| match req.assessment_methods.get(raw) {
            Some(m) => Ok((*id, Some(method(m, "assessment_methods")?))),
            None => Ok((*id, default)),
        })
        .collect::<Result<Vec<_>, ApiError>>()?;
    let count = logbog_app::approvals::approve_each(&state.app, &api.user, &decisions, &req.comment).await?;
    Ok(Json(CountResponse { count }))
}

/// Return a request to the trainee with a comment.
#[utoipa::path(
    post, path = "/api/v1/requests/{request}/return", tag = "approvals",
    security(("bearer" = [])),
    params(("request" = uuid::Uuid, Path, description = "The request's id")),
    request_body = ReturnRequest,
    responses(
        (status = 204, description = "Returned"),
        (status = 400, description = "The comment is missing", body = ErrorBody),
        (status = 404, description = "No such request to you", body = ErrorBody),
        (status = 409, description = "Already decided", body = ErrorBody),
    )
)]
pub async fn return_request(
    State(state): State<AppState>,
    api: ApiUser,
    ApiPath(request): ApiPath<ApprovalRequestId>,
    ApiJson(req): ApiJson<ReturnRequest>,
) -> Result<StatusCode, ApiError> {
    logbog_app::approvals::return_request(&state.app, &api.user, request, &req.comment).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Reset a competency's approval (secretariat of the trainee's region, on a written request).
#[utoipa::path(
    post, path = "/api/v1/trainees/{trainee}/competencies/{competency}/reset", tag = "approvals",
    security(("bearer" = [])),
    params(
        ("trainee" = uuid::Uuid, Path, description = "The trainee's person id"),
        ("competency" = uuid::Uuid, Path, description = "The competency's id"),
    ),
    request_body = ResetRequest,
    responses(
        (status = 204, description = "Reset"),
        (status = 400, description = "Reference or reason missing", body = ErrorBody),
        (status = 403, description = "Not the secretariat of the trainee's region, or nothing approved", body = ErrorBody),
        (status = 404, description = "No such trainee or competency", body = ErrorBody),
    )
)]
pub async fn reset_approval(
    State(state): State<AppState>,
    api: ApiUser,
    ApiPath((trainee, competency)): ApiPath<(PersonId, CompetencyId)>,
    ApiJson(req): ApiJson<ResetRequest>,
) -> Result<StatusCode, ApiError> {
    logbog_app::approvals::reset(
        &state.app,
        &api.user,
        trainee,
        ItemRef::Competency(competency),
        &req.request_reference,
        &req.reason,
    )
    .await?;
    Ok(StatusCode::NO_CONTENT)
}
