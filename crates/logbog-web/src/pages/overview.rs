//! The overview of medical employment: the trainee's page (her programmes' employments, those
//! she added, adding, marking complete), the page that edits one she added, and the read-only
//! page of someone who may see her logbook.

use crate::AppState;
use crate::context::{Authed, PagePath};
use crate::error::{PageError, classify, message};
use crate::i18n::Tr;
use crate::pages::documents::with_flag;
use crate::templates::{Layout, render};
use askama::Template;
use axum::extract::{Query, State};
use axum::response::{IntoResponse, Redirect, Response};
use axum_extra::extract::Form;
use logbog_app::overview::{EmploymentInput, Entry, Source};
use logbog_app::{AppError, Problem};
use logbog_domain::overview::{Extent, OtherEmploymentKind};
use logbog_domain::{MedicalEmploymentId, PersonId, Role};
use serde::Deserialize;

const OWN_PATH: &str = "/logbook/employment-overview";

/// An employment as the overview's table shows it.
#[derive(Debug, Clone)]
pub struct OverviewRow {
    pub employer: String,
    pub department: String,
    pub position: String,
    pub period: String,
    pub extent: String,
    /// "From your training programme", "Research post" …
    pub source: String,
    /// The page that edits it (only the trainee's own added ones).
    pub edit_href: Option<String>,
}

/// The fields of an employment the trainee adds or edits, as sent or shown again.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct EmploymentForm {
    #[serde(default)]
    pub kind: String,
    #[serde(default)]
    pub employer: String,
    #[serde(default)]
    pub department: String,
    #[serde(default)]
    pub position: String,
    #[serde(default)]
    pub start_date: String,
    #[serde(default)]
    pub end_date: String,
    /// A number, read as `extent_unit` says.
    #[serde(default)]
    pub extent: String,
    /// `percent` or `hours`.
    #[serde(default)]
    pub extent_unit: String,
}

/// The form as a template needs it: the fields and the kinds to choose from.
#[derive(Debug, Clone)]
pub struct EmploymentFormView {
    pub action: String,
    pub fields: EmploymentForm,
    /// (code, label, selected).
    pub kinds: Vec<(String, String, bool)>,
    pub hours: bool,
}

#[derive(Template)]
#[template(path = "overview.html")]
pub struct OverviewPage {
    pub l: Layout,
    pub heading: String,
    pub back_href: String,
    pub own: bool,
    pub notice: Option<String>,
    pub error: Option<String>,
    pub status: String,
    pub complete: bool,
    pub revision: i64,
    pub rows: Vec<OverviewRow>,
    pub form: Option<EmploymentFormView>,
}

#[derive(Template)]
#[template(path = "overview_edit.html")]
pub struct OverviewEditPage {
    pub l: Layout,
    pub error: Option<String>,
    pub form: EmploymentFormView,
    pub delete_action: String,
}

fn extent_text(tr: &Tr, extent: Extent) -> String {
    match extent {
        Extent::Percent(p) => format!("{p} %"),
        Extent::HoursPerWeek(h) => tr.tn("overview-hours", "hours", i64::from(h)),
    }
}

fn rows(tr: &Tr, entries: &[Entry], own: bool) -> Vec<OverviewRow> {
    entries
        .iter()
        .map(|e| OverviewRow {
            employer: e.employer.clone(),
            department: e.department.clone(),
            position: e.position.clone(),
            period: format!("{} – {}", tr.date(e.start_date), tr.date(e.end_date)),
            extent: extent_text(tr, e.extent),
            source: match e.source {
                Source::Programme(_) => tr.t("overview-source-programme"),
                Source::Own(_, kind) => tr.t(&format!("overview-kind-{}", kind.code())),
            },
            edit_href: match e.source {
                Source::Own(id, _) if own => Some(format!("{OWN_PATH}/{id}")),
                _ => None,
            },
        })
        .collect()
}

fn form_view(tr: &Tr, action: String, fields: EmploymentForm) -> EmploymentFormView {
    let kinds = OtherEmploymentKind::ALL
        .iter()
        .map(|k| {
            (
                k.code().to_owned(),
                tr.t(&format!("overview-kind-{}", k.code())),
                fields.kind == k.code(),
            )
        })
        .collect();
    EmploymentFormView {
        action,
        hours: fields.extent_unit == "hours",
        kinds,
        fields,
    }
}

