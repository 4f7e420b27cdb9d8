//! HTML pages: one module per resource. Handlers stay thin: extract, call a use case, render.

pub mod auth;
pub mod home;
pub mod logbook;

use crate::AppState;
use axum::Router;
use axum::routing::{get, post};

/// Every page route. The authorization test enumerates these.
pub fn router() -> Router<AppState> {
    Router::new()
        .route("/", get(auth::root))
        .route("/login", get(auth::login_form).post(auth::login_submit))
        .route("/logout", post(auth::logout))
        .route("/language", post(auth::switch_language))
        .route("/home", get(home::home))
        .route("/logbook", get(logbook::own_logbook))
        .route(
            "/logbook/competencies/{competency}",
            get(logbook::own_competency),
        )
        .route("/trainees/{trainee}/logbook", get(logbook::trainee_logbook))
        .route(
            "/trainees/{trainee}/competencies/{competency}",
            get(logbook::trainee_competency),
        )
}
