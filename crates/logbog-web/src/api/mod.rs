//! The JSON API under `/api/v1`, over the same use cases as the pages, described by OpenAPI 3.1
//! at `/api/v1/openapi.json`. Every operation has an `operationId` (its handler's name).

pub mod access;
pub mod approvals;
pub mod auth;
pub mod documents;
pub mod dto;
pub mod extract;
pub mod logbook;
pub mod notes;
pub mod overview;
pub mod paging;
pub mod paper;
pub mod schema;
pub mod specialty_files;

use crate::AppState;
use crate::error::{ApiError, ErrorBody};
use crate::i18n::{Lang, Tr};
use axum::Json;
use axum::extract::{FromRequestParts, Request, State};
use axum::http::header;
use axum::http::request::Parts;
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use logbog_app::AppError;
use logbog_app::people::CurrentUser;
use logbog_db::sessions::SessionKind;
use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};
use utoipa::{Modify, OpenApi};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

#[derive(OpenApi)]
#[openapi(
    info(title = "Logbog API", version = "1", description = "Electronic logbook for Danish postgraduate medical training."),
    components(schemas(ErrorBody)),
    modifiers(&BearerAuth),
    tags((name = "auth", description = "Tokens"), (name = "logbook", description = "The trainee's logbook"), (name = "approvals", description = "Requests, approvals and resets"), (name = "access", description = "Access grants and notifications"), (name = "documents", description = "Uploaded documents: agreements, downloads"), (name = "notes", description = "Notes of daily progress and with whom they are shared"), (name = "overview", description = "The overview of medical employment"))
)]
struct ApiDoc;

struct BearerAuth;

impl Modify for BearerAuth {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        if let Some(components) = openapi.components.as_mut() {
            components.add_security_scheme(
                "bearer",
                SecurityScheme::Http(
                    HttpBuilder::new()
                        .scheme(HttpAuthScheme::Bearer)
                        .bearer_format("opaque")
                        .build(),
                ),
            );
        }
    }
}

/// Every operation that needs a token documents what happens without one (401) and without the
/// right (403), in the error shape: added here once, for every operation, present and future.
struct SecuredResponses;

impl Modify for SecuredResponses {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        use utoipa::openapi::{ContentBuilder, Ref, ResponseBuilder};
        let error = |description: &str| {
            ResponseBuilder::new()
                .description(description)
                .content(
                    "application/json",
                    ContentBuilder::new()
                        .schema(Some(Ref::from_schema_name("ErrorBody")))
                        .build(),
                )
                .build()
        };
        for item in openapi.paths.paths.values_mut() {
            let operations = [
                item.get.as_mut(),
                item.put.as_mut(),
                item.post.as_mut(),
                item.delete.as_mut(),
                item.patch.as_mut(),
            ];
            for op in operations.into_iter().flatten() {
                // Whatever takes input can be sent bad input: a malformed id, parameter or body
                // is a 400 naming the field, in the error shape.
                let takes_input = op.request_body.is_some() || op.parameters.as_ref().is_some_and(|p| !p.is_empty());
                // Input of the documented shape can still be refused by a rule: 422, naming the
                // field too.
                if takes_input {
                    let responses = &mut op.responses.responses;
                    responses.entry("400".to_owned()).or_insert_with(|| {
                        error("Bad input: a malformed id, parameter or body, or one that breaks this document; the message names the field").into()
                    });
                    responses.entry("422".to_owned()).or_insert_with(|| {
                        error("Input of the documented shape that a rule refuses (e.g. a period that ends before it starts); the message names the field").into()
                    });
                }
                if op.security.as_ref().is_none_or(|s| s.is_empty()) {
                    continue;
                }
                let responses = &mut op.responses.responses;
                responses
                    .entry("401".to_owned())
                    .or_insert_with(|| error("No valid token: log in with POST /api/v1/auth/token").into());
                responses
                    .entry("403".to_owned())
                    .or_insert_with(|| error("The token's user may not do this").into());
            }
        }
    }
}

/// Routes of the API outside the OpenAPI document (the document itself and the JSON 404).
pub const UNDOCUMENTED_PATHS: &[&str] = &["/api/v1/openapi.json", "/api/v1/{*rest}"];

