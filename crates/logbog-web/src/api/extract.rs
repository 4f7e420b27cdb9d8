//! The API's extractors: a malformed path, query or body is a 400 in the `{error, message}`
//! shape, worded in the caller's language and naming what was wrong; the parser's own English
//! text goes to the debug log, never to the user.

use crate::error::ApiError;
use axum::extract::rejection::{JsonRejection, PathRejection, QueryRejection};
use axum::extract::{FromRequest, FromRequestParts, Request};
use axum::http::StatusCode;
use axum::http::request::Parts;
use axum::response::{IntoResponse, Response};
use logbog_app::{AppError, Problem};
use serde::de::DeserializeOwned;

fn malformed(field: &'static str, problem: Problem, why: &str) -> ApiError {
    tracing::debug!(field, why, "malformed API request");
    ApiError(AppError::Invalid { field, problem })
}

/// Path parameters; a malformed id is `invalid_input` naming the path.
#[derive(Debug, Clone, Copy)]
pub struct ApiPath<T>(pub T);

impl<T, S> FromRequestParts<S> for ApiPath<T>
where
    T: DeserializeOwned + Send,
    S: Send + Sync,
{
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        axum::extract::Path::<T>::from_request_parts(parts, state)
            .await
            .map(|p| ApiPath(p.0))
            .map_err(|r: PathRejection| malformed("path", Problem::MalformedPath, &r.body_text()))
    }
}

/// Query parameters.
#[derive(Debug, Clone)]
pub struct ApiQuery<T>(pub T);

impl<T, S> FromRequestParts<S> for ApiQuery<T>
where
    T: DeserializeOwned + Send,
    S: Send + Sync,
{
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        axum::extract::Query::<T>::from_request_parts(parts, state)
            .await
            .map(|q| ApiQuery(q.0))
            .map_err(|r: QueryRejection| malformed("query", Problem::MalformedQuery, &r.body_text()))
    }
}

/// A JSON body: not JSON, not `application/json`, or not of the operation's shape.
#[derive(Debug, Clone)]
pub struct ApiJson<T>(pub T);

impl<T, S> FromRequest<S> for ApiJson<T>
where
    T: DeserializeOwned,
    S: Send + Sync,
{
    type Rejection = Response;

    async fn from_request(req: Request, state: &S) -> Result<Self, Self::Rejection> {
        let value = axum::Json::<serde_json::Value>::from_request(req, state)
            .await
            .map(|j| j.0)
            .map_err(|r: JsonRejection| {
                // Over the JSON limit: 413, worded by `api::json_errors` like every other 413.
                if r.status() == StatusCode::PAYLOAD_TOO_LARGE {
                    return StatusCode::PAYLOAD_TOO_LARGE.into_response();
                }
                let problem = match r {
                    JsonRejection::MissingJsonContentType(_) => Problem::NotJsonContentType,
                    _ => Problem::MalformedBody,
                };
                malformed("body", problem, &r.body_text()).into_response()
            })?;
        // The text policy, on every string of the body, before anything reads it.
        if let Some((field, problem)) = text_problem(&value, "body") {
            return Err(ApiError(AppError::Invalid { field, problem }).into_response());
        }
        serde_json::from_value(value)
            .map(ApiJson)
            .map_err(|e| malformed("body", Problem::MalformedBody, &e.to_string()).into_response())
    }
}

/// An id in a JSON body or a form: a malformed one is `invalid_input` naming its field, never
/// a new id.
pub fn id<T: std::str::FromStr>(value: &str, field: &'static str) -> Result<T, ApiError> {
    value.trim().parse().map_err(|_| {
        ApiError(AppError::Invalid {
            field,
            problem: Problem::NotAnId,
        })
    })
}

/// A list of ids; see [`id`].
pub fn ids<T: std::str::FromStr>(values: &[String], field: &'static str) -> Result<Vec<T>, ApiError> {
    values.iter().map(|v| id(v, field)).collect()
}

/// The first string in `value` that the text policy refuses, with the field it is in.
fn text_problem(value: &serde_json::Value, field: &'static str) -> Option<(&'static str, Problem)> {
    match value {
        serde_json::Value::String(s) => logbog_app::text::check(field, s).map(|p| (field, p)),
        serde_json::Value::Array(items) => items.iter().find_map(|v| text_problem(v, field)),
        serde_json::Value::Object(map) => map.iter().find_map(|(k, v)| {
            let name = logbog_app::text::field_name(k).unwrap_or(field);
            // A key itself must be text too.
            logbog_app::text::check(name, k)
                .map(|p| (name, p))
                .or_else(|| text_problem(v, name))
        }),
        _ => None,
    }
}
