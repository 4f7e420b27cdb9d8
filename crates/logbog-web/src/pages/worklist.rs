//! The approver's work list: everything waiting, oldest first, grouped by trainee; approve the
//! selected items of one trainee stating the basis, or return one with a comment.

use crate::AppState;
use crate::context::{Authed, PagePath};
use crate::error::{PageError, classify, message};
use crate::pager::Pager;
use crate::templates::{Layout, MethodOption, WorkGroup, WorkListPage, WorkRow, render};
use axum::extract::{Query, State};
use axum::response::{IntoResponse, Redirect, Response};
use axum_extra::extract::Form;
use logbog_app::AppError;
use logbog_app::paging::PageRequest;
use logbog_domain::{ApprovalRequestId, AssessmentMethod, ItemRef};
use serde::Deserialize;

#[derive(Debug, Default, Deserialize)]
pub struct WorkListQuery {
    approved: Option<i64>,
    returned: Option<i64>,
    page: Option<u32>,
    /// Only this trainee's requests (where a notification leads).
    trainee: Option<String>,
    /// The item a notification is about (its id): ticked already with the rest of its report,
    /// so approving them is one press.
    item: Option<String>,
    time_approved: Option<i64>,
    /// The requests just approved, comma-separated: the confirmation names them.
    done: Option<String>,
}

pub async fn work_list(
    State(state): State<AppState>,
    a: Authed,
    Query(q): Query<WorkListQuery>,
) -> Result<Response, PageError> {
    let tr = &a.ctx.tr;
    let named = match q.done.as_deref() {
        Some(done) if q.approved.is_some() => {
            let ids: Vec<ApprovalRequestId> = done.split(',').filter_map(|i| i.parse().ok()).collect();
            logbog_app::approvals::just_approved(&state.app, &a.user, &ids).await?
        }
        _ => None,
    };
    let notice = match (q.approved, q.returned, q.time_approved) {
        (Some(_), _, _) if named.is_some() => named.map(|(name, items)| {
            tr.tan(
                "worklist-approved-named",
                &[("name", name), ("items", items.join(", "))],
                &[("count", items.len() as i64)],
            )
        }),
        (Some(n), _, _) => Some(tr.tn("worklist-approved-notice", "count", n)),
        (_, Some(_), _) => Some(tr.t("worklist-returned-notice")),
        (_, _, Some(_)) => Some(tr.t("worklist-time-approved-notice")),
        _ => None,
    };
    let at = PageRequest::new(q.page, None);
    let only = match q.trainee.as_deref() {
        None | Some("") => None,
        Some(t) => Some(t.parse().map_err(|_| AppError::NotFound("trainee"))?),
    };
    let item = q.item.as_deref().filter(|_| only.is_some());
    page(&state, &a, at, only, item, notice, None).await
}

/// What an approver chose in a form that failed: shown again with the reason, by the field it
/// concerns.
struct Chosen<'a> {
    form: &'a ApproveForm,
    error: String,
    /// The field the reason concerns, and the competency (by code) whose basis it is about.
    field: Option<&'static str>,
    code: Option<String>,
}

impl<'a> Chosen<'a> {
    fn of(tr: &crate::i18n::Tr, form: &'a ApproveForm, e: &AppError) -> Self {
        use logbog_app::Problem;
        match e {
            AppError::Invalid { field, problem } => {
                let code = match problem {
                    Problem::MethodRequired { competency } | Problem::MethodNotNamed { competency, .. } => {
                        Some(competency.clone())
                    }
                    _ => None,
                };
                // By the field, the problem alone says it, as a sentence.
                let error = match problem {
                    Problem::ChooseAtLeastOne => tr.t("worklist-choose-one"),
                    _ => sentence(&crate::error::problem_text(tr, problem)),
                };
                Chosen {
                    form,
                    error,
                    field: Some(field),
                    code,
                }
            }
            _ => Chosen {
                form,
                error: message(tr, e),
                field: None,
                code: None,
            },
        }
    }
}