/// The API's routes and its OpenAPI document.
pub fn router() -> (axum::Router<AppState>, utoipa::openapi::OpenApi) {
    let (router, mut doc) = OpenApiRouter::with_openapi(ApiDoc::openapi())
        .routes(routes!(auth::create_token, auth::revoke_token))
        .routes(routes!(auth::get_me))
        .routes(routes!(auth::get_my_data))
        .routes(routes!(logbook::list_programmes))
        .routes(routes!(logbook::list_competencies))
        .routes(routes!(logbook::get_competency))
        .routes(routes!(approvals::list_approvers))
        .routes(routes!(approvals::create_requests))
        .routes(routes!(approvals::withdraw_request))
        .routes(routes!(approvals::get_worklist))
        .routes(routes!(approvals::get_due_time_attestations))
        .routes(routes!(approvals::approve_requests))
        .routes(routes!(approvals::return_request))
        .routes(routes!(approvals::reset_approval))
        .routes(routes!(access::request_time_attestation))
        .routes(routes!(access::approve_time_attestation))
        .routes(routes!(access::get_time_attestation))
        .routes(routes!(access::reset_time_attestation))
        .routes(routes!(access::grant_site_access, access::list_site_grants))
        .routes(routes!(access::end_site_access))
        .routes(routes!(access::grant_supervision, access::list_supervisions))
        .routes(routes!(access::end_supervision))
        .routes(routes!(access::list_notifications))
        .routes(routes!(access::mark_notifications_read))
        .routes(routes!(access::list_logbook_views))
        .routes(routes!(documents::list_agreements))
        .routes(routes!(documents::list_cards))
        .routes(routes!(documents::download_document, documents::delete_document))
        .routes(routes!(documents::confirm_card))
        .routes(routes!(notes::list_notes, notes::write_note))
        .routes(routes!(notes::get_note, notes::edit_note, notes::delete_note))
        .routes(routes!(notes::set_shares))
        .routes(routes!(overview::get_overview))
        .routes(routes!(overview::add_employment))
        .routes(routes!(overview::edit_employment, overview::remove_employment))
        .routes(routes!(overview::complete))
        .routes(routes!(paper::waiting_papers))
        .routes(routes!(paper::approve_paper))
        .routes(routes!(paper::return_paper))
        .routes(routes!(specialty_files::list_specialty_files))
        // Uploads stream: no extractor limit, only the router's outer bound (above every kind's
        // own limit, which the upload pipeline enforces with a clear message).
        .merge(
            OpenApiRouter::new()
                .routes(routes!(documents::upload_agreement))
                .routes(routes!(documents::upload_card))
                .routes(routes!(paper::upload_paper))
                .routes(routes!(specialty_files::publish_specialty_file))
                .routes(routes!(specialty_files::publish_version))
                .layer(axum::extract::DefaultBodyLimit::disable()),
        )
        .split_for_parts();
    // After the routes are in: the modifier walks every operation.
    SecuredResponses.modify(&mut doc);
    schema::InputSchemas.modify(&mut doc);
    (router, doc)
}

/// The language of API messages from `Accept-Language` (English unless Danish is asked for).
fn api_lang(headers: &axum::http::HeaderMap) -> Lang {
    headers
        .get(header::ACCEPT_LANGUAGE)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.split(',').next())
        .map(|v| v.trim().to_ascii_lowercase())
        .filter(|v| v.starts_with("da"))
        .map(|_| Lang::Da)
        .unwrap_or(Lang::En)
}

/// Set the language of API messages from `Accept-Language`. API answers hold personal data:
/// like pages, they are never stored by a browser or a proxy (`Cache-Control: no-store`).
pub async fn api_context(State(state): State<AppState>, request: Request, next: Next) -> Response {
    let lang = api_lang(request.headers());
    let mut response = crate::context::scope_tr(Tr::new(lang, state.i18n.clone()), next.run(request)).await;
    response
        .headers_mut()
        .entry(header::CACHE_CONTROL)
        .or_insert(axum::http::HeaderValue::from_static("no-store"));
    response
}

/// Every API error is JSON: what the router (405), the body limit (413), the timeout (408) or
/// the panic guard (500) answer outside the handlers is given the same `{error, message}` shape.
/// Sits outside those layers and inside the security headers.
pub async fn json_errors(State(state): State<AppState>, request: Request, next: Next) -> Response {
    if !request.uri().path().starts_with("/api/") {
        return next.run(request).await;
    }
    let lang = api_lang(request.headers());
    let response = next.run(request).await;
    let status = response.status();
    let is_json = response
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("application/json"));
    if is_json || !(status.is_client_error() || status.is_server_error()) {
        return response;
    }
    let (code, key) = match status.as_u16() {
        404 => ("not_found", "error-resource-not-found"),
        405 => ("method_not_allowed", "error-method-not-allowed"),
        408 => ("request_timeout", "error-request-timeout"),
        413 => ("payload_too_large", "error-payload-too-large"),
        415 => ("unsupported_media_type", "error-unsupported-media-type"),
        s if s >= 500 => ("internal_error", "error-internal"),
        _ => ("bad_request", "error-bad-request"),
    };
    let tr = Tr::new(lang, state.i18n.clone());
    let (mut parts, _) = response.into_parts();
    // The original headers stay (Allow, Retry-After …); the body and its description change.
    for h in [header::CONTENT_TYPE, header::CONTENT_LENGTH, header::CONTENT_ENCODING] {
        parts.headers.remove(h);
    }
    let mut json = (
        status,
        Json(ErrorBody {
            error: code.to_owned(),
            message: tr.t(key),
        }),
    )
        .into_response();
    for (name, value) in &parts.headers {
        json.headers_mut().append(name.clone(), value.clone());
    }
    json
}

