//! Time attestation, access grants, notifications and the views of one's logbook: the same use
//! cases as the pages.

use super::ApiUser;
use super::approvals::CountResponse;
use super::dto::{ApprovalDto, EmploymentDto, HistoryEntryDto, LeaveDto, SiteLeadDto, TimeAttestationDto};
use super::extract::{ApiJson, ApiPath, ApiQuery, id};
use super::paging::{PageParams, paged};
use crate::AppState;
use crate::error::{ApiError, ErrorBody};
use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;
use chrono::{DateTime, NaiveDate, Utc};
use logbog_app::AppError;
use logbog_domain::{EmploymentId, GrantId, ItemRef, PersonId, SiteId, SupervisionId, SupervisorKind};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct TimeRequest {
    /// The person id of a training lead or tutor of the employment's site.
    #[schema(value_type = uuid::Uuid)]
    pub approver: String,
    #[serde(default)]
    pub message: String,
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CommentRequest {
    #[serde(default)]
    pub comment: String,
}

fn invalid(field: &'static str) -> ApiError {
    ApiError(AppError::Invalid {
        field,
        problem: logbog_app::Problem::NotAnId,
    })
}

/// Ask a training lead or tutor of the employment's site to attest its time.
#[utoipa::path(
    post, path = "/api/v1/employments/{employment}/time-attestation/requests", tag = "approvals",
    security(("bearer" = [])),
    params(("employment" = uuid::Uuid, Path, description = "An employment of the trainee")),
    request_body = TimeRequest,
    responses(
        (status = 201, description = "Requested"),
        (status = 422, description = "Not a training lead or tutor of the site", body = ErrorBody),
        (status = 404, description = "Not an employment of yours", body = ErrorBody),
        (status = 409, description = "Already approved or requested", body = ErrorBody),
    )
)]
pub async fn request_time_attestation(
    State(state): State<AppState>,
    api: ApiUser,
    ApiPath(employment): ApiPath<EmploymentId>,
    ApiJson(req): ApiJson<TimeRequest>,
) -> Result<StatusCode, ApiError> {
    let approver: PersonId = id(&req.approver, "approver")?;
    logbog_app::time::request(&state.app, &api.user, employment, approver, &req.message).await?;
    Ok(StatusCode::CREATED)
}

/// Approve the time attestation of a trainee's employment (its site's training lead or tutor,
/// from the employment's last month).
#[utoipa::path(
    post, path = "/api/v1/trainees/{trainee}/employments/{employment}/time-attestation/approve", tag = "approvals",
    security(("bearer" = [])),
    params(
        ("trainee" = uuid::Uuid, Path, description = "The trainee's person id"),
        ("employment" = uuid::Uuid, Path, description = "The employment's id"),
    ),
    request_body = CommentRequest,
    responses(
        (status = 204, description = "Approved"),
        (status = 403, description = "Refused by the rules: supervisors never approve time; not yet the last month; another site", body = ErrorBody),
        (status = 404, description = "No such trainee or employment", body = ErrorBody),
        (status = 409, description = "Already approved", body = ErrorBody),
    )
)]
pub async fn approve_time_attestation(
    State(state): State<AppState>,
    api: ApiUser,
    ApiPath((trainee, employment)): ApiPath<(PersonId, EmploymentId)>,
    ApiJson(req): ApiJson<CommentRequest>,
) -> Result<StatusCode, ApiError> {
    logbog_app::time::approve(&state.app, &api.user, trainee, employment, &req.comment).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// An employment's time attestation: dates, working percent, leave, the date approval opens,
/// its state, whom to ask and its history. Viewing someone else's is audited.
#[utoipa::path(
    get, path = "/api/v1/trainees/{trainee}/employments/{employment}/time-attestation", tag = "approvals",
    security(("bearer" = [])),
    params(
        ("trainee" = uuid::Uuid, Path, description = "The trainee's person id"),
        ("employment" = uuid::Uuid, Path, description = "The employment's id"),
    ),
    responses(
        (status = 200, description = "The time attestation", body = TimeAttestationDto),
        (status = 403, description = "No access to this trainee", body = ErrorBody),
        (status = 404, description = "Not an employment of the trainee", body = ErrorBody),
    )
)]
pub async fn get_time_attestation(
    State(state): State<AppState>,
    api: ApiUser,
    ApiPath((trainee, employment)): ApiPath<(PersonId, EmploymentId)>,
) -> Result<Json<TimeAttestationDto>, ApiError> {
    let v = logbog_app::time::view(&state.app, &api.user, trainee, employment, None).await?;
    let state = v.status.state();
    Ok(Json(TimeAttestationDto {
        leaves: v
            .leaves
            .iter()
            .map(|l| LeaveDto {
                kind: l.kind.code().to_owned(),
                start_date: l.start_date,
                end_date: l.end_date,
            })
            .collect(),
        opens_on: v.opens_on,
        state: state.code().to_owned(),
        approval: v.status.approval.as_ref().map(ApprovalDto::from),
        pending_request: v.status.pending.as_ref().map(|p| p.request_id.to_string()),
        requested_at: v.status.ready_since(),
        approvers: v
            .approvers
            .iter()
            .map(|(p, name, role)| SiteLeadDto {
                person_id: p.to_string(),
                name: name.clone(),
                role: role.code().to_owned(),
            })
            .collect(),
        history: v.history.iter().map(HistoryEntryDto::from).collect(),
        papers: v.papers.iter().map(super::paper::PaperDto::from).collect(),
        employment: EmploymentDto::from(v.employment),
    }))
}

