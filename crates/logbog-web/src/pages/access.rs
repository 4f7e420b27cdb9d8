//! Access grants: the secretariat's site grants (training leads, tutors) and the training
//! lead's or tutor's supervisor access to trainees. Ends take effect at once.

use crate::AppState;
use crate::context::{Authed, PagePath};
use crate::error::{PageError, classify, message};
use crate::pager::Pager;
use crate::templates::{AccessPage, AccessRow, Layout, RegionAccess, render};
use axum::extract::{Query, State};
use axum::response::{IntoResponse, Redirect, Response};
use axum_extra::extract::Form;
use chrono::NaiveDate;
use logbog_app::AppError;
use logbog_app::paging::PageRequest;
use logbog_domain::{GrantId, PersonId, SiteId, SupervisionId, SupervisorKind};
use serde::Deserialize;

#[derive(Debug, Default, Deserialize)]
pub struct AccessQuery {
    done: Option<String>,
    /// The page of the supervisions.
    page: Option<u32>,
    /// The page of the secretariat's site grants.
    grants_page: Option<u32>,
}

/// Which page of each list the access page shows.
#[derive(Debug, Default, Clone, Copy)]
struct Pages {
    supervisions: PageRequest,
    grants: PageRequest,
}

/// What was typed into the forms, to show again after a refusal.
#[derive(Debug, Default, Clone, Deserialize)]
pub struct Typed {
    #[serde(default)]
    pub username: String,
    #[serde(default)]
    pub site: String,
    #[serde(default)]
    pub trainee: String,
    #[serde(default)]
    pub supervisor: String,
    #[serde(default)]
    pub kind: String,
    #[serde(default)]
    pub valid_from: String,
    #[serde(default)]
    pub valid_until: String,
}

fn period(tr: &crate::i18n::Tr, from: NaiveDate, until: Option<NaiveDate>) -> String {
    match until {
        Some(u) => format!("{} – {}", tr.date(from), tr.date(u)),
        None => tr.t1("period-from", "date", tr.date(from)),
    }
}

async fn page(
    state: &AppState,
    a: &Authed,
    pages: Pages,
    notice: Option<String>,
    error: Option<String>,
    typed: Typed,
) -> Result<Response, PageError> {
    let tr = &a.ctx.tr;
    let today = state.app.clock.today();
    let mut regions = Vec::new();
    let mut grants_pager = None;
    if !a.user.secretariat_regions().is_empty() {
        let o = logbog_app::access::secretariat_overview(&state.app, &a.user, pages.grants).await?;
        grants_pager = Some(Pager::named(tr, &o.grants, "/access", "grants_page"));
        for (region, sites) in &o.regions {
            regions.push(RegionAccess {
                name: region.name_da().to_owned(),
                sites: sites
                    .iter()
                    .map(|(id, name, _)| (id.to_string(), name.clone()))
                    .collect(),
                rows: o
                    .grants
                    .items
                    .iter()
                    .filter(|g| g.region == *region)
                    .map(|g| AccessRow {
                        who: match &g.username {
                            Some(u) => format!("{} ({u})", g.person_name),
                            None => g.person_name.clone(),
                        },
                        what: format!("{} – {}", tr.t(&format!("role-{}", g.role.code())), g.site_name),
                        period: period(tr, g.valid_from, g.valid_until),
                        given: g
                            .granted_by_name
                            .as_ref()
                            .map(|by| {
                                tr.t2(
                                    "access-given-by",
                                    ("name", by.clone()),
                                    ("date", tr.instant_date(g.granted_at)),
                                )
                            })
                            .unwrap_or_default(),
                        end_action: (g.ended_at.is_none() && g.valid_until.is_none_or(|u| u >= today))
                            .then(|| format!("/access/site-grants/{}/end", g.id)),
                        ended: g.ended_at.is_some(),
                    })
                    .collect(),
            });
        }
    }
    let lead = if a.user.led_sites().is_empty() {
        None
    } else {
        let o = logbog_app::access::lead_overview(&state.app, &a.user, pages.supervisions).await?;
        Some((
            o.trainees
                .iter()
                .map(|(id, name, _)| (id.to_string(), name.clone()))
                .collect::<Vec<_>>(),
            o.supervisors
                .iter()
                .map(|(id, name, _)| (id.to_string(), name.clone()))
                .collect::<Vec<_>>(),
            Pager::new(tr, &o.supervisions, "/access"),
            o.supervisions
                .items
                .iter()
                .map(|s| AccessRow {
                    who: s.supervisor_name.clone(),
                    what: format!(
                        "{} – {} ({})",
                        s.trainee_name,
                        tr.t(&format!("supervisor-kind-{}", s.kind.code())),
                        s.site_name
                    ),
                    period: period(tr, s.valid_from, s.valid_until),
                    given: tr.t2(
                        "access-given-by",
                        ("name", s.granted_by_name.clone()),
                        ("date", tr.instant_date(s.granted_at)),
                    ),
                    end_action: (s.ended_at.is_none() && s.valid_until.is_none_or(|u| u >= today))
                        .then(|| format!("/access/supervisions/{}/end", s.id)),
                    ended: s.ended_at.is_some(),
                })
                .collect::<Vec<_>>(),
        ))
    };
    if regions.is_empty() && lead.is_none() {
        return Err(PageError(AppError::Forbidden));
    }
    let (trainees, supervisors, supervisions_pager, supervisions) = match lead.clone() {
        Some((t, s, p, rows)) => (t, s, Some(p), rows),
        None => (Vec::new(), Vec::new(), None, Vec::new()),
    };
    let mut typed = typed;
    if typed.valid_from.is_empty() {
        typed.valid_from = today.format("%Y-%m-%d").to_string();
    }
    Ok(render(&AccessPage {
        l: Layout::new(&a.ctx),
        regions,
        is_lead: lead.is_some(),
        trainees,
        supervisors,
        supervisions,
        supervisions_pager,
        grants_pager,
        notice,
        error,
        typed,
    }))
}

