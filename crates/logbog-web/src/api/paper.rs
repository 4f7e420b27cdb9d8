//! Paper time attestations over the API: the trainee uploads the paper of an employment; the
//! secretariat lists those waiting in its regions and approves or returns each.

use super::ApiUser;
use super::extract::{ApiJson, ApiPath, ApiQuery};
use super::paging::{PageParams, paged};
use crate::AppState;
use crate::error::{ApiError, ErrorBody};
use axum::Json;
use axum::extract::{Request, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use chrono::{DateTime, NaiveDate, Utc};
use logbog_app::documents::UploadTarget;
use logbog_app::paper::PaperDecision;
use logbog_db::paper::Paper;
use logbog_domain::{DocumentId, EmploymentId, PersonId};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// A paper time attestation.
#[derive(Debug, Serialize, ToSchema)]
pub struct PaperDto {
    /// The uploaded paper's document id (download it at `/api/v1/documents/{id}`).
    #[schema(value_type = uuid::Uuid)]
    pub document: String,
    pub file_name: String,
    #[schema(value_type = uuid::Uuid)]
    pub trainee_id: String,
    pub trainee_name: String,
    #[schema(value_type = uuid::Uuid)]
    pub employment: String,
    pub site_name: String,
    pub start_date: NaiveDate,
    pub end_date: NaiveDate,
    pub message: String,
    pub submitted_at: DateTime<Utc>,
    /// `waiting`, `approved` or `returned`.
    pub state: String,
    pub decided_at: Option<DateTime<Utc>>,
    pub decided_by: Option<String>,
    pub comment: String,
}

impl From<&Paper> for PaperDto {
    fn from(p: &Paper) -> Self {
        Self {
            document: p.document_id.to_string(),
            file_name: p.file_name.clone(),
            trainee_id: p.trainee_id.to_string(),
            trainee_name: p.trainee_name.clone(),
            employment: p.employment_id.to_string(),
            site_name: p.site_name.clone(),
            start_date: p.start_date,
            end_date: p.end_date,
            message: p.message.clone(),
            submitted_at: p.submitted_at,
            state: p.state.code().to_owned(),
            decided_at: p.decided_at,
            decided_by: p.decided_by_name.clone(),
            comment: p.decision_comment.clone(),
        }
    }
}

/// The form of a paper's upload.
#[derive(ToSchema)]
#[allow(dead_code)]
pub struct PaperUploadForm {
    /// A message to the secretariat, at most 2000 characters.
    #[schema(required = false)]
    message: String,
    /// The paper (PDF, PNG or JPEG by content, at most 10 MB).
    #[schema(value_type = String, format = Binary)]
    file: Vec<u8>,
}

/// Approving a paper, with a comment if any.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PaperDecisionRequest {
    #[serde(default)]
    pub comment: String,
}

/// Returning a paper: the comment says what is wrong.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PaperReturnRequest {
    #[schema(min_length = 1)]
    pub comment: String,
}

/// Upload the paper time attestation of one of the caller's employments and ask the
/// secretariat of the programme's region. Refused while a request or another paper waits, or
/// when the time is approved already.
#[utoipa::path(
    post, path = "/api/v1/trainees/{trainee}/employments/{employment}/paper-attestations", tag = "documents",
    security(("bearer" = [])),
    params(
        ("trainee" = uuid::Uuid, Path, description = "The trainee's person id (the caller's own)"),
        ("employment" = uuid::Uuid, Path, description = "One of her employments"),
    ),
    request_body(content = PaperUploadForm, content_type = "multipart/form-data"),
    responses(
        (status = 201, description = "Stored, recorded and waiting", body = PaperDto),
        (status = 404, description = "No such employment of the trainee", body = ErrorBody),
        (status = 409, description = "Something waits for the attestation already, or it is approved", body = ErrorBody),
        (status = 413, description = "The body is larger than any upload may be", body = ErrorBody),
        (status = 422, description = "The file is refused: its type, size, content or the quota", body = ErrorBody),
    )
)]
pub async fn upload_paper(
    State(state): State<AppState>,
    api: ApiUser,
    ApiPath((trainee, employment)): ApiPath<(PersonId, EmploymentId)>,
    request: Request,
) -> Result<Response, ApiError> {
    let target = UploadTarget::PaperTimeAttestation { trainee, employment };
    let u = crate::upload::read(&state, &api.user, target, &["message"], request).await?;
    let message = Ok(u.field("message").to_owned());
    let id = logbog_app::paper::submit_paper(&state.app, &api.user, trainee, employment, message, u.file).await?;
    let v = logbog_app::time::view(&state.app, &api.user, trainee, employment, None).await?;
    let dto = v
        .papers
        .iter()
        .find(|p| p.document_id == id)
        .map(PaperDto::from)
        .ok_or_else(|| ApiError::from(logbog_app::AppError::Internal("the new paper is not listed".into())))?;
    Ok((StatusCode::CREATED, Json(dto)).into_response())
}

