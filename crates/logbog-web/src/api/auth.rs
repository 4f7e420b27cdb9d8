//! API tokens and the current user.

use super::ApiUser;
use super::dto::{MeResponse, RoleGrantDto, TokenRequest, TokenResponse};
use super::extract::ApiJson;
use crate::AppState;
use crate::client_addr::ClientAddr;
use crate::error::{ApiError, ErrorBody};
use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use logbog_db::sessions::SessionKind;

/// Exchange username and password for a bearer token. Trainees outside their access window are
/// refused (403) with the reason and date.
#[utoipa::path(
    post, path = "/api/v1/auth/token", tag = "auth",
    request_body = TokenRequest,
    responses(
        (status = 201, description = "Token created", body = TokenResponse),
        (status = 400, description = "Malformed request", body = ErrorBody),
        (status = 401, description = "Wrong username or password", body = ErrorBody),
        (status = 403, description = "Access refused (e.g. outside the trainee's access window)", body = ErrorBody),
        (status = 429, description = "Too many failed attempts", body = ErrorBody),
    )
)]
pub async fn create_token(
    State(state): State<AppState>,
    ClientAddr(client): ClientAddr,
    ApiJson(req): ApiJson<TokenRequest>,
) -> Result<(StatusCode, Json<TokenResponse>), ApiError> {
    let session =
        logbog_app::auth::login(&state.app, &req.username, &req.password, Some(client), SessionKind::Api).await?;
    Ok((
        StatusCode::CREATED,
        Json(TokenResponse {
            token: session.token,
            token_type: "Bearer".into(),
            expires_at: session.expires_at,
        }),
    ))
}

/// Revoke the token this request is made with.
#[utoipa::path(
    delete, path = "/api/v1/auth/token", tag = "auth",
    security(("bearer" = [])),
    responses(
        (status = 204, description = "Token revoked"),
        (status = 401, description = "No valid token", body = ErrorBody),
    )
)]
pub async fn revoke_token(State(state): State<AppState>, api: ApiUser) -> Result<StatusCode, ApiError> {
    logbog_app::auth::logout(&state.app, &api.token).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// The current user and the roles in force today.
#[utoipa::path(
    get, path = "/api/v1/me", tag = "auth",
    security(("bearer" = [])),
    responses(
        (status = 200, description = "The current user", body = MeResponse),
        (status = 401, description = "No valid token", body = ErrorBody),
    )
)]
pub async fn get_me(api: ApiUser) -> Json<MeResponse> {
    let u = api.user;
    Json(MeResponse {
        person_id: u.person.id.to_string(),
        username: u.username,
        given_name: u.person.given_name,
        family_name: u.person.family_name,
        locale: u.locale,
        roles: u
            .grants
            .into_iter()
            .map(|g| RoleGrantDto {
                role: g.role.code().to_owned(),
                scope_kind: g.scope_kind.code().to_owned(),
                scope_id: g.scope_id,
                scope_name: g.scope_name,
                valid_from: g.valid_from,
                valid_until: g.valid_until,
            })
            .collect(),
    })
}

/// Everything Logbog holds about the current user (GDPR Article 15), table by table, including
/// every view of their logbook: the same export as the page's download.
#[utoipa::path(
    get, path = "/api/v1/me/data", tag = "auth",
    security(("bearer" = [])),
    responses(
        (status = 200, description = "The rows about the user, by table: `{about, generated_at, person_id, username, tables: {name: [row]}}`", body = Object),
        (status = 401, description = "No valid token", body = ErrorBody),
    )
)]
pub async fn get_my_data(State(state): State<AppState>, api: ApiUser) -> Result<Json<serde_json::Value>, ApiError> {
    Ok(Json(logbog_app::privacy::my_data(&state.app, &api.user).await?))
}