impl EmploymentForm {
    fn from_employment(m: &logbog_db::overview::MedicalEmployment) -> Self {
        let (extent, unit) = match m.extent {
            Extent::Percent(p) => (p, "percent"),
            Extent::HoursPerWeek(h) => (h, "hours"),
        };
        Self {
            kind: m.kind.code().to_owned(),
            employer: m.employer.clone(),
            department: m.department.clone(),
            position: m.position.clone(),
            start_date: m.start_date.to_string(),
            end_date: m.end_date.to_string(),
            extent: extent.to_string(),
            extent_unit: unit.to_owned(),
        }
    }

    fn input(&self) -> Result<EmploymentInput, AppError> {
        let invalid = |field, problem| AppError::Invalid { field, problem };
        let kind = self
            .kind
            .trim()
            .parse()
            .map_err(|_| invalid("kind", Problem::Required))?;
        let day = |field: &'static str, value: &str| match value.trim() {
            "" => Err(invalid(field, Problem::Required)),
            d => d.parse().map_err(|_| invalid(field, Problem::DateFormat)),
        };
        let start_date = day("start_date", &self.start_date)?;
        let end_date = day("end_date", &self.end_date)?;
        let hours = self.extent_unit == "hours";
        let field = if hours { "hours_per_week" } else { "working_percent" };
        let amount: i64 = match self.extent.trim() {
            "" => return Err(invalid(field, Problem::Required)),
            n => n.parse().map_err(|_| {
                invalid(
                    field,
                    if hours {
                        Problem::OutOfRange { min: 1, max: 80 }
                    } else {
                        Problem::OutOfRange { min: 1, max: 100 }
                    },
                )
            })?,
        };
        let extent = if hours {
            logbog_app::overview::extent(None, Some(amount))?
        } else {
            logbog_app::overview::extent(Some(amount), None)?
        };
        Ok(EmploymentInput {
            kind,
            employer: self.employer.clone(),
            department: self.department.clone(),
            position: self.position.clone(),
            start_date,
            end_date,
            extent,
        })
    }
}

#[derive(Debug, Default, Deserialize)]
pub struct OverviewQuery {
    saved: Option<i64>,
    removed: Option<i64>,
    completed: Option<i64>,
}

async fn overview_page(
    state: &AppState,
    a: &Authed,
    trainee: PersonId,
    notice: Option<String>,
    error: Option<String>,
    refill: Option<EmploymentForm>,
) -> Result<Response, PageError> {
    let v = logbog_app::overview::overview(&state.app, &a.user, trainee).await?;
    let tr = &a.ctx.tr;
    let own = v.viewed_as == Role::Trainee;
    let fields = if own { Some(refill.unwrap_or_default()) } else { None };
    let page = OverviewPage {
        l: Layout::new(&a.ctx),
        heading: if own {
            tr.t("overview-heading")
        } else {
            tr.t1("overview-heading-of", "name", &v.trainee_name)
        },
        back_href: if own {
            "/logbook".into()
        } else {
            format!("/trainees/{trainee}/logbook")
        },
        own,
        notice,
        error,
        status: match v.completed_at {
            Some(at) => tr.t1("overview-complete", "date", tr.instant_date(at)),
            None => tr.t(if own {
                "overview-not-complete"
            } else {
                "overview-not-complete-other"
            }),
        },
        complete: v.completed_at.is_some(),
        revision: v.revision,
        rows: rows(tr, &v.entries, own),
        form: fields.map(|f| form_view(tr, OWN_PATH.into(), f)),
    };
    Ok(render(&page))
}

/// `GET /logbook/employment-overview`: the trainee's own overview.
pub async fn own_overview(
    State(state): State<AppState>,
    a: Authed,
    Query(q): Query<OverviewQuery>,
) -> Result<Response, PageError> {
    let tr = &a.ctx.tr;
    let notice = if q.saved.is_some() {
        Some(tr.t("overview-saved"))
    } else if q.removed.is_some() {
        Some(tr.t("overview-removed"))
    } else if q.completed.is_some() {
        Some(tr.t("overview-completed"))
    } else {
        None
    };
    overview_page(&state, &a, a.user.id(), notice, None, None).await
}

/// `GET /trainees/{trainee}/employment-overview`: a trainee's overview, read only.
pub async fn trainee_overview(
    State(state): State<AppState>,
    a: Authed,
    PagePath(trainee): PagePath<PersonId>,
) -> Result<Response, PageError> {
    overview_page(&state, &a, trainee, None, None, None).await
}

