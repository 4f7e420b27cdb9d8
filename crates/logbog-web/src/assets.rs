//! Static assets embedded in the binary: stylesheet, script, icon and web app manifest.

use crate::AppState;
use axum::Router;
use axum::http::{HeaderValue, header};
use axum::response::IntoResponse;
use axum::routing::get;

fn asset(content_type: &'static str, body: &'static str) -> impl IntoResponse {
    (
        [
            (header::CONTENT_TYPE, HeaderValue::from_static(content_type)),
            (header::CACHE_CONTROL, HeaderValue::from_static("public, max-age=3600")),
        ],
        body,
    )
}

pub fn router() -> Router<AppState> {
    Router::new()
        .route(
            "/static/app.css",
            get(|| async { asset("text/css; charset=utf-8", include_str!("../static/app.css")) }),
        )
        .route(
            "/static/app.js",
            get(|| async { asset("text/javascript; charset=utf-8", include_str!("../static/app.js")) }),
        )
        .route(
            "/static/icon.svg",
            get(|| async { asset("image/svg+xml", include_str!("../static/icon.svg")) }),
        )
        .route(
            "/static/manifest.webmanifest",
            get(|| async {
                asset(
                    "application/manifest+json",
                    include_str!("../static/manifest.webmanifest"),
                )
            }),
        )
}
