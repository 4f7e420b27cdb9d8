//! One mapping from use-case errors to HTTP: an HTML page in the user's language for pages,
//! JSON `{"error": code, "message": …}` for the API. Internals are logged, never shown.

use crate::context::{current_ctx, current_tr};
use crate::templates::ErrorPage;
use askama::Template;
use axum::Json;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use logbog_app::AppError;
use logbog_domain::access::TraineeAccessDenied;
use logbog_domain::rights::Denied;
use serde::Serialize;

/// The status, stable code and translation key of an error.
pub fn classify(err: &AppError) -> (StatusCode, &'static str, &'static str) {
    match err {
        AppError::BadCredentials => (StatusCode::UNAUTHORIZED, "bad_credentials", "error-bad-credentials"),
        AppError::Throttled { .. } => (StatusCode::TOO_MANY_REQUESTS, "throttled", "error-throttled"),
        AppError::AccountDisabled => (StatusCode::FORBIDDEN, "account_disabled", "error-account-disabled"),
        AppError::TraineeAccess(TraineeAccessDenied::NoProgramme) => {
            (StatusCode::FORBIDDEN, "no_programme", "error-no-programme")
        }
        AppError::TraineeAccess(TraineeAccessDenied::NotYetOpen { .. }) => (
            StatusCode::FORBIDDEN,
            "access_not_yet_open",
            "error-access-not-yet-open",
        ),
        AppError::TraineeAccess(TraineeAccessDenied::Ended { .. }) => {
            (StatusCode::FORBIDDEN, "access_ended", "error-access-ended")
        }
        AppError::NoRole => (StatusCode::FORBIDDEN, "no_role", "error-no-role"),
        AppError::Unauthenticated => (StatusCode::UNAUTHORIZED, "unauthenticated", "error-unauthenticated"),
        AppError::Forbidden => (StatusCode::FORBIDDEN, "forbidden", "error-forbidden"),
        AppError::Denied(d) => {
            let status = match d {
                Denied::AlreadyApproved | Denied::DocumentIsBasis | Denied::AlreadyConfirmed => StatusCode::CONFLICT,
                Denied::ReferenceAndReasonRequired => StatusCode::BAD_REQUEST,
                Denied::NoteOnlyForApprovers | Denied::NotAQualificationCard => StatusCode::UNPROCESSABLE_ENTITY,
                _ => StatusCode::FORBIDDEN,
            };
            let (code, key) = denied_code(d);
            (status, code, key)
        }
        AppError::NotFound(_) => (StatusCode::NOT_FOUND, "not_found", "error-not-found"),
        AppError::Invalid { problem, .. } if problem.breaks_shape() => {
            (StatusCode::BAD_REQUEST, "invalid_input", "error-invalid")
        }
        AppError::Invalid { .. } => (StatusCode::UNPROCESSABLE_ENTITY, "invalid_input", "error-invalid"),
        AppError::Conflict(_) => (StatusCode::CONFLICT, "conflict", "error-conflict"),
        AppError::AlreadyReported(_) => (StatusCode::CONFLICT, "already_reported", "error-already-reported"),
        AppError::RequestDecided => (StatusCode::CONFLICT, "request_decided", "error-request-decided"),
        AppError::AlreadyEnded => (StatusCode::CONFLICT, "already_ended", "error-already-ended"),
        AppError::DocumentChanged => (StatusCode::CONFLICT, "document_changed", "error-document-changed"),
        AppError::OverviewChanged => (StatusCode::CONFLICT, "overview_changed", "error-overview-changed"),
        AppError::Db(logbog_db::DbError::AlreadyApproved) => {
            (StatusCode::CONFLICT, "already_approved", "error-already-approved")
        }
        AppError::Db(_) | AppError::Internal(_) => {
            (StatusCode::INTERNAL_SERVER_ERROR, "internal_error", "error-internal")
        }
    }
}

