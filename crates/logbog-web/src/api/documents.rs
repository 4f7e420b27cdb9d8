//! Documents over the API: a programme's agreements (list, upload as `multipart/form-data`),
//! and any document's download and deletion.

use super::ApiUser;
use super::extract::ApiPath;
use super::schema::{AddendumReasonCode, AgreementKindCode};
use crate::AppState;
use crate::error::{ApiError, ErrorBody};
use crate::pages::cards::{CARD_FIELDS, replaces_of};
use crate::pages::documents::{AGREEMENT_FIELDS, agreement_input, download_response};
use axum::Json;
use axum::extract::{Request, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use chrono::{DateTime, NaiveDate, Utc};
use logbog_app::documents::{AgreementView, UploadTarget};
use logbog_db::documents::Document;
use logbog_domain::{CompetencyId, DocumentId, PersonId, ProgrammeId};
use serde::Serialize;
use utoipa::ToSchema;

/// A stored document.
#[derive(Debug, Serialize, ToSchema)]
pub struct DocumentDto {
    #[schema(value_type = uuid::Uuid)]
    pub id: String,
    pub file_name: String,
    /// `application/pdf`, `image/png` or `image/jpeg`, decided from the content.
    pub content_type: String,
    pub size_bytes: u64,
    /// SHA-256 of the bytes, lower-case hex.
    pub sha256: String,
    pub uploaded_at: DateTime<Utc>,
    pub uploaded_by: String,
    /// The download: `GET` with the same token.
    pub href: String,
}

impl From<&Document> for DocumentDto {
    fn from(d: &Document) -> Self {
        Self {
            id: d.id.to_string(),
            file_name: d.file_name.clone(),
            content_type: d.content_type.clone(),
            size_bytes: d.size_bytes,
            sha256: d.sha256.clone(),
            uploaded_at: d.uploaded_at,
            uploaded_by: d.uploaded_by_name.clone(),
            href: format!("/api/v1/documents/{}", d.id),
        }
    }
}

/// An employment and training agreement or an addendum, with the versions it replaced.
#[derive(Debug, Serialize, ToSchema)]
pub struct AgreementDto {
    #[schema(value_type = AgreementKindCode)]
    pub kind: String,
    #[schema(value_type = Option<AddendumReasonCode>)]
    pub reason: Option<String>,
    pub dated: NaiveDate,
    pub document: DocumentDto,
    /// Earlier versions, newest first.
    pub earlier: Vec<DocumentDto>,
}

impl From<&AgreementView> for AgreementDto {
    fn from(v: &AgreementView) -> Self {
        Self {
            kind: v.current.kind.code().to_owned(),
            reason: v.current.reason.map(|r| r.code().to_owned()),
            dated: v.current.dated,
            document: DocumentDto::from(&v.current.document),
            earlier: v.earlier.iter().map(|e| DocumentDto::from(&e.document)).collect(),
        }
    }
}

/// The form of an agreement's upload. Send the fields in any order; `file` is the document
/// itself (PDF, PNG or JPEG by content, at most 25 MB).
#[derive(ToSchema)]
#[allow(dead_code)]
pub struct AgreementUpload {
    /// `agreement` (the default) or `addendum`.
    #[schema(value_type = AgreementKindCode, required = false)]
    kind: String,
    /// An addendum's reason (required for one).
    #[schema(value_type = AddendumReasonCode, required = false)]
    reason: String,
    /// The date the agreement bears.
    dated: NaiveDate,
    /// The current version this one replaces.
    #[schema(value_type = uuid::Uuid, required = false)]
    replaces: String,
    #[schema(value_type = String, format = Binary)]
    file: Vec<u8>,
}

/// The agreements of a trainee's programme, in date order.
#[utoipa::path(
    get, path = "/api/v1/trainees/{trainee}/programmes/{programme}/agreements", tag = "documents",
    security(("bearer" = [])),
    params(
        ("trainee" = uuid::Uuid, Path, description = "The trainee's person id"),
        ("programme" = uuid::Uuid, Path, description = "One of the trainee's programmes"),
    ),
    responses(
        (status = 200, description = "Agreements and addenda", body = Vec<AgreementDto>),
        (status = 404, description = "No such programme of the trainee", body = ErrorBody),
    )
)]
pub async fn list_agreements(
    State(state): State<AppState>,
    api: ApiUser,
    ApiPath((trainee, programme)): ApiPath<(PersonId, ProgrammeId)>,
) -> Result<Json<Vec<AgreementDto>>, ApiError> {
    let v = logbog_app::documents::agreements(&state.app, &api.user, trainee, programme).await?;
    Ok(Json(v.agreements.iter().map(AgreementDto::from).collect()))
}