pub async fn access(
    State(state): State<AppState>,
    a: Authed,
    Query(q): Query<AccessQuery>,
) -> Result<Response, PageError> {
    let notice = q.done.as_deref().map(|d| {
        a.ctx.tr.t(&format!(
            "access-done-{}",
            if d == "ended" { "ended" } else { "granted" }
        ))
    });
    let pages = Pages {
        supervisions: PageRequest::new(q.page, None),
        grants: PageRequest::new(q.grants_page, None),
    };
    page(&state, &a, pages, notice, None, Typed::default()).await
}

fn date_field(value: &str, field: &'static str) -> Result<Option<NaiveDate>, AppError> {
    match value.trim() {
        "" => Ok(None),
        v => NaiveDate::parse_from_str(v, "%Y-%m-%d")
            .map(Some)
            .map_err(|_| AppError::Invalid {
                field,
                problem: logbog_app::Problem::DateFormat,
            }),
    }
}

/// Run a form's use case; on a refusal show the page again with the error and what was typed.
async fn after(
    state: &AppState,
    a: &Authed,
    typed: Typed,
    result: Result<(), AppError>,
    done: &str,
) -> Result<Response, PageError> {
    match result {
        Ok(()) => Ok(Redirect::to(&format!("/access?done={done}")).into_response()),
        Err(e @ (AppError::Invalid { .. } | AppError::NotFound(_))) => {
            let mut response = page(state, a, Pages::default(), None, Some(message(&a.ctx.tr, &e)), typed).await?;
            *response.status_mut() = classify(&e).0;
            Ok(response)
        }
        Err(e) => Err(PageError(e)),
    }
}

pub async fn grant_site(State(state): State<AppState>, a: Authed, Form(f): Form<Typed>) -> Result<Response, PageError> {
    let result = async {
        let site: SiteId = super::form_id(&f.site, "site")?;
        let from = date_field(&f.valid_from, "valid_from")?.unwrap_or_else(|| state.app.clock.today());
        let until = date_field(&f.valid_until, "valid_until")?;
        logbog_app::access::grant_site_role(&state.app, &a.user, &f.username, site, from, until).await
    }
    .await;
    after(&state, &a, f, result, "granted").await
}

pub async fn end_site(
    State(state): State<AppState>,
    a: Authed,
    PagePath(grant): PagePath<GrantId>,
) -> Result<Response, PageError> {
    logbog_app::access::end_site_role(&state.app, &a.user, grant).await?;
    Ok(Redirect::to("/access?done=ended").into_response())
}

pub async fn grant_supervision(
    State(state): State<AppState>,
    a: Authed,
    Form(f): Form<Typed>,
) -> Result<Response, PageError> {
    let result = async {
        let trainee: PersonId = super::form_id(&f.trainee, "trainee")?;
        let supervisor: PersonId = super::form_id(&f.supervisor, "supervisor")?;
        let kind: SupervisorKind = f.kind.parse().unwrap_or(SupervisorKind::Main);
        let from = date_field(&f.valid_from, "valid_from")?.unwrap_or_else(|| state.app.clock.today());
        let until = date_field(&f.valid_until, "valid_until")?;
        logbog_app::access::grant_supervision(&state.app, &a.user, trainee, supervisor, kind, from, until).await
    }
    .await;
    after(&state, &a, f, result, "granted").await
}

pub async fn end_supervision(
    State(state): State<AppState>,
    a: Authed,
    PagePath(s): PagePath<SupervisionId>,
) -> Result<Response, PageError> {
    logbog_app::access::end_supervision(&state.app, &a.user, s).await?;
    Ok(Redirect::to("/access?done=ended").into_response())
}