/// Reset (nulstil) an approved time attestation: the secretariat of the trainee's region, with
/// the written request's reference and a reason. The history keeps both.
#[utoipa::path(
    post, path = "/api/v1/trainees/{trainee}/employments/{employment}/time-attestation/reset", tag = "approvals",
    security(("bearer" = [])),
    params(
        ("trainee" = uuid::Uuid, Path, description = "The trainee's person id"),
        ("employment" = uuid::Uuid, Path, description = "The employment's id"),
    ),
    request_body = super::approvals::ResetRequest,
    responses(
        (status = 204, description = "Reset"),
        (status = 400, description = "Reference or reason missing", body = ErrorBody),
        (status = 403, description = "Not the secretariat of the trainee's region, or nothing approved", body = ErrorBody),
        (status = 404, description = "No such trainee or employment", body = ErrorBody),
    )
)]
pub async fn reset_time_attestation(
    State(state): State<AppState>,
    api: ApiUser,
    ApiPath((trainee, employment)): ApiPath<(PersonId, EmploymentId)>,
    ApiJson(req): ApiJson<super::approvals::ResetRequest>,
) -> Result<StatusCode, ApiError> {
    logbog_app::approvals::reset(
        &state.app,
        &api.user,
        trainee,
        ItemRef::TimeAttestation(employment),
        &req.request_reference,
        &req.reason,
    )
    .await?;
    Ok(StatusCode::NO_CONTENT)
}

/// A training lead's or tutor's access to a site, as the secretariat lists it.
#[derive(Debug, Serialize, ToSchema)]
pub struct SiteGrantDto {
    #[schema(value_type = uuid::Uuid)]
    pub id: String,
    pub person_name: String,
    pub username: Option<String>,
    /// training_lead or tutor.
    pub role: String,
    #[schema(value_type = uuid::Uuid)]
    pub site_id: String,
    pub site_name: String,
    /// nord, syd or oest.
    pub region: String,
    pub valid_from: NaiveDate,
    pub valid_until: Option<NaiveDate>,
    pub ended_at: Option<DateTime<Utc>>,
    pub granted_by_name: Option<String>,
    pub granted_at: DateTime<Utc>,
}

/// The training lead and tutor grants of the secretariat's regions, by region, current first,
/// a page at a time.
#[utoipa::path(
    get, path = "/api/v1/access/site-grants", tag = "access",
    security(("bearer" = [])),
    params(PageParams),
    responses(
        (status = 200, description = "The grants", body = [SiteGrantDto], headers(("X-Total-Count" = u64, description = "How many there are in all"), ("Link" = String, description = "The first, previous, next and last page (RFC 8288)"))),
        (status = 403, description = "Not secretariat staff", body = ErrorBody),
    )
)]
pub async fn list_site_grants(
    State(state): State<AppState>,
    api: ApiUser,
    ApiQuery(q): ApiQuery<PageParams>,
) -> Result<Response, ApiError> {
    let o = logbog_app::access::secretariat_overview(&state.app, &api.user, q.checked()?).await?;
    Ok(paged(o.grants, "/api/v1/access/site-grants", |g| SiteGrantDto {
        id: g.id.to_string(),
        person_name: g.person_name,
        username: g.username,
        role: g.role.code().to_owned(),
        site_id: g.site_id,
        site_name: g.site_name,
        region: g.region.code().to_owned(),
        valid_from: g.valid_from,
        valid_until: g.valid_until,
        ended_at: g.ended_at,
        granted_by_name: g.granted_by_name,
        granted_at: g.granted_at,
    }))
}

/// A supervisor's access to a trainee, as the site's training lead or tutor lists it.
#[derive(Debug, Serialize, ToSchema)]
pub struct SupervisionDto {
    #[schema(value_type = uuid::Uuid)]
    pub id: String,
    pub supervisor_name: String,
    #[schema(value_type = uuid::Uuid)]
    pub trainee_id: String,
    pub trainee_name: String,
    #[schema(value_type = uuid::Uuid)]
    pub site_id: String,
    pub site_name: String,
    /// main or daily.
    #[schema(value_type = super::schema::SupervisorKindCode)]
    pub kind: String,
    pub valid_from: NaiveDate,
    pub valid_until: Option<NaiveDate>,
    pub ended_at: Option<DateTime<Utc>>,
    pub granted_by_name: String,
    pub granted_at: DateTime<Utc>,
}