#[derive(Debug, Default, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct PapersParams {
    #[param(minimum = 1, maximum = 1_000_000)]
    pub page: Option<u32>,
    #[param(minimum = 1, maximum = 200)]
    pub per_page: Option<u32>,
}

/// The paper time attestations waiting in the regions of the caller's secretariat, the
/// longest waiting first, by pages.
#[utoipa::path(
    get, path = "/api/v1/paper-attestations", tag = "documents",
    security(("bearer" = [])),
    params(PapersParams),
    responses(
        (status = 200, description = "Waiting papers", body = Vec<PaperDto>, headers(("X-Total-Count" = u64, description = "How many there are in all"), ("Link" = String, description = "The first, previous, next and last page (RFC 8288)"))),
        (status = 403, description = "Not secretariat staff", body = ErrorBody),
    )
)]
pub async fn waiting_papers(
    State(state): State<AppState>,
    api: ApiUser,
    ApiQuery(q): ApiQuery<PapersParams>,
) -> Result<Response, ApiError> {
    let page = PageParams {
        page: q.page,
        per_page: q.per_page,
    }
    .checked()?;
    let list = logbog_app::paper::waiting_papers(&state.app, &api.user, page).await?;
    Ok(paged(list, "/api/v1/paper-attestations", |p| PaperDto::from(&p)))
}

async fn decide(
    state: &AppState,
    api: &ApiUser,
    document: DocumentId,
    decision: PaperDecision,
    comment: &str,
) -> Result<StatusCode, ApiError> {
    logbog_app::paper::decide_paper(&state.app, &api.user, document, decision, comment).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Approve a waiting paper: the employment's time attestation is approved with it as basis.
#[utoipa::path(
    post, path = "/api/v1/paper-attestations/{document}/approve", tag = "documents",
    security(("bearer" = [])),
    params(("document" = uuid::Uuid, Path, description = "The paper's document id")),
    request_body = PaperDecisionRequest,
    responses(
        (status = 204, description = "Approved"),
        (status = 403, description = "Not the secretariat of the programme's region, or before the employment's last month", body = ErrorBody),
        (status = 404, description = "No such paper", body = ErrorBody),
        (status = 409, description = "Decided meanwhile, or the time is approved already", body = ErrorBody),
    )
)]
pub async fn approve_paper(
    State(state): State<AppState>,
    api: ApiUser,
    ApiPath(document): ApiPath<DocumentId>,
    ApiJson(req): ApiJson<PaperDecisionRequest>,
) -> Result<StatusCode, ApiError> {
    decide(&state, &api, document, PaperDecision::Approve, &req.comment).await
}

/// Return a waiting paper to the trainee, saying why.
#[utoipa::path(
    post, path = "/api/v1/paper-attestations/{document}/return", tag = "documents",
    security(("bearer" = [])),
    params(("document" = uuid::Uuid, Path, description = "The paper's document id")),
    request_body = PaperReturnRequest,
    responses(
        (status = 204, description = "Returned"),
        (status = 403, description = "Not the secretariat of the programme's region", body = ErrorBody),
        (status = 404, description = "No such paper", body = ErrorBody),
        (status = 409, description = "Decided meanwhile", body = ErrorBody),
    )
)]
pub async fn return_paper(
    State(state): State<AppState>,
    api: ApiUser,
    ApiPath(document): ApiPath<DocumentId>,
    ApiJson(req): ApiJson<PaperReturnRequest>,
) -> Result<StatusCode, ApiError> {
    decide(&state, &api, document, PaperDecision::Return, &req.comment).await
}
