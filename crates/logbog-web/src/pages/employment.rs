//! An employment and its time attestation: the trainee asks the site's training lead or tutor;
//! they approve from the employment's last month. Supervisors are refused with the rule.

use crate::AppState;
use crate::context::{Authed, PagePath};
use crate::error::{PageError, classify, message};
use crate::pages::logbook::state_parts;
use crate::templates::{EmploymentPage, Layout, ReportForm, ResetForm, render};
use axum::extract::{Query, State};
use axum::response::{IntoResponse, Redirect, Response};
use axum_extra::extract::Form;
use logbog_app::AppError;
use logbog_domain::paper::PaperState;
use logbog_domain::{CompetencyState, EmploymentId, ItemRef, PersonId, Role};
use serde::Deserialize;

#[derive(Debug, Default, Deserialize)]
pub struct EmploymentQuery {
    requested: Option<i64>,
    paper: Option<i64>,
    approved: Option<i64>,
    reset: Option<i64>,
    /// `worklist` when opened from the work list, which the page then leads back to.
    from: Option<String>,
}

/// What the time page shows besides the employment: a notice or an error, a refused reset's
/// form, and whether it was opened from the work list (which it then leads back to).
#[derive(Debug, Default)]
pub(crate) struct Shown {
    pub(crate) notice: Option<String>,
    pub(crate) error: Option<String>,
    pub(crate) reset_form: Option<ResetForm>,
    pub(crate) from_worklist: bool,
}

