//! HTML pages: one module per resource. Handlers stay thin: extract, call a use case, render.

pub mod access;
pub mod auth;
pub mod cards;
pub mod competency;
pub mod documents;
pub mod employment;
pub mod home;
pub mod logbook;
pub mod notes;
pub mod notifications;
pub mod overview;
pub mod paper;
pub mod requests;
pub mod specialty_files;
pub mod views;
pub mod worklist;

use crate::AppState;
use axum::Router;
use axum::routing::{MethodRouter, get, post};

/// Every page route: the router is built from this list, and the authorization test checks
/// that its table covers every path and method in it.
pub fn routes() -> Vec<(&'static str, MethodRouter<AppState>)> {
    vec![
        ("/", get(auth::root)),
        ("/login", get(auth::login_form).post(auth::login_submit)),
        ("/logout", post(auth::logout)),
        ("/language", post(auth::switch_language)),
        ("/home", get(home::home)),
        ("/notifications", get(notifications::notifications)),
        ("/notifications/read", post(notifications::mark_read)),
        ("/notifications/{notification}", get(notifications::open)),
        ("/access", get(access::access)),
        ("/access/site-grants", post(access::grant_site)),
        ("/access/site-grants/{grant}/end", post(access::end_site)),
        ("/access/supervisions", post(access::grant_supervision)),
        ("/access/supervisions/{supervision}/end", post(access::end_supervision)),
        ("/logbook", get(logbook::own_logbook)),
        ("/logbook/views", get(views::views)),
        ("/logbook/views.csv", get(views::views_csv)),
        ("/me/data.json", get(views::my_data)),
        ("/logbook/competencies/{competency}", get(competency::own_competency)),
        ("/logbook/report", post(requests::report)),
        ("/logbook/employments/{employment}", get(employment::own_employment)),
        ("/logbook/employments/{employment}/request", post(employment::request)),
        (
            "/trainees/{trainee}/employments/{employment}",
            get(employment::trainee_employment),
        ),
        (
            "/trainees/{trainee}/employments/{employment}/approve",
            post(employment::approve),
        ),
        (
            "/trainees/{trainee}/employments/{employment}/reset",
            post(employment::reset),
        ),
        ("/logbook/requests/{request}/withdraw", post(requests::withdraw)),
        ("/logbook/notes", get(notes::own_notes).post(notes::write)),
        ("/logbook/notes/{note}", get(notes::edit_form).post(notes::save)),
        ("/logbook/notes/{note}/shares", post(notes::shares)),
        ("/logbook/notes/{note}/delete", post(notes::delete)),
        ("/trainees/{trainee}/notes", get(notes::trainee_notes)),
        (
            "/logbook/employment-overview",
            get(overview::own_overview).post(overview::add),
        ),
        ("/logbook/employment-overview/complete", post(overview::complete)),
        (
            "/logbook/employment-overview/{entry}",
            get(overview::edit_form).post(overview::save),
        ),
        ("/logbook/employment-overview/{entry}/delete", post(overview::remove)),
        (
            "/trainees/{trainee}/employment-overview",
            get(overview::trainee_overview),
        ),
        ("/logbook/programmes/{programme}", get(documents::own_programme)),
        (
            "/trainees/{trainee}/programmes/{programme}",
            get(documents::trainee_programme),
        ),
        // Uploads stream: no extractor limit, only the outer bound of the router (above every
        // kind's own limit, which the upload pipeline enforces with a clear message).
        (
            "/trainees/{trainee}/programmes/{programme}/agreements",
            post(documents::upload_agreement).layer(axum::extract::DefaultBodyLimit::disable()),
        ),
        (
            "/trainees/{trainee}/competencies/{competency}/cards",
            post(competency::upload_card).layer(axum::extract::DefaultBodyLimit::disable()),
        ),
        (
            "/logbook/competencies/{competency}/report",
            post(competency::report).layer(axum::extract::DefaultBodyLimit::disable()),
        ),
        (
            "/trainees/{trainee}/employments/{employment}/paper",
            post(paper::upload_paper).layer(axum::extract::DefaultBodyLimit::disable()),
        ),
        ("/paper-attestations", get(paper::work_list)),
        ("/paper-attestations/{document}/approve", post(paper::approve)),
        ("/paper-attestations/{document}/return", post(paper::return_paper)),
        ("/specialty-files", get(specialty_files::list)),
        (
            "/specialty-files/curricula/{curriculum}",
            post(specialty_files::publish).layer(axum::extract::DefaultBodyLimit::disable()),
        ),
        ("/specialty-files/{document}", get(specialty_files::file)),
        (
            "/specialty-files/{document}/versions",
            post(specialty_files::new_version).layer(axum::extract::DefaultBodyLimit::disable()),
        ),
        ("/documents/{document}", get(documents::download)),
        ("/documents/{document}/delete", post(documents::delete)),
        ("/documents/{document}/confirmation", post(cards::confirm)),
        ("/worklist", get(worklist::work_list)),
        ("/worklist/approve", post(worklist::approve)),
        ("/worklist/requests/{request}/return", post(worklist::return_request)),
        ("/trainees/{trainee}/logbook", get(logbook::trainee_logbook)),
        (
            "/trainees/{trainee}/competencies/{competency}",
            get(competency::trainee_competency),
        ),
        (
            "/trainees/{trainee}/competencies/{competency}/reset",
            post(competency::reset_competency),
        ),
    ]
}

pub fn router() -> Router<AppState> {
    routes()
        .into_iter()
        .fold(Router::new(), |router, (path, handler)| router.route(path, handler))
}

/// The paths of [`routes`], for tests.
pub fn paths() -> Vec<&'static str> {
    routes().into_iter().map(|(path, _)| path).collect()
}

/// An id chosen in a form: a malformed or missing one is `invalid_input` naming its field,
/// never a new id.
pub(crate) fn form_id<T: std::str::FromStr>(value: &str, field: &'static str) -> Result<T, logbog_app::AppError> {
    value.trim().parse().map_err(|_| logbog_app::AppError::Invalid {
        field,
        problem: logbog_app::Problem::NotAnId,
    })
}