/// The stable code and translation key of a refusal by a domain rule.
fn denied_code(d: &Denied) -> (&'static str, &'static str) {
    match d {
        Denied::OwnItem => ("own_item", "denied-own-item"),
        Denied::RoleCannotApprove { .. } => ("role_cannot_approve", "denied-role-cannot-approve"),
        Denied::SupervisorNeverApprovesTime => (
            "supervisor_never_approves_time",
            "denied-supervisor-never-approves-time",
        ),
        Denied::NoCurrentRelation { .. } => ("no_current_relation", "denied-no-current-relation"),
        Denied::NotTheEmploymentsSite => ("not_the_employments_site", "denied-not-the-employments-site"),
        Denied::GeneralPracticeTutorApproves => (
            "general_practice_tutor_approves",
            "denied-general-practice-tutor-approves",
        ),
        Denied::TimeAttestationNotYetOpen { .. } => {
            ("time_attestation_not_yet_open", "denied-time-attestation-not-yet-open")
        }
        Denied::AlreadyApproved => ("already_approved", "error-already-approved"),
        Denied::OtherRegion => ("other_region", "denied-other-region"),
        Denied::ReferenceAndReasonRequired => ("reference_and_reason_required", "denied-reference-and-reason-required"),
        Denied::NotApproved => ("not_approved", "denied-not-approved"),
        Denied::OnlySecretariatResets => ("only_secretariat_resets", "denied-only-secretariat-resets"),
        Denied::OwnLogbookAccess => ("own_logbook_access", "denied-own-logbook-access"),
        Denied::DocumentIsBasis => ("document_is_basis", "denied-document-is-basis"),
        Denied::NoteOnlyForApprovers => ("note_only_for_approvers", "denied-note-only-for-approvers"),
        Denied::NotAPublisher => ("not_a_publisher", "denied-not-a-publisher"),
        Denied::NotAQualificationCard => ("not_a_qualification_card", "denied-not-a-qualification-card"),
        Denied::NotAHospitalDepartment => ("not_a_hospital_department", "denied-not-a-hospital-department"),
        Denied::AlreadyConfirmed => ("already_confirmed", "denied-already-confirmed"),
    }
}

/// The user-facing message of an error in the request's language.
pub fn message(tr: &crate::i18n::Tr, err: &AppError) -> String {
    let (_, _, key) = classify(err);
    match err {
        AppError::Throttled { retry_after_secs } => tr.tn(key, "seconds", *retry_after_secs as i64),
        AppError::TraineeAccess(TraineeAccessDenied::NotYetOpen { opens_on }) => tr.t1(key, "date", tr.date(*opens_on)),
        AppError::TraineeAccess(TraineeAccessDenied::Ended { ended_on }) => tr.t1(key, "date", tr.date(*ended_on)),
        AppError::NotFound(what) => tr.t1(key, "what", tr.t(&format!("thing-{what}"))),
        AppError::Invalid { field, problem } => tr.t2(
            key,
            ("field", field_label(tr, field)),
            ("problem", problem_text(tr, problem)),
        ),
        AppError::Conflict(m) => tr.t1(key, "message", m),
        AppError::AlreadyReported(code) => tr.t1(key, "code", code),
        AppError::Denied(Denied::TimeAttestationNotYetOpen { opens_on }) => tr.t1(key, "date", tr.date(*opens_on)),
        _ => tr.t(key),
    }
}

/// The label of a form or API field in the user's language (`field-<name>`), or its name.
pub fn field_label(tr: &crate::i18n::Tr, field: &str) -> String {
    let key = format!("field-{field}");
    if tr.has(&key) { tr.t(&key) } else { field.to_owned() }
}

/// What is wrong with an input, in the user's language.
pub fn problem_text(tr: &crate::i18n::Tr, problem: &logbog_app::Problem) -> String {
    use logbog_app::Problem;
    let key = format!("invalid-{}", problem.code());
    let method = |m: &logbog_domain::AssessmentMethod| tr.t(&format!("assessment-{}", m.code()));
    match problem {
        Problem::TooLong { max } | Problem::PasswordTooLong { max } => tr.tn(&key, "max", *max as i64),
        Problem::PasswordTooShort { min } => tr.tn(&key, "min", *min as i64),
        Problem::OutOfRange { min, max } => tr.ta(&key, &[("min", min.to_string()), ("max", max.to_string())]),
        Problem::MethodRequired { competency } => tr.t1(&key, "code", competency),
        Problem::NotOfTheCurriculum { code } => tr.t1(&key, "code", code),
        Problem::MethodNotNamed {
            method: m,
            competency,
            named,
        } => tr.ta(
            &key,
            &[
                ("method", method(m)),
                ("code", competency.clone()),
                ("named", named.iter().map(method).collect::<Vec<_>>().join(", ")),
            ],
        ),
        Problem::NotAMethod { value } => tr.t1(&key, "value", value),
        Problem::BeyondEmployment { ends_on } => tr.t1(&key, "date", tr.date(*ends_on)),
        Problem::CurriculumNotInForce { on } => tr.t1(&key, "date", tr.date(*on)),
        Problem::Overlap {
            with,
            from,
            to,
            total_percent,
        } => tr.ta(
            &key,
            &[
                ("with", with.join("; ")),
                ("from", tr.date(*from)),
                ("to", tr.date(*to)),
                ("total", total_percent.to_string()),
            ],
        ),
        Problem::FileRefused(logbog_files::Refusal::TooLarge { limit }) => {
            tr.tn(&key, "max", logbog_app::error::mb(*limit) as i64)
        }
        Problem::FileRefused(logbog_files::Refusal::QuotaExceeded { limit, used }) => tr.ta(
            &key,
            &[
                ("used", logbog_app::error::mb(*used).to_string()),
                ("limit", logbog_app::error::mb(*limit).to_string()),
            ],
        ),
        _ => tr.t(&key),
    }
}