/// A refused form shown again with its error and the status of the refusal.
async fn again(
    state: &AppState,
    a: &Authed,
    e: AppError,
    edit: Option<MedicalEmploymentId>,
    fields: EmploymentForm,
) -> Result<Response, PageError> {
    if !matches!(e, AppError::Invalid { .. }) {
        return Err(PageError(e));
    }
    let text = message(&a.ctx.tr, &e);
    let mut response = match edit {
        Some(id) => edit_page(state, a, id, Some((fields, text))).await?,
        None => overview_page(state, a, a.user.id(), None, Some(text), Some(fields)).await?,
    };
    *response.status_mut() = classify(&e).0;
    Ok(response)
}

/// `POST /logbook/employment-overview`: add an employment.
pub async fn add(
    State(state): State<AppState>,
    a: Authed,
    Form(f): Form<EmploymentForm>,
) -> Result<Response, PageError> {
    let done = match f.input() {
        Ok(input) => logbog_app::overview::add_employment(&state.app, &a.user, a.user.id(), &input).await,
        Err(e) => Err(e),
    };
    match done {
        Ok(_) => Ok(Redirect::to(&with_flag(OWN_PATH, "saved")).into_response()),
        Err(e) => again(&state, &a, e, None, f).await,
    }
}

async fn edit_page(
    state: &AppState,
    a: &Authed,
    id: MedicalEmploymentId,
    refill: Option<(EmploymentForm, String)>,
) -> Result<Response, PageError> {
    let current = logbog_app::overview::own_employment(&state.app, &a.user, id).await?;
    let (fields, error) = match refill {
        Some((f, e)) => (f, Some(e)),
        None => (EmploymentForm::from_employment(&current), None),
    };
    let page = OverviewEditPage {
        l: Layout::new(&a.ctx),
        error,
        form: form_view(&a.ctx.tr, format!("{OWN_PATH}/{id}"), fields),
        delete_action: format!("{OWN_PATH}/{id}/delete"),
    };
    Ok(render(&page))
}

/// `GET /logbook/employment-overview/{entry}`: edit one she added.
pub async fn edit_form(
    State(state): State<AppState>,
    a: Authed,
    PagePath(id): PagePath<MedicalEmploymentId>,
) -> Result<Response, PageError> {
    edit_page(&state, &a, id, None).await
}

/// `POST /logbook/employment-overview/{entry}`: save it.
pub async fn save(
    State(state): State<AppState>,
    a: Authed,
    PagePath(id): PagePath<MedicalEmploymentId>,
    Form(f): Form<EmploymentForm>,
) -> Result<Response, PageError> {
    let done = match f.input() {
        Ok(input) => logbog_app::overview::edit_employment(&state.app, &a.user, id, &input).await,
        Err(e) => Err(e),
    };
    match done {
        Ok(()) => Ok(Redirect::to(&with_flag(OWN_PATH, "saved")).into_response()),
        Err(e) => again(&state, &a, e, Some(id), f).await,
    }
}

/// `POST /logbook/employment-overview/{entry}/delete`.
pub async fn remove(
    State(state): State<AppState>,
    a: Authed,
    PagePath(id): PagePath<MedicalEmploymentId>,
) -> Result<Response, PageError> {
    logbog_app::overview::remove_employment(&state.app, &a.user, id).await?;
    Ok(Redirect::to(&with_flag(OWN_PATH, "removed")).into_response())
}

#[derive(Debug, Default, Deserialize)]
pub struct CompleteForm {
    #[serde(default)]
    revision: String,
}

/// `POST /logbook/employment-overview/complete`: mark the overview complete as shown.
pub async fn complete(
    State(state): State<AppState>,
    a: Authed,
    Form(f): Form<CompleteForm>,
) -> Result<Response, PageError> {
    let revision: i64 = f.revision.trim().parse().map_err(|_| AppError::Invalid {
        field: "revision",
        problem: Problem::MalformedForm,
    })?;
    match logbog_app::overview::mark_complete(&state.app, &a.user, a.user.id(), revision).await {
        Ok(()) => Ok(Redirect::to(&with_flag(OWN_PATH, "completed")).into_response()),
        Err(e @ AppError::OverviewChanged) => {
            // The overview as it is now, with why it was not marked.
            let text = message(&a.ctx.tr, &e);
            let mut response = overview_page(&state, &a, a.user.id(), None, Some(text), None).await?;
            *response.status_mut() = classify(&e).0;
            Ok(response)
        }
        Err(e) => Err(PageError(e)),
    }
}
