//! The approver's work list: everything waiting, oldest first, grouped by trainee; approve the
//! selected items of one trainee stating the basis, or return one with a comment.

use crate::AppState;
use crate::context::{Authed, PagePath};
use crate::error::PageError;
use crate::templates::{Layout, WorkGroup, WorkListPage, WorkRow, render};
use axum::extract::{Query, State};
use axum::response::{IntoResponse, Redirect, Response};
use axum_extra::extract::Form;
use logbog_app::AppError;
use logbog_domain::{ApprovalRequestId, AssessmentMethod, ItemKind};
use serde::Deserialize;

#[derive(Debug, Default, Deserialize)]
pub struct WorkListQuery {
    approved: Option<i64>,
    returned: Option<i64>,
}

pub async fn work_list(
    State(state): State<AppState>,
    a: Authed,
    Query(q): Query<WorkListQuery>,
) -> Result<Response, PageError> {
    let items = logbog_app::approvals::work_list(&state.app, &a.user).await?;
    let tr = &a.ctx.tr;
    let today = state.app.clock.today();
    let total = items.len();
    let mut groups: Vec<WorkGroup> = Vec::new();
    for item in items {
        // Whole calendar days in Denmark, as people count them.
        let requested_on = item
            .requested_at
            .with_timezone(&chrono_tz::Europe::Copenhagen)
            .date_naive();
        let waited_days = (today - requested_on).num_days();
        let row = WorkRow {
            request_id: item.request_id.to_string(),
            code: item.code.clone(),
            title: tr.pick(&item.title_da, &item.title_en).to_owned(),
            href: match item.item_kind {
                ItemKind::TimeAttestation => format!("/trainees/{}/employments/{}", item.trainee_id, item.item_id),
                _ => format!("/trainees/{}/competencies/{}", item.trainee_id, item.item_id),
            },
            requested: tr.t1("worklist-requested", "date", tr.instant_date(item.requested_at)),
            waited: tr.tn("worklist-waited", "days", waited_days),
            message: item.message.clone(),
            role: tr.t1(
                "worklist-as",
                "role",
                tr.t(&format!("role-{}", item.approver_role.code())),
            ),
        };
        let methods: Vec<(String, String)> = item
            .assessment_methods
            .iter()
            .map(|m| (m.code().to_owned(), tr.t(&format!("assessment-{}", m.code()))))
            .collect();
        match groups.iter_mut().find(|g| g.anchor == format!("t-{}", item.trainee_id)) {
            Some(g) => {
                g.rows.push(row);
                for m in methods {
                    if !g.methods.contains(&m) {
                        g.methods.push(m);
                    }
                }
            }
            None => groups.push(WorkGroup {
                trainee_name: item.trainee_name.clone(),
                anchor: format!("t-{}", item.trainee_id),
                rows: vec![row],
                methods,
            }),
        }
    }
    let notice = match (q.approved, q.returned) {
        (Some(n), _) => Some(tr.tn("worklist-approved-notice", "count", n)),
        (_, Some(_)) => Some(tr.t("worklist-returned-notice")),
        _ => None,
    };
    let summary = tr.tn("worklist-summary", "count", total as i64);
    Ok(render(&WorkListPage {
        l: Layout::new(&a.ctx),
        groups,
        notice,
        summary,
    }))
}

#[derive(Debug, Deserialize)]
pub struct ApproveForm {
    #[serde(default)]
    request: Vec<String>,
    #[serde(default)]
    method: String,
    #[serde(default)]
    comment: String,
}

pub async fn approve(
    State(state): State<AppState>,
    a: Authed,
    Form(f): Form<ApproveForm>,
) -> Result<Response, PageError> {
    let requests: Vec<ApprovalRequestId> =
        f.request
            .iter()
            .map(|r| r.parse())
            .collect::<Result<_, _>>()
            .map_err(|_| AppError::Invalid {
                field: "request",
                message: "not a valid id".into(),
            })?;
    let method = match f.method.as_str() {
        "" => None,
        m => Some(m.parse::<AssessmentMethod>().map_err(|_| AppError::Invalid {
            field: "method",
            message: "unknown method".into(),
        })?),
    };
    let n = logbog_app::approvals::approve(&state.app, &a.user, &requests, method, &f.comment).await?;
    Ok(Redirect::to(&format!("/worklist?approved={n}")).into_response())
}

#[derive(Debug, Deserialize)]
pub struct ReturnForm {
    #[serde(default)]
    comment: String,
}

pub async fn return_request(
    State(state): State<AppState>,
    a: Authed,
    PagePath(request): PagePath<ApprovalRequestId>,
    Form(f): Form<ReturnForm>,
) -> Result<Response, PageError> {
    logbog_app::approvals::return_request(&state.app, &a.user, request, &f.comment).await?;
    Ok(Redirect::to("/worklist?returned=1").into_response())
}