fn log_internal(err: &AppError) {
    if matches!(err, AppError::Db(_) | AppError::Internal(_)) {
        tracing::error!(error = %err, "request failed");
    }
}

/// An error on a page: rendered as a page in the user's language.
#[derive(Debug)]
pub struct PageError(pub AppError);

impl From<AppError> for PageError {
    fn from(e: AppError) -> Self {
        Self(e)
    }
}

impl IntoResponse for PageError {
    fn into_response(self) -> Response {
        log_internal(&self.0);
        if matches!(self.0, AppError::Unauthenticated) {
            return Redirect::to("/login").into_response();
        }
        let (status, _, _) = classify(&self.0);
        let Some(ctx) = current_ctx() else {
            return (status, "error").into_response();
        };
        let tr = &ctx.tr;
        let page = ErrorPage {
            title: tr.t(&format!("status-{}", status.as_u16())),
            message: message(tr, &self.0),
            l: crate::templates::Layout::new(&ctx),
        };
        match page.render() {
            Ok(html) => (
                status,
                [(
                    header::CONTENT_TYPE,
                    HeaderValue::from_static("text/html; charset=utf-8"),
                )],
                html,
            )
                .into_response(),
            Err(e) => {
                tracing::error!(error = %e, "error page failed to render");
                status.into_response()
            }
        }
    }
}

/// The JSON body of every API error.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct ErrorBody {
    /// A stable snake_case code for programs.
    pub error: String,
    /// A message for people, in the requested language (English unless `Accept-Language: da`).
    pub message: String,
}

/// An error of the JSON API.
#[derive(Debug)]
pub struct ApiError(pub AppError);

impl From<AppError> for ApiError {
    fn from(e: AppError) -> Self {
        Self(e)
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        log_internal(&self.0);
        let (status, code, _) = classify(&self.0);
        let message = match current_tr() {
            Some(tr) => message(&tr, &self.0),
            None => self.0.to_string(),
        };
        let mut response = (
            status,
            Json(ErrorBody {
                error: code.to_owned(),
                message,
            }),
        )
            .into_response();
        if let AppError::Throttled { retry_after_secs } = self.0
            && let Ok(v) = HeaderValue::from_str(&retry_after_secs.to_string())
        {
            response.headers_mut().insert(header::RETRY_AFTER, v);
        }
        response
    }
}

impl From<axum::extract::rejection::PathRejection> for PageError {
    fn from(_: axum::extract::rejection::PathRejection) -> Self {
        PageError(AppError::NotFound("page"))
    }
}

impl From<axum::extract::rejection::QueryRejection> for PageError {
    fn from(r: axum::extract::rejection::QueryRejection) -> Self {
        tracing::debug!(why = %r.body_text(), "malformed query");
        PageError(AppError::Invalid {
            field: "query",
            problem: logbog_app::Problem::MalformedQuery,
        })
    }
}

impl From<axum::extract::rejection::FormRejection> for PageError {
    fn from(r: axum::extract::rejection::FormRejection) -> Self {
        tracing::debug!(why = %r.body_text(), "malformed form");
        PageError(AppError::Invalid {
            field: "form",
            problem: logbog_app::Problem::MalformedForm,
        })
    }
}