pub(crate) async fn page(
    state: &AppState,
    a: &Authed,
    trainee: PersonId,
    employment: EmploymentId,
    shown: Shown,
) -> Result<Response, PageError> {
    let Shown {
        notice,
        error,
        reset_form,
        from_worklist,
    } = shown;
    let v = logbog_app::time::view(&state.app, &a.user, trainee, employment, None).await?;
    let tr = &a.ctx.tr;
    let own = a.user.id() == trainee;
    let e = &v.employment;
    let status = &v.status;
    let (state_class, state_label, mut state_detail) = state_parts(tr, status);
    let lost = own && crate::pages::logbook::waits_for_nobody(status);
    if lost {
        state_detail = crate::pages::logbook::approver_lost_detail(tr, status);
    }
    let base = if own {
        format!("/logbook/employments/{employment}")
    } else {
        format!("/trainees/{trainee}/employments/{employment}")
    };
    let approved = status.state() == CompetencyState::Approved;
    // The role the viewer would approve in: the one held for the employment's site, whatever
    // role the page was opened in (a training lead who also supervises approves as lead).
    let staff = !own
        && [Role::Supervisor, Role::TrainingLead, Role::Tutor]
            .iter()
            .any(|r| a.user.has_role(*r));
    let deciding = if staff {
        match logbog_app::time::approving_role(&state.app, &a.user, trainee, e).await {
            Ok(d) => Some(d),
            // Viewing in another role (the secretariat's) without one that decides time.
            Err(AppError::Forbidden) => None,
            Err(e) => return Err(e.into()),
        }
    } else {
        None
    };
    let approver_role = matches!(deciding, Some((Role::TrainingLead | Role::Tutor, Ok(()))));
    let open = v.today >= v.opens_on;
    let waiting_paper = v.papers.iter().find(|p| p.state == PaperState::Waiting);
    let page = EmploymentPage {
        l: Layout::new(&a.ctx),
        own,
        back_href: if own {
            "/logbook".to_owned()
        } else if from_worklist {
            "/worklist".to_owned()
        } else {
            format!("/trainees/{trainee}/logbook")
        },
        back_label: tr.t(if from_worklist && !own {
            "employment-back-worklist"
        } else {
            "employment-back"
        }),
        approve_back: (from_worklist && !own).then(|| "/worklist".to_owned()),
        trainee_name: v.trainee.full_name(),
        site: match &e.hospital_name {
            Some(h) => format!("{}, {h}", e.site_name),
            None => e.site_name.clone(),
        },
        title: e.title.clone(),
        period: format!("{} – {}", tr.date(e.start_date), tr.date(e.end_date)),
        percent: format!("{} %", e.working_percent.get()),
        leaves: v
            .leaves
            .iter()
            .map(|l| {
                format!(
                    "{} {} – {}",
                    tr.t(&format!("leave-{}", l.kind.code())),
                    tr.date(l.start_date),
                    tr.date(l.end_date)
                )
            })
            .collect(),
        opens: if approved {
            String::new()
        } else if open {
            tr.t1("time-open-now", "date", tr.date(v.opens_on))
        } else {
            tr.t1("time-opens", "date", tr.date(v.opens_on))
        },
        state_class,
        state_label,
        state_detail,
        request: (own && status.reportable()).then(|| ReportForm {
            approvers: v
                .approvers
                .iter()
                .map(|(p, name, role)| {
                    (
                        p.to_string(),
                        format!("{name} – {}", tr.t(&format!("role-{}", role.code()))),
                    )
                })
                .collect(),
            back: base.clone(),
            message: String::new(),
            card: None,
            error: None,
        }),
        withdraw: if own {
            status.pending.as_ref().map(|p| p.request_id.to_string())
        } else {
            None
        },
        approve_action: (approver_role && open && !approved).then(|| format!("{base}/approve")),
        approve_label: match deciding {
            Some((role, _)) => tr.t1(
                "time-approve-as",
                "role",
                tr.t(&format!("role-{}", role.code())).to_lowercase(),
            ),
            None => tr.t("time-approve"),
        },
        supervisor_note: (matches!(deciding, Some((Role::Supervisor, Err(_)))) && !approved)
            .then(|| tr.t("denied-supervisor-never-approves-time")),
        notice,
        // A refused reset whose form is no longer shown (reset meanwhile) still says why.
        error: error.or_else(|| {
            (status.state() != CompetencyState::Approved)
                .then(|| reset_form.as_ref().and_then(|f| f.error.clone()))
                .flatten()
        }),
        reset: (v.viewed_as == Role::Secretariat && status.state() == CompetencyState::Approved).then(|| {
            let mut f = reset_form.unwrap_or_default();
            f.action = format!("/trainees/{trainee}/employments/{employment}/reset");
            f
        }),
        papers: crate::pages::paper::paper_rows(tr, &v.papers),
        paper_upload: (own && !approved && waiting_paper.is_none() && status.pending.is_none())
            .then(|| crate::pages::paper::paper_upload(tr, trainee, employment)),
        paper_decide: waiting_paper
            .filter(|_| v.viewed_as == Role::Secretariat && !approved)
            .map(|p| format!("/paper-attestations/{}", p.document_id)),
        paper_verify: waiting_paper.is_some() && !own && approver_role && !approved,
        history: crate::pages::competency::history_rows(tr, &v.history),
        back: base,
    };
    Ok(render(&page))
}

pub async fn own_employment(
    State(state): State<AppState>,
    a: Authed,
    PagePath(employment): PagePath<EmploymentId>,
    Query(q): Query<EmploymentQuery>,
) -> Result<Response, PageError> {
    let notice = match (q.requested, q.paper) {
        (Some(_), _) => Some(a.ctx.tr.t("time-requested")),
        (_, Some(_)) => Some(a.ctx.tr.t("paper-submitted")),
        _ => None,
    };
    page(
        &state,
        &a,
        a.user.id(),
        employment,
        Shown {
            notice,
            ..Shown::default()
        },
    )
    .await
}