/// Upload the agreement or an addendum of a programme (the trainee, or the secretariat of the
/// programme's region). A refused file is a 422 naming why; nothing of it is kept.
#[utoipa::path(
    post, path = "/api/v1/trainees/{trainee}/programmes/{programme}/agreements", tag = "documents",
    security(("bearer" = [])),
    params(
        ("trainee" = uuid::Uuid, Path, description = "The trainee's person id"),
        ("programme" = uuid::Uuid, Path, description = "One of the trainee's programmes"),
    ),
    request_body(content = AgreementUpload, content_type = "multipart/form-data"),
    responses(
        (status = 201, description = "Stored and recorded", body = AgreementDto),
        (status = 404, description = "No such programme of the trainee", body = ErrorBody),
        (status = 409, description = "The replaced version was replaced or deleted meanwhile", body = ErrorBody),
        (status = 413, description = "The body is larger than any upload may be", body = ErrorBody),
        (status = 422, description = "The file or the form is refused: its type, size, content or the quota", body = ErrorBody),
    )
)]
pub async fn upload_agreement(
    State(state): State<AppState>,
    api: ApiUser,
    ApiPath((trainee, programme)): ApiPath<(PersonId, ProgrammeId)>,
    request: Request,
) -> Result<Response, ApiError> {
    let target = UploadTarget::Agreement { trainee, programme };
    let u = crate::upload::read(&state, &api.user, target, AGREEMENT_FIELDS, request).await?;
    let input = agreement_input(&u);
    let id = logbog_app::documents::add_agreement(&state.app, &api.user, trainee, programme, input, u.file).await?;
    let v = logbog_app::documents::agreements(&state.app, &api.user, trainee, programme).await?;
    let dto = v
        .agreements
        .iter()
        .find(|a| a.current.document.id == id)
        .map(AgreementDto::from)
        .ok_or_else(|| ApiError::from(logbog_app::AppError::Internal("the new agreement is not listed".into())))?;
    Ok((StatusCode::CREATED, Json(dto)).into_response())
}

/// A document's bytes, as an attachment (its owner, or anyone who may see the owner's logbook;
/// a download by anyone but the owner is in the audit trail).
#[utoipa::path(
    get, path = "/api/v1/documents/{document}", tag = "documents",
    security(("bearer" = [])),
    params(("document" = uuid::Uuid, Path, description = "The document's id")),
    responses(
        (status = 200, description = "The file", content(
            (Vec<u8> = "application/pdf"),
            (Vec<u8> = "image/png"),
            (Vec<u8> = "image/jpeg"),
        )),
        (status = 404, description = "No such document, or not one the user may see", body = ErrorBody),
    )
)]
pub async fn download_document(
    State(state): State<AppState>,
    api: ApiUser,
    ApiPath(document): ApiPath<DocumentId>,
) -> Result<Response, ApiError> {
    let opened = logbog_app::documents::open(&state.app, &api.user, document).await?;
    Ok(download_response(opened))
}

/// Delete a document no approval rests on; the version it replaced is current again.
#[utoipa::path(
    delete, path = "/api/v1/documents/{document}", tag = "documents",
    security(("bearer" = [])),
    params(("document" = uuid::Uuid, Path, description = "The document's id")),
    responses(
        (status = 204, description = "Deleted"),
        (status = 404, description = "No such document", body = ErrorBody),
        (status = 409, description = "An approval rests on it, or it was replaced or deleted meanwhile", body = ErrorBody),
    )
)]
pub async fn delete_document(
    State(state): State<AppState>,
    api: ApiUser,
    ApiPath(document): ApiPath<DocumentId>,
) -> Result<StatusCode, ApiError> {
    logbog_app::documents::delete(&state.app, &api.user, document).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// A filled competency card with the versions it replaced.
#[derive(Debug, Serialize, ToSchema)]
pub struct CardDto {
    pub document: DocumentDto,
    /// Whether an approval rests on it (it can then be replaced, not deleted).
    pub is_basis: bool,
    /// In general practice: the hospital department that confirmed the qualification card.
    pub confirmation: Option<CardConfirmationDto>,
    /// Whether the caller may confirm it now (`POST …/documents/{document}/confirmation`).
    pub confirmable: bool,
    /// Earlier versions, newest first.
    pub earlier: Vec<DocumentDto>,
}

impl From<&logbog_app::documents::CardView> for CardDto {
    fn from(c: &logbog_app::documents::CardView) -> Self {
        Self {
            document: DocumentDto::from(&c.current),
            is_basis: c.is_basis,
            confirmation: c.confirmation.as_ref().map(CardConfirmationDto::from),
            confirmable: c.confirmable,
            earlier: c.earlier.iter().map(|e| DocumentDto::from(&e.document)).collect(),
        }
    }
}

/// A qualification card's confirmation by a hospital department.
#[derive(Debug, Serialize, ToSchema)]
pub struct CardConfirmationDto {
    #[schema(value_type = uuid::Uuid)]
    pub confirmed_by: String,
    pub confirmed_by_name: String,
    /// `supervisor` or `training_lead`.
    #[schema(value_type = super::schema::ApproverRoleCode)]
    pub role: String,
    #[schema(value_type = uuid::Uuid)]
    pub site_id: String,
    pub site_name: String,
    pub confirmed_at: DateTime<Utc>,
}

impl From<&logbog_db::card_confirmations::CardConfirmation> for CardConfirmationDto {
    fn from(c: &logbog_db::card_confirmations::CardConfirmation) -> Self {
        Self {
            confirmed_by: c.confirmed_by.to_string(),
            confirmed_by_name: c.confirmed_by_name.clone(),
            role: c.role.code().to_owned(),
            site_id: c.site_id.to_string(),
            site_name: c.site_name.clone(),
            confirmed_at: c.confirmed_at,
        }
    }
}

/// Confirm a general practice trainee's qualification card, as a supervisor or training lead of
/// the hospital department where she works; the tutor then sees which department vouched for it.
/// Once per card; a confirmed card can be replaced, not deleted.
#[utoipa::path(
    post, path = "/api/v1/documents/{document}/confirmation", tag = "documents",
    security(("bearer" = [])),
    params(("document" = uuid::Uuid, Path, description = "The card's id")),
    responses(
        (status = 201, description = "Confirmed", body = CardConfirmationDto),
        (status = 404, description = "No such card, or not one the user may see", body = ErrorBody),
        (status = 409, description = "Confirmed already, or the card was replaced or deleted meanwhile", body = ErrorBody),
        (status = 422, description = "Not a qualification card of general practice", body = ErrorBody),
    )
)]
pub async fn confirm_card(
    State(state): State<AppState>,
    api: ApiUser,
    ApiPath(document): ApiPath<DocumentId>,
) -> Result<(StatusCode, Json<CardConfirmationDto>), ApiError> {
    let c = logbog_app::documents::confirm_card(&state.app, &api.user, document).await?;
    Ok((StatusCode::CREATED, Json(CardConfirmationDto::from(&c))))
}

