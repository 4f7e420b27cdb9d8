//! Specialty-specific files over the API: a curriculum's forms (list), publishing a form or a
//! new version of one (`multipart/form-data`). Downloads and withdrawals are the documents'
//! own operations (`/api/v1/documents/{document}`).

use super::ApiUser;
use super::documents::DocumentDto;
use super::extract::ApiPath;
use super::schema::SpecialtyFileFormCode;
use crate::AppState;
use crate::error::{ApiError, ErrorBody};
use crate::pages::specialty_files::{FIELDS, input_of};
use axum::Json;
use axum::extract::{Request, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use logbog_app::documents::{SpecialtyFileView, UploadTarget};
use logbog_domain::{CurriculumId, DocumentId};
use serde::Serialize;
use utoipa::ToSchema;

/// A specialty file (a blank form of a curriculum) with the versions it replaced.
#[derive(Debug, Serialize, ToSchema)]
pub struct SpecialtyFileDto {
    #[schema(value_type = uuid::Uuid)]
    pub curriculum_id: String,
    pub title: String,
    #[schema(value_type = SpecialtyFileFormCode)]
    pub form: String,
    /// The codes of the competencies it belongs to, in code order.
    pub competencies: Vec<String>,
    pub document: DocumentDto,
    /// Earlier versions, newest first.
    pub earlier: Vec<DocumentDto>,
}

impl From<&SpecialtyFileView> for SpecialtyFileDto {
    fn from(v: &SpecialtyFileView) -> Self {
        Self {
            curriculum_id: v.current.curriculum_id.to_string(),
            title: v.current.title.clone(),
            form: v.current.form.code().to_owned(),
            competencies: v.current.competency_codes.clone(),
            document: DocumentDto::from(&v.current.document),
            earlier: v.earlier.iter().map(|e| DocumentDto::from(&e.document)).collect(),
        }
    }
}

/// The form of a specialty file's upload. Send the fields before `file`.
#[derive(ToSchema)]
#[allow(dead_code)]
pub struct SpecialtyFileUpload {
    #[schema(min_length = 1)]
    title: String,
    /// `competency_card` (the default), `checklist`, `qualification_card` or `other`.
    #[schema(value_type = SpecialtyFileFormCode, required = false)]
    kind: String,
    /// The codes of the competencies of the curriculum it belongs to, separated by commas (or
    /// the field repeated).
    #[schema(required = false)]
    competencies: String,
    /// The form (PDF, PNG or JPEG by content, at most 25 MB).
    #[schema(value_type = String, format = Binary)]
    file: Vec<u8>,
}

/// A curriculum's specialty files, by title. Everyone signed in may read them.
#[utoipa::path(
    get, path = "/api/v1/curricula/{curriculum}/specialty-files", tag = "documents",
    security(("bearer" = [])),
    params(("curriculum" = uuid::Uuid, Path, description = "The curriculum's id")),
    responses(
        (status = 200, description = "The current files with their earlier versions", body = Vec<SpecialtyFileDto>),
        (status = 404, description = "No such curriculum", body = ErrorBody),
    )
)]
pub async fn list_specialty_files(
    State(state): State<AppState>,
    api: ApiUser,
    ApiPath(curriculum): ApiPath<CurriculumId>,
) -> Result<Json<Vec<SpecialtyFileDto>>, ApiError> {
    let page = logbog_app::documents::files_page(&state.app, &api.user, Some(curriculum)).await?;
    Ok(Json(
        page.sections
            .iter()
            .flat_map(|s| s.files.iter().map(SpecialtyFileDto::from))
            .collect(),
    ))
}

async fn publish(
    state: &AppState,
    api: &ApiUser,
    curriculum: CurriculumId,
    replaces: Option<DocumentId>,
    request: Request,
) -> Result<Response, ApiError> {
    let target = UploadTarget::SpecialtyFile { curriculum };
    let u = crate::upload::read(state, &api.user, target, FIELDS, request).await?;
    let input = input_of(&u, replaces);
    let id = logbog_app::documents::publish(&state.app, &api.user, curriculum, input, u.file).await?;
    let detail = logbog_app::documents::file_detail(&state.app, &api.user, id).await?;
    Ok((StatusCode::CREATED, Json(SpecialtyFileDto::from(&detail.file))).into_response())
}

/// Publish a specialty file of a curriculum (a course leader of a specialty it serves, or the
/// secretariat). A refused file is a 422 naming why; nothing of it is kept.
#[utoipa::path(
    post, path = "/api/v1/curricula/{curriculum}/specialty-files", tag = "documents",
    security(("bearer" = [])),
    params(("curriculum" = uuid::Uuid, Path, description = "The curriculum's id")),
    request_body(content = SpecialtyFileUpload, content_type = "multipart/form-data"),
    responses(
        (status = 201, description = "Stored and published", body = SpecialtyFileDto),
        (status = 403, description = "Not a course leader of the curriculum's specialties nor the secretariat", body = ErrorBody),
        (status = 404, description = "No such curriculum", body = ErrorBody),
        (status = 413, description = "The body is larger than any upload may be", body = ErrorBody),
        (status = 422, description = "The file or the form is refused: its type, size, content, or a competency not of the curriculum", body = ErrorBody),
    )
)]
pub async fn publish_specialty_file(
    State(state): State<AppState>,
    api: ApiUser,
    ApiPath(curriculum): ApiPath<CurriculumId>,
    request: Request,
) -> Result<Response, ApiError> {
    publish(&state, &api, curriculum, None, request).await
}

/// Publish a new version of a specialty file: it replaces the current version, which stays in
/// the history.
#[utoipa::path(
    post, path = "/api/v1/specialty-files/{document}/versions", tag = "documents",
    security(("bearer" = [])),
    params(("document" = uuid::Uuid, Path, description = "The current version's document id")),
    request_body(content = SpecialtyFileUpload, content_type = "multipart/form-data"),
    responses(
        (status = 201, description = "Stored and published", body = SpecialtyFileDto),
        (status = 403, description = "Not a course leader of the curriculum's specialties nor the secretariat", body = ErrorBody),
        (status = 404, description = "No such specialty file", body = ErrorBody),
        (status = 409, description = "The version was replaced or withdrawn meanwhile", body = ErrorBody),
        (status = 413, description = "The body is larger than any upload may be", body = ErrorBody),
        (status = 422, description = "The file or the form is refused", body = ErrorBody),
    )
)]
pub async fn publish_version(
    State(state): State<AppState>,
    api: ApiUser,
    ApiPath(document): ApiPath<DocumentId>,
    request: Request,
) -> Result<Response, ApiError> {
    let curriculum = logbog_app::documents::curriculum_of(&state.app, document).await?;
    publish(&state, &api, curriculum, Some(document), request).await
}
