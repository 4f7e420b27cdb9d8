//! Notes over the API: a trainee's notes (hers, or those shared with the caller), writing,
//! editing and deleting her own, and choosing with whom each is shared.

use super::ApiUser;
use super::extract::{ApiJson, ApiPath, ApiQuery, id, ids};
use super::paging::{PageParams, paged};
use crate::AppState;
use crate::error::{ApiError, ErrorBody};
use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use chrono::{DateTime, NaiveDate, Utc};
use logbog_app::notes::NoteInput;
use logbog_app::paging::PageRequest;
use logbog_db::notes::Note;
use logbog_domain::{CompetencyId, NoteId, PersonId};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// Someone a note is shared with.
#[derive(Debug, Serialize, ToSchema)]
pub struct ShareDto {
    #[schema(value_type = uuid::Uuid)]
    pub person_id: String,
    pub name: String,
    pub shared_at: DateTime<Utc>,
}

/// A note of daily progress.
#[derive(Debug, Serialize, ToSchema)]
pub struct NoteDto {
    #[schema(value_type = uuid::Uuid)]
    pub id: String,
    #[schema(value_type = uuid::Uuid)]
    pub trainee_id: String,
    /// The day the note is about.
    pub written_on: NaiveDate,
    /// The competency it is about, if any.
    #[schema(value_type = Option<uuid::Uuid>)]
    pub competency: Option<String>,
    pub competency_code: Option<String>,
    pub note: String,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    /// With whom it is shared: all of them for the trainee, only the caller for an approver.
    pub shared_with: Vec<ShareDto>,
}

impl From<&Note> for NoteDto {
    fn from(n: &Note) -> Self {
        Self {
            id: n.id.to_string(),
            trainee_id: n.trainee_id.to_string(),
            written_on: n.written_on,
            competency: n.competency.as_ref().map(|c| c.id.to_string()),
            competency_code: n.competency.as_ref().map(|c| c.code.clone()),
            note: n.body.clone(),
            created_at: n.created_at,
            updated_at: n.updated_at,
            shared_with: n
                .shares
                .iter()
                .map(|s| ShareDto {
                    person_id: s.person_id.to_string(),
                    name: s.name.clone(),
                    shared_at: s.shared_at,
                })
                .collect(),
        }
    }
}

/// What a note says.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NoteRequest {
    /// The day the note is about (from 1990, at most a year ahead).
    pub written_on: NaiveDate,
    /// A competency of the trainee's curricula, or none.
    #[schema(value_type = Option<uuid::Uuid>)]
    #[serde(default)]
    pub competency: Option<String>,
    /// Plain text, at most 2000 characters.
    pub note: String,
}

impl NoteRequest {
    fn input(&self) -> Result<NoteInput, ApiError> {
        Ok(NoteInput {
            written_on: self.written_on,
            competency: self
                .competency
                .as_deref()
                .map(|c| id::<CompetencyId>(c, "competency"))
                .transpose()?,
            body: self.note.clone(),
        })
    }
}

/// Whom a note is shared with from now on.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct SharesRequest {
    /// Person ids of current approvers of the trainee (supervisors, tutors, training leads);
    /// everyone left out loses the share.
    #[schema(value_type = Vec<uuid::Uuid>)]
    pub shared_with: Vec<String>,
}

#[derive(Debug, Default, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct NotesParams {
    /// Only the notes about this competency.
    #[param(value_type = Option<uuid::Uuid>)]
    pub competency: Option<String>,
    #[param(minimum = 1, maximum = 1_000_000)]
    pub page: Option<u32>,
    #[param(minimum = 1, maximum = 200)]
    pub per_page: Option<u32>,
}

/// A trainee's notes, the newest day first, by pages: for the trainee all of hers, for one of
/// her current approvers those she shares with them, for anyone else who may see her logbook
/// none.
#[utoipa::path(
    get, path = "/api/v1/trainees/{trainee}/notes", tag = "notes",
    security(("bearer" = [])),
    params(("trainee" = uuid::Uuid, Path, description = "The trainee's person id"), NotesParams),
    responses(
        (status = 200, description = "Notes", body = Vec<NoteDto>, headers(("X-Total-Count" = u64, description = "How many there are in all"), ("Link" = String, description = "The first, previous, next and last page (RFC 8288)"))),
        (status = 404, description = "No such competency of the trainee", body = ErrorBody),
    )
)]
pub async fn list_notes(
    State(state): State<AppState>,
    api: ApiUser,
    ApiPath(trainee): ApiPath<PersonId>,
    ApiQuery(q): ApiQuery<NotesParams>,
) -> Result<Response, ApiError> {
    let page: PageRequest = PageParams {
        page: q.page,
        per_page: q.per_page,
    }
    .checked()?;
    let competency = q.competency.as_deref().map(|c| id(c, "competency")).transpose()?;
    let v = logbog_app::notes::notes(&state.app, &api.user, trainee, competency, page).await?;
    Ok(paged(v.page, &format!("/api/v1/trainees/{trainee}/notes"), |n| {
        NoteDto::from(&n)
    }))
}

