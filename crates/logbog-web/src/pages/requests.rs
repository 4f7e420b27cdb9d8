//! The trainee's requests for approval: report competencies ready (meld klar), withdraw.

use crate::AppState;
use crate::context::{Authed, PagePath};
use crate::error::{PageError, message};
use crate::redirect::{TRAINEE_HOME, back_or};
use axum::extract::State;
use axum::response::{IntoResponse, Redirect, Response};
use axum_extra::extract::Form;
use logbog_app::AppError;
use logbog_domain::{ApprovalRequestId, CompetencyId, PersonId, Role};
use serde::Deserialize;

#[derive(Debug, Deserialize)]
pub struct ReportFormData {
    #[serde(default)]
    competency: Vec<String>,
    #[serde(default)]
    approver: String,
    #[serde(default)]
    message: String,
    #[serde(default)]
    back: String,
}

/// Add `key=value` to a same-site path's query.
fn with_param(path: &str, key: &str, value: impl std::fmt::Display) -> String {
    let sep = if path.contains('?') { '&' } else { '?' };
    format!("{path}{sep}{key}={value}")
}

/// The approver a report form chose: `person:role` (the form's options), or a bare person id.
pub(crate) fn parse_approver(v: &str) -> Result<(PersonId, Option<Role>), AppError> {
    let (person, role) = match v.split_once(':') {
        Some((p, r)) => (p, Some(r)),
        None => (v, None),
    };
    match (person.parse::<PersonId>(), role.map(str::parse::<Role>).transpose()) {
        (Ok(p), Ok(r)) => Ok((p, r)),
        _ => Err(AppError::Invalid {
            field: "approver",
            problem: logbog_app::Problem::ChooseAnApprover,
        }),
    }
}

pub async fn report(
    State(state): State<AppState>,
    a: Authed,
    Form(f): Form<ReportFormData>,
) -> Result<Response, PageError> {
    // Reporting is the trainee's: a `back` that is not a page of this site means their logbook.
    let back = back_or(&f.back, TRAINEE_HOME);
    let competencies: Result<Vec<CompetencyId>, _> = f.competency.iter().map(|c| c.parse()).collect();
    let result = match (competencies, parse_approver(&f.approver)) {
        (Ok(cs), Ok((approver, role))) => {
            logbog_app::approvals::report_ready(&state.app, &a.user, &cs, approver, role, &f.message).await
        }
        (Err(_), _) => Err(AppError::Invalid {
            field: "competency",
            problem: logbog_app::Problem::NotAnId,
        }),
        (_, Err(e)) => Err(e),
    };
    match result {
        // To the confirmation, wherever it stands on the page (far below on a phone).
        Ok(n) => Ok(Redirect::to(&format!("{}#report-done", with_param(&back, "reported", n))).into_response()),
        Err(e @ (AppError::Invalid { .. } | AppError::AlreadyReported(_) | AppError::Denied(_)))
            if back.starts_with("/logbook") =>
        {
            // Show the logbook again with the error and what the user wrote.
            let selection = back.split_once('?').map(|(_, q)| q).unwrap_or("");
            let q: crate::pages::logbook::SelectionQuery = serde_urlencoded::from_str(selection).unwrap_or_default();
            let lb = logbog_app::logbook::view_logbook(&state.app, &a.user, a.user.id(), q.parse()?).await?;
            let approvers = logbog_app::approvals::approvers_of(&state.app, &a.user, Some(lb.curriculum.id)).await?;
            let extras = crate::pages::logbook::Extras {
                report: Some(crate::templates::ReportForm {
                    approvers: crate::pages::logbook::approver_options(&a.ctx.tr, &approvers),
                    back: back.clone(),
                    message: f.message.clone(),
                    card: None,
                    error: None,
                }),
                notice: None,
                error: Some(message(&a.ctx.tr, &e)),
            };
            let mut response =
                crate::templates::render(&crate::pages::logbook::logbook_page(&a, lb, "/logbook", extras));
            *response.status_mut() = crate::error::classify(&e).0;
            Ok(response)
        }
        Err(e) => Err(PageError(e)),
    }
}

#[derive(Debug, Deserialize)]
pub struct BackForm {
    #[serde(default)]
    back: String,
}

pub async fn withdraw(
    State(state): State<AppState>,
    a: Authed,
    PagePath(request): PagePath<ApprovalRequestId>,
    Form(f): Form<BackForm>,
) -> Result<Response, PageError> {
    logbog_app::approvals::withdraw(&state.app, &a.user, request).await?;
    Ok(Redirect::to(&back_or(&f.back, TRAINEE_HOME)).into_response())
}