/// The form of a card's upload: the file, and the current card it replaces if any.
#[derive(ToSchema)]
#[allow(dead_code)]
pub struct CardUpload {
    /// The current card this one replaces.
    #[schema(value_type = uuid::Uuid, required = false)]
    replaces: String,
    /// The filled card (PDF, PNG or JPEG by content, at most 10 MB).
    #[schema(value_type = String, format = Binary)]
    file: Vec<u8>,
}

/// The trainee's filled cards on a competency.
#[utoipa::path(
    get, path = "/api/v1/trainees/{trainee}/competencies/{competency}/cards", tag = "documents",
    security(("bearer" = [])),
    params(
        ("trainee" = uuid::Uuid, Path, description = "The trainee's person id"),
        ("competency" = uuid::Uuid, Path, description = "A competency of the trainee's curricula"),
    ),
    responses(
        (status = 200, description = "Cards, oldest first", body = Vec<CardDto>),
        (status = 404, description = "No such competency of the trainee", body = ErrorBody),
    )
)]
pub async fn list_cards(
    State(state): State<AppState>,
    api: ApiUser,
    ApiPath((trainee, competency)): ApiPath<(PersonId, CompetencyId)>,
) -> Result<Json<Vec<CardDto>>, ApiError> {
    let cards = logbog_app::documents::cards(&state.app, &api.user, trainee, competency).await?;
    Ok(Json(cards.iter().map(CardDto::from).collect()))
}

/// Upload a filled card on a competency (the trainee herself); an approval of the competency
/// rests on its current card. A refused file is a 422 naming why; nothing of it is kept.
#[utoipa::path(
    post, path = "/api/v1/trainees/{trainee}/competencies/{competency}/cards", tag = "documents",
    security(("bearer" = [])),
    params(
        ("trainee" = uuid::Uuid, Path, description = "The trainee's person id"),
        ("competency" = uuid::Uuid, Path, description = "A competency of the trainee's curricula"),
    ),
    request_body(content = CardUpload, content_type = "multipart/form-data"),
    responses(
        (status = 201, description = "Stored and recorded", body = CardDto),
        (status = 404, description = "No such competency of the trainee", body = ErrorBody),
        (status = 409, description = "The replaced card was replaced or deleted meanwhile", body = ErrorBody),
        (status = 413, description = "The body is larger than any upload may be", body = ErrorBody),
        (status = 422, description = "The file is refused: its type, size, content or the quota", body = ErrorBody),
    )
)]
pub async fn upload_card(
    State(state): State<AppState>,
    api: ApiUser,
    ApiPath((trainee, competency)): ApiPath<(PersonId, CompetencyId)>,
    request: Request,
) -> Result<Response, ApiError> {
    let target = UploadTarget::CompetencyCard { trainee, competency };
    let u = crate::upload::read(&state, &api.user, target, CARD_FIELDS, request).await?;
    let replaces = replaces_of(&u);
    let id = logbog_app::documents::add_card(&state.app, &api.user, trainee, competency, replaces, u.file).await?;
    let cards = logbog_app::documents::cards(&state.app, &api.user, trainee, competency).await?;
    let dto = cards
        .iter()
        .find(|c| c.current.id == id)
        .map(CardDto::from)
        .ok_or_else(|| ApiError::from(logbog_app::AppError::Internal("the new card is not listed".into())))?;
    Ok((StatusCode::CREATED, Json(dto)).into_response())
}
