//! Reading an upload (`multipart/form-data`), the same for pages and the API: the text fields
//! are collected (each through the text policy), the one `file` part is streamed straight
//! into the upload pipeline (`logbog_app::documents::receive`), never buffered whole. Fields may
//! come before or after the file; a broken body after the file was stored discards it.

use crate::AppState;
use axum::extract::FromRequest;
use axum::extract::multipart::{Multipart, MultipartError};
use axum::http::Request;
use logbog_app::documents::{StoredFile, UploadTarget};
use logbog_app::people::CurrentUser;
use logbog_app::{AppError, Problem};
use std::collections::HashMap;

/// The largest text field of an upload form (a date, a code, an id, the CSRF token).
const FIELD_MAX: usize = 4096;

/// An upload as read: its text fields and its stored (not yet recorded) file.
#[derive(Debug)]
pub struct Upload {
    pub fields: HashMap<String, String>,
    pub file: StoredFile,
}

impl Upload {
    /// A text field's value, trimmed; empty when absent.
    pub fn field(&self, name: &str) -> &str {
        self.fields.get(name).map_or("", |v| v.trim())
    }
}

fn malformed(e: &MultipartError) -> AppError {
    tracing::info!(error = %e, "an upload's body could not be read");
    AppError::Invalid {
        field: "file",
        problem: Problem::MalformedForm,
    }
}

/// The fields every upload form may carry besides its own: a page's CSRF token (the first
/// part) and where to go back to.
const PAGE_FIELDS: [&str; 2] = ["csrf", "back"];

/// Read the multipart body of `request` for `target` as `user`, whose text fields are
/// `fields` (any other is refused, as the OpenAPI document says). Without a `file` part it is
/// `file: required`; a second file part is refused (one file per upload).
pub async fn read(
    state: &AppState,
    user: &CurrentUser,
    target: UploadTarget,
    fields_allowed: &[&str],
    request: Request<axum::body::Body>,
) -> Result<Upload, AppError> {
    match read_parts(state, user, target, fields_allowed, request, true).await? {
        (fields, Some(file)) => Ok(Upload { fields, file }),
        (_, None) => Err(AppError::Invalid {
            field: "file",
            problem: Problem::Required,
        }),
    }
}

/// A form whose file is optional (reporting ready with a card): as [`read`], but a `file`
/// part that names no file, which a browser sends when none was chosen, or no `file` part at
/// all, is no file.
pub async fn read_optional(
    state: &AppState,
    user: &CurrentUser,
    target: UploadTarget,
    fields_allowed: &[&str],
    request: Request<axum::body::Body>,
) -> Result<(HashMap<String, String>, Option<StoredFile>), AppError> {
    read_parts(state, user, target, fields_allowed, request, false).await
}

async fn read_parts(
    state: &AppState,
    user: &CurrentUser,
    target: UploadTarget,
    fields_allowed: &[&str],
    request: Request<axum::body::Body>,
    required: bool,
) -> Result<(HashMap<String, String>, Option<StoredFile>), AppError> {
    let mut multipart = Multipart::from_request(request, state).await.map_err(|e| {
        tracing::info!(error = %e, "not a multipart body");
        AppError::Invalid {
            field: "file",
            problem: Problem::MalformedForm,
        }
    })?;
    let mut fields = HashMap::new();
    let mut file: Option<StoredFile> = None;
    let outcome: Result<(), AppError> = async {
        while let Some(mut field) = multipart.next_field().await.map_err(|e| malformed(&e))? {
            let name = field.name().unwrap_or_default().to_owned();
            if name == "file" {
                if file.is_some() {
                    return Err(AppError::Invalid {
                        field: "file",
                        problem: Problem::OneFileAtATime,
                    });
                }
                let sent_name = field.file_name().unwrap_or_default().to_owned();
                if !required && sent_name.is_empty() {
                    // No file chosen: an empty part, read to its end and left.
                    while field.chunk().await.map_err(|e| malformed(&e))?.is_some() {}
                    continue;
                }
                file = Some(logbog_app::documents::receive(&state.app, user, target, &sent_name, &mut field).await?);
                continue;
            }
            if !fields_allowed.contains(&name.as_str()) && !PAGE_FIELDS.contains(&name.as_str()) {
                return Err(AppError::Invalid {
                    field: "form",
                    problem: Problem::MalformedForm,
                });
            }
            let mut value = Vec::new();
            while let Some(chunk) = field.chunk().await.map_err(|e| malformed(&e))? {
                if value.len() + chunk.len() > FIELD_MAX {
                    return Err(AppError::Invalid {
                        field: logbog_app::text::field_name(&name).unwrap_or("file"),
                        problem: Problem::TooLarge,
                    });
                }
                value.extend_from_slice(&chunk);
            }
            let value = String::from_utf8(value).map_err(|_| AppError::Invalid {
                field: logbog_app::text::field_name(&name).unwrap_or("file"),
                problem: Problem::ControlCharacter,
            })?;
            if let Some(known) = logbog_app::text::field_name(&name)
                && let Some(problem) = logbog_app::text::check(known, &value)
            {
                return Err(AppError::Invalid { field: known, problem });
            }
            // A field sent more than once (the checkboxes of a list) keeps every value, one
            // per line, for the reader that takes a list; a single-valued field then fails
            // its own parsing instead of silently keeping the last value.
            match fields.entry(name) {
                std::collections::hash_map::Entry::Occupied(mut e) => {
                    let v: &mut String = e.get_mut();
                    v.push('\n');
                    v.push_str(&value);
                }
                std::collections::hash_map::Entry::Vacant(e) => {
                    e.insert(value);
                }
            }
        }
        Ok(())
    }
    .await;
    match (outcome, file) {
        (Ok(()), file) => Ok((fields, file)),
        (Err(e), Some(file)) => {
            file.discard(&state.app).await;
            Err(e)
        }
        (Err(e), None) => Err(e),
    }
}