/// The text with its first letter in capitals.
fn sentence(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

async fn page(
    state: &AppState,
    a: &Authed,
    at: PageRequest,
    only: Option<logbog_domain::PersonId>,
    preticked: Option<&str>,
    notice: Option<String>,
    chosen: Option<Chosen<'_>>,
) -> Result<Response, PageError> {
    let list = logbog_app::approvals::work_list_page(&state.app, &a.user, at, only).await?;
    let tr = &a.ctx.tr;
    let today = state.app.clock.today();
    let total = list.total;
    let base = match only {
        Some(t) => format!("/worklist?trainee={t}"),
        None => "/worklist".to_owned(),
    };
    let pager = Pager::new(tr, &list, &base);
    let number = list.number();
    let ticked: Vec<String> = chosen.as_ref().map(|c| c.form.requests()).unwrap_or_default();
    let methods_chosen = chosen.as_ref().map(|c| c.form.methods()).unwrap_or_default();
    // Each label is translated once per page, not once per item.
    let method_labels: Vec<(AssessmentMethod, String)> = AssessmentMethod::ALL
        .iter()
        .map(|m| (*m, tr.t(&format!("assessment-{}", m.code()))))
        .collect();
    let label_of = |m: AssessmentMethod| {
        method_labels
            .iter()
            .find(|(x, _)| *x == m)
            .map(|(_, l)| l.clone())
            .unwrap_or_default()
    };
    let mut acting_as: Vec<(logbog_domain::Role, String)> = Vec::new();
    let mut groups: Vec<WorkGroup> = Vec::new();
    // The item a notification is about is ticked already, and with it the others of the same
    // report (made at the same moment to the same approver).
    let report_of_preticked = preticked.and_then(|p| {
        list.items
            .iter()
            .find(|w| w.request.item.id_text() == p)
            .map(|w| (w.request.trainee_id, w.request.requested_at))
    });
    for w in list.items {
        let item = &w.request;
        // Whole calendar days in Denmark, as people count them.
        let requested_on = item
            .requested_at
            .with_timezone(&chrono_tz::Europe::Copenhagen)
            .date_naive();
        let waited_days = (today - requested_on).num_days();
        let request_id = item.id.to_string();
        let chosen_method = methods_chosen.get(&item.id).copied().flatten();
        let row = WorkRow {
            checked: ticked.contains(&request_id)
                || (chosen.is_none() && report_of_preticked == Some((item.trainee_id, item.requested_at))),
            code: w.code.clone(),
            title: tr.pick(&w.title_da, &w.title_en).to_owned(),
            href: match item.item {
                ItemRef::TimeAttestation(e) => {
                    format!("/trainees/{}/employments/{e}?from=worklist", item.trainee_id)
                }
                ItemRef::Competency(c) => format!("/trainees/{}/competencies/{c}", item.trainee_id),
            },
            requested: tr.t1("worklist-requested", "date", tr.instant_date(item.requested_at)),
            waited: tr.tn("worklist-waited", "days", waited_days),
            message: item.message.clone(),
            card: w
                .card
                .as_ref()
                .map(|(id, name)| (format!("/documents/{id}"), name.clone())),
            card_confirmed: w
                .card_confirmation
                .as_ref()
                .map(|c| crate::pages::cards::confirmation_text(tr, c)),
            error: None,
            role: match acting_as.iter().find(|(r, _)| *r == item.approver_role) {
                Some((_, label)) => label.clone(),
                None => {
                    let label = tr.t1(
                        "worklist-as",
                        "role",
                        tr.t(&format!("role-{}", item.approver_role.code())),
                    );
                    acting_as.push((item.approver_role, label.clone()));
                    label
                }
            },
            // The basis of this item: the methods its curriculum names; a single one is chosen
            // already, so that ticking and approving are the only steps.
            // A curriculum that names no method leaves the choice among all of them.
            methods: match item.item {
                ItemRef::Competency(_) => {
                    let named: &[AssessmentMethod] = if w.assessment_methods.is_empty() {
                        AssessmentMethod::ALL
                    } else {
                        &w.assessment_methods
                    };
                    named
                        .iter()
                        .map(|m| MethodOption {
                            value: format!("{request_id}:{}", m.code()),
                            label: label_of(*m),
                            selected: chosen_method == Some(*m) || named.len() == 1,
                        })
                        .collect()
                }
                ItemRef::TimeAttestation(_) => Vec::new(),
            },
            request_id,
        };
        let anchor = format!("t-{}", item.trainee_id);
        match groups.iter_mut().find(|g| g.anchor == anchor) {
            Some(g) => g.rows.push(row),
            None => groups.push(WorkGroup {
                trainee_name: item.trainee_name.clone(),
                error: None,
                comment_error: None,
                comment: String::new(),
                anchor,
                rows: vec![row],
            }),
        }
    }
    // The reason and the comment go back to the trainee whose items were ticked, or on top of
    // the page when none was.
    // The reason stands by the field it concerns: a basis by its select, the comment by the
    // comment, anything else by the approve button.
    let mut error = None;
    if let Some(c) = &chosen {
        let at = match groups.iter().position(|g| g.rows.iter().any(|r| r.checked)) {
            Some(i) => Some(i),
            None => groups.iter().position(|g| g.anchor == c.form.group),
        };
        match at.and_then(|i| groups.get_mut(i)) {
            Some(g) => {
                g.comment = c.form.comment.clone();
                let row = match (c.field, &c.code) {
                    (Some("method"), Some(code)) => g.rows.iter_mut().find(|r| r.checked && r.code == *code),
                    _ => None,
                };
                match (row, c.field) {
                    (Some(r), _) => r.error = Some(c.error.clone()),
                    (None, Some("comment")) => g.comment_error = Some(c.error.clone()),
                    (None, _) => g.error = Some(c.error.clone()),
                }
            }
            None => error = Some(c.error.clone()),
        }
    }
    let summary = tr.tn("worklist-summary", "count", total as i64);
    // The navigation's count says what this list says, even where the count it was given was
    // reused from before a change made elsewhere.
    let due: Vec<_> = logbog_app::approvals::due_time_attestations(&state.app, &a.user)
        .await?
        .into_iter()
        .filter(|d| only.is_none_or(|t| t == d.trainee_id))
        .map(|d| {
            let base = format!("/trainees/{}/employments/{}", d.trainee_id, d.employment_id);
            crate::templates::DueRow {
                approve_label: tr.ta(
                    "worklist-due-approve-named",
                    &[("name", d.trainee_name.clone()), ("site", d.site_name.clone())],
                ),
                trainee_name: d.trainee_name,
                site: d.site_name,
                period: format!("{} – {}", tr.date(d.start_date), tr.date(d.end_date)),
                opens: tr.t1("worklist-due-opened", "date", tr.date(d.opens_on)),
                action: format!("{base}/approve"),
                href: format!("{base}?from=worklist"),
            }
        })
        .collect();
    let mut ctx = a.ctx.clone();
    if only.is_none() {
        ctx.waiting = Some(total as i64 + due.len() as i64);
    }
    let only = only.map(|_| match groups.first() {
        Some(g) => tr.t1("worklist-only", "name", &g.trainee_name),
        None => tr.t("worklist-only-done"),
    });
    Ok(render(&WorkListPage {
        l: Layout::new(&ctx),
        groups,
        notice,
        error,
        summary,
        pager,
        page: number,
        only,
        due,
    }))
}

#[derive(Debug, Deserialize)]
pub struct ApproveForm {
    #[serde(default)]
    request: Vec<String>,
    /// One per competency of several methods: "<request id>:<method code>", or empty while
    /// not chosen. Choosing one ticks its item.
    #[serde(default)]
    method: Vec<String>,
    /// One per competency whose curriculum names a single method: chosen already, it counts
    /// only for a ticked item.
    #[serde(default)]
    method_default: Vec<String>,
    #[serde(default)]
    comment: String,
    /// The page of the work list the form was on, to come back to.
    page: Option<u32>,
    /// The trainee's card the form was in (its anchor), where a reason that concerns no
    /// ticked item is shown.
    #[serde(default)]
    group: String,
}

impl ApproveForm {
    /// The method chosen for each request (`None`: a value that names no method).
    fn methods(&self) -> std::collections::HashMap<ApprovalRequestId, Option<AssessmentMethod>> {
        self.method_default
            .iter()
            .chain(&self.method)
            .filter_map(|v| v.split_once(':'))
            .filter_map(|(r, m)| Some((r.parse().ok()?, m.parse().ok())))
            .collect()
    }

    /// The items to approve: those ticked, and those whose basis was chosen (choosing a basis
    /// ticks its item, with or without the page's script).
    fn requests(&self) -> Vec<String> {
        let mut out: Vec<String> = Vec::new();
        let chosen = self
            .method
            .iter()
            .filter_map(|v| v.split_once(':'))
            .filter(|(_, m)| !m.is_empty())
            .map(|(r, _)| r);
        for r in self.request.iter().map(String::as_str).chain(chosen) {
            if !out.iter().any(|o| o == r) {
                out.push(r.to_owned());
            }
        }
        out
    }
}

pub async fn approve(
    State(state): State<AppState>,
    a: Authed,
    Form(f): Form<ApproveForm>,
) -> Result<Response, PageError> {
    let methods = f.methods();
    let decisions: Result<Vec<_>, AppError> = f
        .requests()
        .iter()
        .map(|r| {
            let id: ApprovalRequestId = r.parse().map_err(|_| AppError::Invalid {
                field: "request",
                problem: logbog_app::Problem::NotAnId,
            })?;
            Ok((id, methods.get(&id).copied().flatten()))
        })
        .collect();
    let done: Vec<String> = decisions
        .as_ref()
        .map(|d| d.iter().map(|(id, _)| id.to_string()).collect())
        .unwrap_or_default();
    let result = match decisions {
        Ok(d) => logbog_app::approvals::approve_each(&state.app, &a.user, &d, &f.comment).await,
        Err(e) => Err(e),
    };
    match result {
        Ok(n) => Ok(Redirect::to(&format!(
            "/worklist?approved={n}&page={}&done={}",
            f.page.unwrap_or(1),
            done.join(",")
        ))
        .into_response()),
        // Show the work list again with the reason, keeping what was ticked, chosen and written.
        Err(e @ (AppError::Invalid { .. } | AppError::Denied(_) | AppError::RequestDecided)) => {
            let chosen = Chosen::of(&a.ctx.tr, &f, &e);
            let at = PageRequest::new(f.page, None);
            let mut response = page(&state, &a, at, None, None, None, Some(chosen)).await?;
            *response.status_mut() = classify(&e).0;
            Ok(response)
        }
        Err(e) => Err(PageError(e)),
    }
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