/// Unknown API paths answer JSON, not HTML.
pub async fn not_found() -> ApiError {
    ApiError(AppError::NotFound("resource"))
}

/// A request authenticated by a bearer token.
#[derive(Debug, Clone)]
pub struct ApiUser {
    pub user: CurrentUser,
    pub token: String,
}

impl FromRequestParts<AppState> for ApiUser {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Self::Rejection> {
        let token = parts
            .headers
            .get(header::AUTHORIZATION)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.strip_prefix("Bearer "))
            .map(str::trim)
            .filter(|t| !t.is_empty())
            .ok_or(ApiError(AppError::Unauthenticated))?
            .to_owned();
        let session = logbog_app::auth::resolve(&state.app, &token, SessionKind::Api).await?;
        Ok(ApiUser {
            user: session.user,
            token,
        })
    }
}

/// The OpenAPI document.
pub async fn openapi_json(State(doc): State<std::sync::Arc<serde_json::Value>>) -> impl IntoResponse {
    Json((*doc).clone())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn document() -> serde_json::Value {
        serde_json::to_value(router().1).expect("the document serialises")
    }

    /// The whole contract: any change of an operation, a parameter or a schema shows in review
    /// as a change of this snapshot (`cargo insta review`, or INSTA_UPDATE=always).
    #[test]
    fn the_openapi_document_is_the_reviewed_one() {
        insta::assert_json_snapshot!("openapi", document());
    }

    #[test]
    fn every_secured_operation_documents_401_and_403() {
        let doc = document();
        for (path, item) in doc["paths"].as_object().expect("paths") {
            for (method, op) in item.as_object().expect("item") {
                if op.get("security").is_none() {
                    continue;
                }
                for code in ["401", "403"] {
                    assert!(op["responses"].get(code).is_some(), "{method} {path} lacks {code}");
                }
            }
        }
    }

    /// Every operation that takes parameters or a body documents the 400 that bad input gets.
    #[test]
    fn every_operation_with_input_documents_400() {
        let doc = document();
        for (path, item) in doc["paths"].as_object().expect("paths") {
            for (method, op) in item.as_object().expect("item") {
                let takes_input =
                    op.get("requestBody").is_some() || op["parameters"].as_array().is_some_and(|p| !p.is_empty());
                if takes_input {
                    assert!(op["responses"].get("400").is_some(), "{method} {path} lacks 400");
                }
            }
        }
    }

    /// Ids are `format: uuid` and dates `format: date`, in every schema and path parameter.
    #[test]
    fn ids_and_dates_say_their_format() {
        let doc = document();
        let mut wrong = Vec::new();
        for (name, schema) in doc["components"]["schemas"].as_object().expect("schemas") {
            for (field, prop) in schema["properties"].as_object().into_iter().flatten() {
                let format = prop["format"].as_str().or(prop["items"]["format"].as_str());
                let is_id = field == "id" || (field.ends_with("_id") && field != "scope_id");
                if is_id && format != Some("uuid") {
                    wrong.push(format!("{name}.{field}: {format:?}"));
                }
                if (field.ends_with("_date") || field.starts_with("valid_") || field == "opens_on")
                    && format != Some("date")
                {
                    wrong.push(format!("{name}.{field}: {format:?}"));
                }
            }
        }
        for (path, item) in doc["paths"].as_object().expect("paths") {
            for (method, op) in item.as_object().expect("item") {
                for p in op["parameters"].as_array().into_iter().flatten() {
                    if p["in"] == "path" && p["schema"]["format"] != "uuid" {
                        wrong.push(format!("{method} {path} {{{}}}", p["name"]));
                    }
                }
            }
        }
        assert!(wrong.is_empty(), "{wrong:#?}");
    }

    /// Two shapes never share a name (utoipa would keep one of them silently).
    #[test]
    fn the_two_kinds_of_approver_have_their_own_schemas() {
        let doc = document();
        let schemas = &doc["components"]["schemas"];
        assert!(schemas.get("ApproverDto").is_none());
        assert!(schemas["CurrentApproverDto"]["properties"].get("site_name").is_some());
        assert!(schemas["SiteLeadDto"]["properties"].get("site_name").is_none());
    }
}