/// The supervisor relations at the training lead's or tutor's sites, current first, a page at
/// a time.
#[utoipa::path(
    get, path = "/api/v1/access/supervisions", tag = "access",
    security(("bearer" = [])),
    params(PageParams),
    responses(
        (status = 200, description = "The supervisor relations", body = [SupervisionDto], headers(("X-Total-Count" = u64, description = "How many there are in all"), ("Link" = String, description = "The first, previous, next and last page (RFC 8288)"))),
        (status = 403, description = "Not a training lead or tutor", body = ErrorBody),
    )
)]
pub async fn list_supervisions(
    State(state): State<AppState>,
    api: ApiUser,
    ApiQuery(q): ApiQuery<PageParams>,
) -> Result<Response, ApiError> {
    let o = logbog_app::access::lead_overview(&state.app, &api.user, q.checked()?).await?;
    Ok(paged(o.supervisions, "/api/v1/access/supervisions", |s| {
        SupervisionDto {
            id: s.id.to_string(),
            supervisor_name: s.supervisor_name,
            trainee_id: s.trainee_id.to_string(),
            trainee_name: s.trainee_name,
            site_id: s.site_id.to_string(),
            site_name: s.site_name,
            kind: s.kind.code().to_owned(),
            valid_from: s.valid_from,
            valid_until: s.valid_until,
            ended_at: s.ended_at,
            granted_by_name: s.granted_by_name,
            granted_at: s.granted_at,
        }
    }))
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct SiteGrantRequest {
    #[schema(min_length = 1)]
    pub username: String,
    #[schema(value_type = uuid::Uuid)]
    pub site: String,
    pub valid_from: NaiveDate,
    pub valid_until: Option<NaiveDate>,
}

/// Give a training lead (department) or tutor (practice) access to a site of the secretariat's
/// region.
#[utoipa::path(
    post, path = "/api/v1/access/site-grants", tag = "access",
    security(("bearer" = [])),
    request_body = SiteGrantRequest,
    responses(
        (status = 201, description = "Granted"),
        (status = 422, description = "Unknown username, site outside the region or a period the rules refuse", body = ErrorBody),
        (status = 403, description = "Not a secretariat", body = ErrorBody),
    )
)]
pub async fn grant_site_access(
    State(state): State<AppState>,
    api: ApiUser,
    ApiJson(req): ApiJson<SiteGrantRequest>,
) -> Result<StatusCode, ApiError> {
    let site: SiteId = id(&req.site, "site")?;
    logbog_app::access::grant_site_role(
        &state.app,
        &api.user,
        &req.username,
        site,
        req.valid_from,
        req.valid_until,
    )
    .await?;
    Ok(StatusCode::CREATED)
}

/// End a training lead's or tutor's access to a site, at once.
#[utoipa::path(
    delete, path = "/api/v1/access/site-grants/{grant}", tag = "access",
    security(("bearer" = [])),
    params(("grant" = uuid::Uuid, Path, description = "The grant's id")),
    responses(
        (status = 204, description = "Ended"),
        (status = 404, description = "No such grant in the secretariat's region", body = ErrorBody),
        (status = 409, description = "Already ended", body = ErrorBody),
    )
)]
pub async fn end_site_access(
    State(state): State<AppState>,
    api: ApiUser,
    ApiPath(grant): ApiPath<GrantId>,
) -> Result<StatusCode, ApiError> {
    logbog_app::access::end_site_role(&state.app, &api.user, grant).await?;
    Ok(StatusCode::NO_CONTENT)
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct SupervisionRequest {
    #[schema(value_type = uuid::Uuid)]
    pub trainee: String,
    #[schema(value_type = uuid::Uuid)]
    pub supervisor: String,
    /// main or daily.
    #[schema(value_type = super::schema::SupervisorKindCode)]
    pub kind: String,
    pub valid_from: NaiveDate,
    pub valid_until: Option<NaiveDate>,
}

/// Give a supervisor of the site access to a trainee employed there (training lead or tutor).
#[utoipa::path(
    post, path = "/api/v1/access/supervisions", tag = "access",
    security(("bearer" = [])),
    request_body = SupervisionRequest,
    responses(
        (status = 201, description = "Granted"),
        (status = 422, description = "Trainee or supervisor not at the site, or a period the rules refuse", body = ErrorBody),
        (status = 403, description = "Not a training lead or tutor", body = ErrorBody),
    )
)]
pub async fn grant_supervision(
    State(state): State<AppState>,
    api: ApiUser,
    ApiJson(req): ApiJson<SupervisionRequest>,
) -> Result<StatusCode, ApiError> {
    let kind: SupervisorKind = req.kind.parse().map_err(|_| invalid("kind"))?;
    logbog_app::access::grant_supervision(
        &state.app,
        &api.user,
        id(&req.trainee, "trainee")?,
        id(&req.supervisor, "supervisor")?,
        kind,
        req.valid_from,
        req.valid_until,
    )
    .await?;
    Ok(StatusCode::CREATED)
}

