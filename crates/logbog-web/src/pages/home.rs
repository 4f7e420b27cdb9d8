//! The staff home page: the user's roles with their scopes, the trainees they have access to,
//! and their secretariat's contact details.

use crate::AppState;
use crate::context::Authed;
use crate::error::PageError;
use crate::templates::{ContactRow, HomePage, Layout, RoleRow, TraineeRow, WaitingRow, render};
use axum::extract::State;
use axum::response::{IntoResponse, Redirect, Response};
use logbog_app::people::Landing;
use logbog_domain::{PostgraduateRegion, Role};

/// The secretariat's search for a trainee by name.
#[derive(Debug, Default, serde::Deserialize)]
pub struct HomeQuery {
    #[serde(default)]
    q: String,
    page: Option<u32>,
    /// The page of the list of the staff's own trainees.
    trainees_page: Option<u32>,
    /// The page of each department's trainees on a training lead's dashboard.
    dashboard_page: Option<u32>,
}

pub async fn home(
    State(state): State<AppState>,
    a: Authed,
    axum::extract::Query(query): axum::extract::Query<HomeQuery>,
) -> Result<Response, PageError> {
    if a.user.landing() == Landing::Logbook {
        return Ok(Redirect::to("/logbook").into_response());
    }
    let tr = &a.ctx.tr;
    let roles = a
        .user
        .grants
        .iter()
        .map(|g| RoleRow {
            role: tr.t(&format!("role-{}", g.role.code())),
            scope: g.scope_name.clone().unwrap_or_else(|| tr.t("scope-global")),
            period: match g.valid_until {
                Some(u) => format!("{} – {}", tr.date(g.valid_from), tr.date(u)),
                None => tr.t1("period-from", "date", tr.date(g.valid_from)),
            },
        })
        .collect();
    let shows_trainees = logbog_app::policy::is_approver(&a.user);
    let listed = match shows_trainees {
        true => {
            let at = logbog_app::paging::PageRequest::new(query.trainees_page, None);
            Some(logbog_app::department::approver_trainees(&state.app, &a.user, at).await?)
        }
        false => None,
    };
    // What waits comes first: the requests by trainee, the longest waiting first, and the time
    // attestations now open at the user's sites.
    let waiting = if shows_trainees {
        let today = state.app.clock.today();
        let mut rows: Vec<WaitingRow> = logbog_app::approvals::waiting_by_trainee(&state.app, &a.user)
            .await?
            .into_iter()
            .map(|w| {
                let since = w.oldest.with_timezone(&chrono_tz::Europe::Copenhagen).date_naive();
                WaitingRow {
                    href: format!("/worklist?trainee={}", w.trainee_id),
                    label: tr.tan(
                        "home-waiting-requests",
                        &[("name", w.trainee_name)],
                        &[("count", w.count as i64)],
                    ),
                    detail: tr.tn("worklist-waited", "days", (today - since).num_days()),
                }
            })
            .collect();
        // Then the trainees who leave the user's hands soon with competencies not approved: of
        // the phase they work in, or of the curriculum when none is known.
        let scope_of = |t| match listed
            .as_ref()
            .and_then(|l| l.progress.get(&t))
            .and_then(|p| p.current_phase)
        {
            Some(_) => "phase",
            None => "curriculum",
        };
        for (t, p) in listed.iter().flat_map(|l| l.closing.iter()) {
            rows.push(WaitingRow {
                href: format!("/trainees/{}/logbook?as={}", t.trainee_id, t.role.code()),
                label: tr.tan(
                    "home-waiting-closing",
                    &[
                        ("name", t.name.clone()),
                        ("date", t.until.map(|d| tr.date(d)).unwrap_or_default()),
                        ("scope", scope_of(t.trainee_id).to_owned()),
                    ],
                    &[("count", i64::from(p.total - p.approved))],
                ),
                detail: crate::dashboard::summary(tr, p),
            });
        }
        let due = logbog_app::approvals::due_time_attestations(&state.app, &a.user).await?;
        if !due.is_empty() {
            rows.insert(
                0,
                WaitingRow {
                    href: "/worklist".to_owned(),
                    label: tr.tn("home-waiting-time", "count", due.len() as i64),
                    detail: due
                        .iter()
                        .map(|d| d.trainee_name.clone())
                        .collect::<Vec<_>>()
                        .join(", "),
                },
            );
        }
        Some(rows)
    } else {
        None
    };
    let mut trainees_pager = None;
    let trainees = match &listed {
        Some(listed) => {
            trainees_pager = Some(crate::pager::Pager::named(tr, &listed.page, "/home", "trainees_page"));
            listed
                .page
                .items
                .iter()
                .map(|t| TraineeRow {
                    // Opened in the role the trainee is listed in, and audited so.
                    href: format!("/trainees/{}/logbook?as={}", t.trainee_id, t.role.code()),
                    name: t.name.clone(),
                    relation: tr.t(&format!("role-{}", t.role.code())),
                    site: t.site_name.clone(),
                    until: t.until.map(|d| tr.date(d)).unwrap_or_default(),
                    bar: listed
                        .progress
                        .get(&t.trainee_id)
                        .and_then(|p| crate::dashboard::bar_now(tr, p)),
                })
                .collect()
        }
        None => Vec::new(),
    };
    let departments = match a.user.has_role(Role::TrainingLead) {
        true => {
            let at = logbog_app::paging::PageRequest::new(query.dashboard_page, None);
            let found = logbog_app::department::departments(&state.app, &a.user, at).await?;
            crate::dashboard::views(tr, &found, state.app.clock.today())
        }
        false => Vec::new(),
    };
    let regions: Vec<PostgraduateRegion> = a
        .user
        .grants
        .iter()
        .filter(|g| g.role == Role::Secretariat)
        .filter_map(|g| g.scope_id.as_deref()?.parse().ok())
        .collect();
    let mut region_pager = None;
    let region_trainees = if a.user.has_role(Role::Secretariat) {
        let at = logbog_app::paging::PageRequest::new(query.page, None);
        let found = logbog_app::people::region_trainees(&state.app, &a.user, &query.q, at).await?;
        let path = if query.q.is_empty() {
            "/home".to_owned()
        } else {
            let q = percent_encoding::utf8_percent_encode(&query.q, percent_encoding::NON_ALPHANUMERIC);
            format!("/home?q={q}")
        };
        region_pager = Some(crate::pager::Pager::new(tr, &found, &path));
        Some(
            found
                .items
                .into_iter()
                .map(|(id, name)| (format!("/trainees/{id}/logbook"), name))
                .collect::<Vec<_>>(),
        )
    } else {
        None
    };
    let mut contacts = Vec::new();
    for region in regions {
        let (info, count) = logbog_app::people::region_overview(&state.app, region).await?;
        if let Some(r) = info {
            contacts.push(ContactRow {
                name: r.secretariat_name,
                email: r.secretariat_email,
                phone: r.secretariat_phone,
                trainees: tr.tn("home-region-trainees", "count", count),
            });
        }
    }
    Ok(render(&HomePage {
        l: Layout::new(&a.ctx),
        name: a.user.person.full_name(),
        roles,
        shows_trainees,
        trainees,
        trainees_pager,
        contacts,
        region_trainees,
        region_pager,
        query: query.q,
        led_specialties: a
            .user
            .grants
            .iter()
            .filter(|g| g.role == Role::CourseLeader)
            .filter_map(|g| g.scope_name.clone())
            .collect(),
        waiting,
        departments,
    }))
}
