//! The HTTP front ends: HTML pages (askama) and the JSON API (OpenAPI), with sessions, CSRF,
//! translations, security headers and static assets. Thin: every decision is a use case's.

pub mod api;
pub mod assets;
pub mod chart;
pub mod client_addr;
pub mod context;
pub mod csrf;
pub mod dashboard;
pub mod error;
pub mod i18n;
pub mod notify;
pub mod pager;
pub mod pages;
pub mod redirect;
pub mod templates;
pub mod upload;

use axum::Router;
use axum::http::{HeaderName, HeaderValue, StatusCode, header};
use axum::response::IntoResponse;
use axum::routing::get;
use logbog_app::App;
use logbog_domain::Role;
use std::sync::Arc;
use tower_http::catch_panic::CatchPanicLayer;
use tower_http::compression::CompressionLayer;
use tower_http::limit::RequestBodyLimitLayer;
use tower_http::set_header::SetResponseHeaderLayer;

/// Demo mode: the accounts shown on the login page.
#[derive(Debug, Clone)]
pub struct DemoInfo {
    pub password: String,
    pub accounts: Vec<(String, Vec<Role>)>,
}

/// Settings of the web layer.
#[derive(Debug, Clone, Default)]
pub struct WebSettings {
    /// Mark cookies `Secure` (everywhere but a plain-HTTP demo on localhost).
    pub secure_cookies: bool,
    /// Set in demo mode.
    pub demo: Option<DemoInfo>,
    /// The proxies whose `X-Forwarded-For` gives the client's address.
    pub trusted_proxies: client_addr::TrustedProxies,
}

/// Everything a handler can reach.
#[derive(Clone)]
pub struct AppState {
    pub app: App,
    pub i18n: Arc<i18n::I18n>,
    pub settings: WebSettings,
}

impl AppState {
    pub fn new(app: App, settings: WebSettings) -> Result<Self, String> {
        Ok(Self {
            app,
            i18n: Arc::new(i18n::I18n::load()?),
            settings,
        })
    }
}

/// `GET /healthz`: 200 when the database answers.
async fn healthz(axum::extract::State(state): axum::extract::State<AppState>) -> impl IntoResponse {
    match state.app.db.ping().await {
        Ok(()) => (StatusCode::OK, "ok"),
        Err(e) => {
            tracing::error!(error = %e, "health check failed");
            (StatusCode::SERVICE_UNAVAILABLE, "database unavailable")
        }
    }
}

const CSP: &str = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; \
                   connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'; object-src 'none'";

/// Answer 408 to a request that takes longer than its limit: an upload (a multipart POST) has
/// minutes, everything else seconds.
async fn deadline(
    axum::extract::State(limits): axum::extract::State<logbog_app::HttpLimits>,
    request: axum::extract::Request,
    next: axum::middleware::Next,
) -> axum::response::Response {
    let upload = request.method() == axum::http::Method::POST
        && request
            .headers()
            .get(header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .is_some_and(|v| v.trim_start().to_ascii_lowercase().starts_with("multipart/form-data"));
    let limit = if upload {
        limits.upload_timeout
    } else {
        limits.request_timeout
    };
    match tokio::time::timeout(limit, next.run(request)).await {
        Ok(response) => response,
        Err(_) => StatusCode::REQUEST_TIMEOUT.into_response(),
    }
}

/// The whole application: pages, API, assets, health, with the security layers on top.
pub fn router(state: AppState) -> Router {
    let (api, openapi) = api::router();
    let openapi_json = Arc::new(serde_json::to_value(&openapi).unwrap_or_default());
    let api = api
        .route(
            "/api/v1/openapi.json",
            get({
                let doc = openapi_json.clone();
                move || {
                    let doc = doc.clone();
                    async move { axum::Json((*doc).clone()) }
                }
            }),
        )
        .route("/api/v1/{*rest}", axum::routing::any(api::not_found))
        .layer(axum::middleware::from_fn_with_state(state.clone(), api::api_context));
    let limits = state.app.config.http;
    let api = api.layer(axum::extract::DefaultBodyLimit::max(limits.json_body));
    let pages = pages::router()
        .fallback(pages_not_found)
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            context::page_context,
        ));
    let public = Router::new().route("/healthz", get(healthz)).merge(assets::router());

    let secure = state.settings.secure_cookies;
    let header = |name: HeaderName, value: &'static str| {
        SetResponseHeaderLayer::if_not_present(name, HeaderValue::from_static(value))
    };
    // Layers wrap outwards: the panic guard, timeout and body limit innermost, then JSON for API
    // errors, compression, and the security headers outermost, so that every response, also
    // one the inner layers made, carries them.
    Router::new()
        .merge(public)
        .merge(api)
        .merge(pages)
        .with_state(state.clone())
        .layer(CatchPanicLayer::new())
        .layer(axum::middleware::from_fn_with_state(limits, deadline))
        // The outer bound for every request; forms and JSON have their own, smaller ones, and
        // only upload routes will come near this.
        .layer(RequestBodyLimitLayer::new(limits.upload_body))
        .layer(axum::middleware::from_fn_with_state(state, api::json_errors))
        .layer(CompressionLayer::new())
        .layer(header(header::CONTENT_SECURITY_POLICY, CSP))
        .layer(header(header::X_CONTENT_TYPE_OPTIONS, "nosniff"))
        .layer(header(header::REFERRER_POLICY, "same-origin"))
        .layer(header(header::X_FRAME_OPTIONS, "DENY"))
        .layer(header(
            HeaderName::from_static("permissions-policy"),
            "camera=(), microphone=(), geolocation=()",
        ))
        .layer(header(
            HeaderName::from_static("cross-origin-opener-policy"),
            "same-origin",
        ))
        // Served behind TLS (secure cookies), browsers are told to keep to HTTPS for a year.
        .layer(SetResponseHeaderLayer::if_not_present(
            header::STRICT_TRANSPORT_SECURITY,
            move |_: &axum::response::Response| {
                secure.then(|| HeaderValue::from_static("max-age=31536000; includeSubDomains"))
            },
        ))
}

async fn pages_not_found() -> error::PageError {
    error::PageError(logbog_app::AppError::NotFound("page"))
}