/// End a supervisor's access to a trainee, at once.
#[utoipa::path(
    delete, path = "/api/v1/access/supervisions/{supervision}", tag = "access",
    security(("bearer" = [])),
    params(("supervision" = uuid::Uuid, Path, description = "The supervision's id")),
    responses(
        (status = 204, description = "Ended"),
        (status = 404, description = "No such supervision at your site", body = ErrorBody),
        (status = 409, description = "Already ended", body = ErrorBody),
    )
)]
pub async fn end_supervision(
    State(state): State<AppState>,
    api: ApiUser,
    ApiPath(s): ApiPath<SupervisionId>,
) -> Result<StatusCode, ApiError> {
    logbog_app::access::end_supervision(&state.app, &api.user, s).await?;
    Ok(StatusCode::NO_CONTENT)
}

#[derive(Debug, Serialize, ToSchema)]
pub struct NotificationDto {
    #[schema(value_type = uuid::Uuid)]
    pub id: String,
    /// request_received, approved, returned, reset, reminder or escalation.
    pub kind: String,
    pub data: serde_json::Value,
    pub created_at: DateTime<Utc>,
    pub read: bool,
    /// The page of the item it is about (a path of the web app); none for notifications
    /// written before that was kept.
    pub link: Option<String>,
}

/// The user's notifications, newest first, a page at a time.
#[utoipa::path(
    get, path = "/api/v1/notifications", tag = "access",
    security(("bearer" = [])),
    params(PageParams),
    responses((status = 200, description = "Notifications", body = Vec<NotificationDto>, headers(("X-Total-Count" = u64, description = "How many there are in all"), ("Link" = String, description = "The first, previous, next and last page (RFC 8288)"))))
)]
pub async fn list_notifications(
    State(state): State<AppState>,
    api: ApiUser,
    ApiQuery(q): ApiQuery<PageParams>,
) -> Result<Response, ApiError> {
    let list = logbog_app::notifications::list(&state.app, &api.user, q.checked()?).await?;
    Ok(paged(list, "/api/v1/notifications", |n| NotificationDto {
        id: n.id,
        kind: n.notice.kind().code().to_owned(),
        data: serde_json::to_value(&n.notice)
            .map(|v| v["payload"].clone())
            .unwrap_or_default(),
        created_at: n.created_at,
        read: n.read_at.is_some(),
        link: crate::notify::link(&n.notice),
    }))
}

/// Mark all the user's notifications as read.
#[utoipa::path(
    post, path = "/api/v1/notifications/read", tag = "access",
    security(("bearer" = [])),
    responses((status = 200, description = "How many were marked", body = CountResponse))
)]
pub async fn mark_notifications_read(
    State(state): State<AppState>,
    api: ApiUser,
) -> Result<Json<CountResponse>, ApiError> {
    let n = logbog_app::notifications::mark_read(&state.app, &api.user).await?;
    Ok(Json(CountResponse { count: n as usize }))
}

#[derive(Debug, Serialize, ToSchema)]
pub struct ViewDto {
    pub at: DateTime<Utc>,
    pub viewer_name: String,
    pub role: Option<String>,
    pub page: String,
}

/// Who has seen the trainee's own logbook, newest first (from the audit trail), by pages.
#[utoipa::path(
    get, path = "/api/v1/me/logbook-views", tag = "logbook",
    security(("bearer" = [])),
    params(PageParams),
    responses(
        (status = 200, description = "Views by others", body = Vec<ViewDto>, headers(("X-Total-Count" = u64, description = "How many there are in all"), ("Link" = String, description = "The first, previous, next and last page (RFC 8288)"))),
        (status = 403, description = "Not a trainee", body = ErrorBody),
    )
)]
pub async fn list_logbook_views(
    State(state): State<AppState>,
    api: ApiUser,
    ApiQuery(q): ApiQuery<PageParams>,
) -> Result<Response, ApiError> {
    let views = logbog_app::logbook::views_of_own_logbook(&state.app, &api.user, q.checked()?).await?;
    Ok(paged(views, "/api/v1/me/logbook-views", |v| ViewDto {
        at: v.at,
        viewer_name: v.viewer_name,
        role: v.role.map(|r| r.code().to_owned()),
        page: v.page,
    }))
}