pub async fn trainee_employment(
    State(state): State<AppState>,
    a: Authed,
    PagePath((trainee, employment)): PagePath<(PersonId, EmploymentId)>,
    Query(q): Query<EmploymentQuery>,
) -> Result<Response, PageError> {
    let notice = match (q.approved, q.reset) {
        (Some(_), _) => Some(a.ctx.tr.t("time-approved")),
        (_, Some(_)) => Some(a.ctx.tr.t("reset-done")),
        _ => None,
    };
    let from_worklist = q.from.as_deref() == Some("worklist");
    let shown = Shown {
        notice,
        from_worklist,
        ..Shown::default()
    };
    page(&state, &a, trainee, employment, shown).await
}

#[derive(Debug, Deserialize)]
pub struct RequestData {
    #[serde(default)]
    approver: String,
    #[serde(default)]
    message: String,
}

pub async fn request(
    State(state): State<AppState>,
    a: Authed,
    PagePath(employment): PagePath<EmploymentId>,
    Form(f): Form<RequestData>,
) -> Result<Response, PageError> {
    if f.approver.trim().is_empty() {
        return Err(PageError(AppError::Invalid {
            field: "approver",
            problem: logbog_app::Problem::ChooseAnApprover,
        }));
    }
    let approver: PersonId = super::form_id(&f.approver, "approver")?;
    logbog_app::time::request(&state.app, &a.user, employment, approver, &f.message).await?;
    Ok(Redirect::to(&format!("/logbook/employments/{employment}?requested=1")).into_response())
}

#[derive(Debug, Deserialize)]
pub struct ApproveData {
    #[serde(default)]
    comment: String,
    /// `/worklist` when approved from the work list, which it then goes back to.
    #[serde(default)]
    back: String,
}

/// Approve the time from the employment's page; a refusal is shown on the page with the reason.
pub async fn approve(
    State(state): State<AppState>,
    a: Authed,
    PagePath((trainee, employment)): PagePath<(PersonId, EmploymentId)>,
    Form(f): Form<ApproveData>,
) -> Result<Response, PageError> {
    match logbog_app::time::approve(&state.app, &a.user, trainee, employment, &f.comment).await {
        Ok(()) if f.back == "/worklist" => Ok(Redirect::to("/worklist?time_approved=1").into_response()),
        Ok(()) => Ok(Redirect::to(&format!("/trainees/{trainee}/employments/{employment}?approved=1")).into_response()),
        Err(e @ AppError::Denied(_)) => {
            let shown = Shown {
                error: Some(message(&a.ctx.tr, &e)),
                from_worklist: f.back == "/worklist",
                ..Shown::default()
            };
            let mut response = page(&state, &a, trainee, employment, shown).await?;
            *response.status_mut() = classify(&e).0;
            Ok(response)
        }
        Err(e) => Err(PageError(e)),
    }
}

/// The secretariat resets the approved time attestation; a refusal shows the form again with
/// what was typed.
pub async fn reset(
    State(state): State<AppState>,
    a: Authed,
    PagePath((trainee, employment)): PagePath<(PersonId, EmploymentId)>,
    Form(f): Form<crate::pages::competency::ResetData>,
) -> Result<Response, PageError> {
    let result = logbog_app::approvals::reset(
        &state.app,
        &a.user,
        trainee,
        ItemRef::TimeAttestation(employment),
        &f.reference,
        &f.reason,
    )
    .await;
    match result {
        Ok(()) => Ok(Redirect::to(&format!("/trainees/{trainee}/employments/{employment}?reset=1")).into_response()),
        Err(e @ (AppError::Denied(_) | AppError::Invalid { .. })) if a.user.has_role(Role::Secretariat) => {
            let form = ResetForm {
                action: String::new(),
                reference: f.reference,
                reason: f.reason,
                error: Some(message(&a.ctx.tr, &e)),
            };
            let mut response = page(
                &state,
                &a,
                trainee,
                employment,
                Shown {
                    reset_form: Some(form),
                    ..Shown::default()
                },
            )
            .await?;
            *response.status_mut() = classify(&e).0;
            Ok(response)
        }
        Err(e) => Err(PageError(e)),
    }
}