/// Write a note in the caller's own logbook; it is private until shared.
#[utoipa::path(
    post, path = "/api/v1/trainees/{trainee}/notes", tag = "notes",
    security(("bearer" = [])),
    params(("trainee" = uuid::Uuid, Path, description = "The trainee's person id (the caller's own)")),
    request_body = NoteRequest,
    responses(
        (status = 201, description = "Written", body = NoteDto),
        (status = 422, description = "No text, an implausible day, or a competency not of the trainee's curricula", body = ErrorBody),
    )
)]
pub async fn write_note(
    State(state): State<AppState>,
    api: ApiUser,
    ApiPath(trainee): ApiPath<PersonId>,
    ApiJson(req): ApiJson<NoteRequest>,
) -> Result<Response, ApiError> {
    let id = logbog_app::notes::write_note(&state.app, &api.user, trainee, &req.input()?).await?;
    let note = logbog_app::notes::own(&state.app, &api.user, id).await?;
    Ok((StatusCode::CREATED, Json(NoteDto::from(&note))).into_response())
}

/// One of the caller's own notes.
#[utoipa::path(
    get, path = "/api/v1/notes/{note}", tag = "notes",
    security(("bearer" = [])),
    params(("note" = uuid::Uuid, Path, description = "The note's id")),
    responses(
        (status = 200, description = "The note", body = NoteDto),
        (status = 404, description = "No such note of the caller's", body = ErrorBody),
    )
)]
pub async fn get_note(
    State(state): State<AppState>,
    api: ApiUser,
    ApiPath(note): ApiPath<NoteId>,
) -> Result<Json<NoteDto>, ApiError> {
    let note = logbog_app::notes::own(&state.app, &api.user, note).await?;
    Ok(Json(NoteDto::from(&note)))
}

/// Change what one of the caller's notes says; its shares stay.
#[utoipa::path(
    put, path = "/api/v1/notes/{note}", tag = "notes",
    security(("bearer" = [])),
    params(("note" = uuid::Uuid, Path, description = "The note's id")),
    request_body = NoteRequest,
    responses(
        (status = 200, description = "Changed", body = NoteDto),
        (status = 404, description = "No such note of the caller's", body = ErrorBody),
    )
)]
pub async fn edit_note(
    State(state): State<AppState>,
    api: ApiUser,
    ApiPath(note): ApiPath<NoteId>,
    ApiJson(req): ApiJson<NoteRequest>,
) -> Result<Json<NoteDto>, ApiError> {
    logbog_app::notes::edit_note(&state.app, &api.user, note, &req.input()?).await?;
    let note = logbog_app::notes::own(&state.app, &api.user, note).await?;
    Ok(Json(NoteDto::from(&note)))
}

/// Delete one of the caller's notes; every share of it ends.
#[utoipa::path(
    delete, path = "/api/v1/notes/{note}", tag = "notes",
    security(("bearer" = [])),
    params(("note" = uuid::Uuid, Path, description = "The note's id")),
    responses(
        (status = 204, description = "Deleted"),
        (status = 404, description = "No such note of the caller's", body = ErrorBody),
    )
)]
pub async fn delete_note(
    State(state): State<AppState>,
    api: ApiUser,
    ApiPath(note): ApiPath<NoteId>,
) -> Result<StatusCode, ApiError> {
    logbog_app::notes::delete_note(&state.app, &api.user, note).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Share one of the caller's notes with exactly these current approvers (and end the share of
/// everyone left out). Each change is in the audit trail.
#[utoipa::path(
    put, path = "/api/v1/notes/{note}/shares", tag = "notes",
    security(("bearer" = [])),
    params(("note" = uuid::Uuid, Path, description = "The note's id")),
    request_body = SharesRequest,
    responses(
        (status = 200, description = "The note with its shares", body = NoteDto),
        (status = 404, description = "No such note of the caller's", body = ErrorBody),
        (status = 422, description = "Someone who is not a current approver of the trainee", body = ErrorBody),
    )
)]
pub async fn set_shares(
    State(state): State<AppState>,
    api: ApiUser,
    ApiPath(note): ApiPath<NoteId>,
    ApiJson(req): ApiJson<SharesRequest>,
) -> Result<Json<NoteDto>, ApiError> {
    let people: Vec<PersonId> = ids(&req.shared_with, "shared_with")?;
    let note = logbog_app::notes::set_shares(&state.app, &api.user, note, &people).await?;
    Ok(Json(NoteDto::from(&note)))
}
