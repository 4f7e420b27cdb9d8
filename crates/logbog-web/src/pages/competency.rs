//! A competency's page: its description, state and history, the trainee's filled cards and
//! notes on it; for the trainee the report form (with the card to attach), for the secretariat
//! the reset form.

use crate::AppState;
use crate::context::{Authed, PagePath};
use crate::error::{PageError, classify, message};
use crate::pages::cards::{CARD_FIELDS, replaces_of};
use crate::pages::documents::with_flag;
use crate::pages::logbook::{approver_lost_detail, approver_options, state_parts, waits_for_nobody};
use crate::templates::{CompetencyPage, HistoryRow, Layout, ReportForm, ResetForm, render};
use axum::extract::{Query, Request, State};
use axum::response::{IntoResponse, Redirect, Response};
use logbog_app::AppError;
use logbog_app::documents::UploadTarget;
use logbog_app::logbook::view_competency;
use logbog_db::approvals::HistoryKind;
use logbog_domain::{CompetencyId, CompetencyState, PersonId};
use serde::Deserialize;

/// The approve and return forms for the approver the competency's request waits for, while
/// they may decide it.
fn decide_form(
    tr: &crate::i18n::Tr,
    user: &logbog_app::people::CurrentUser,
    v: &logbog_app::logbook::CompetencyView,
    today: chrono::NaiveDate,
) -> Option<crate::templates::DecideForm> {
    let p = v.status.pending.as_ref()?;
    if p.approver_id != user.id() || !p.approver_may_decide || v.trainee.id == user.id() {
        return None;
    }
    let request = p.request_id.to_string();
    let c = &v.competency;
    let named = &c.assessment_methods;
    let since = p.since.with_timezone(&chrono_tz::Europe::Copenhagen).date_naive();
    Some(crate::templates::DecideForm {
        // When, how long, and in which role the request asks the approver to decide.
        waiting: format!(
            "{} · {} · {}",
            tr.t1("worklist-requested", "date", tr.instant_date(p.since)),
            tr.tn("worklist-waited", "days", (today - since).num_days()),
            tr.t1("worklist-as", "role", tr.t(&format!("role-{}", p.approver_role.code())))
        ),
        methods: named
            .iter()
            .map(|m| crate::templates::MethodOption {
                value: format!("{request}:{}", m.code()),
                label: tr.t(&format!("assessment-{}", m.code())),
                selected: named.len() == 1,
            })
            .collect(),
        code: c.code.clone(),
        request,
    })
}

/// An item's history as its page shows it: when, what, who (in which role), the text.
pub fn history_rows(tr: &crate::i18n::Tr, history: &[logbog_db::approvals::HistoryEntry]) -> Vec<HistoryRow> {
    history
        .iter()
        .map(|h| HistoryRow {
            date: tr.instant_date(h.at),
            what: tr.t(match h.kind {
                HistoryKind::Requested => "history-requested",
                HistoryKind::Approved => "history-approved",
                HistoryKind::Returned => "history-returned",
                HistoryKind::Withdrawn => "history-withdrawn",
                HistoryKind::Reset => "history-reset",
            }),
            who: match h.role {
                Some(r) => format!("{} ({})", h.person_name, tr.t(&format!("role-{}", r.code()))),
                None => h.person_name.clone(),
            },
            text: h.text.clone(),
        })
        .collect()
}

/// What a competency page shows besides the competency: the secretariat's reset form (when it
/// applies), a notice, and the errors of a refused card upload or report with what was typed.
#[derive(Debug, Default)]
pub struct CompetencyExtras {
    pub reset_form: Option<ResetForm>,
    pub notice: Option<String>,
    pub card_error: Option<String>,
    /// A refused report: why, and the message the trainee wrote.
    pub report_error: Option<(String, String)>,
    /// Just reported ready (how many): the confirmation names it and to whom.
    pub reported: Option<i64>,
}

/// The competency page, with the secretariat's reset form (when it applies) and a notice.
pub async fn competency(
    state: &AppState,
    a: &Authed,
    trainee: PersonId,
    competency: CompetencyId,
    extras: CompetencyExtras,
) -> Result<Response, PageError> {
    let CompetencyExtras {
        reset_form,
        notice,
        card_error,
        report_error,
        reported,
    } = extras;
    let v = view_competency(&state.app, &a.user, trainee, competency, None).await?;
    let tr = &a.ctx.tr;
    let notice = notice.or_else(|| {
        reported.map(|n| match &v.status.pending {
            Some(p) => tr.tan(
                "report-done-named",
                &[
                    ("items", v.competency.code.clone()),
                    ("name", p.approver_name.clone()),
                    ("role", tr.t(&format!("role-{}", p.approver_role.code())).to_lowercase()),
                ],
                &[("count", 1)],
            ),
            None => tr.tn("report-done", "count", n),
        })
    });
    let own = a.user.id() == trainee;
    let back = format!("/logbook/competencies/{competency}");
    let report = if own && v.status.reportable() {
        let approvers =
            logbog_app::approvals::approvers_of(&state.app, &a.user, Some(v.competency.curriculum_version_id)).await?;
        let (error, message) = report_error.unzip();
        Some(ReportForm {
            approvers: approver_options(tr, &approvers),
            back: back.clone(),
            message: message.unwrap_or_default(),
            card: v.cards.last().map(|c| c.current.file_name.clone()),
            error,
        })
    } else {
        None
    };
    let withdraw = if own {
        v.status.pending.as_ref().map(|p| p.request_id.to_string())
    } else {
        None
    };
    let (state_class, state_label, mut state_detail) = state_parts(tr, &v.status);
    if own && waits_for_nobody(&v.status) {
        state_detail = approver_lost_detail(tr, &v.status);
    }
    let c = &v.competency;
    let page = CompetencyPage {
        l: Layout::new(&a.ctx),
        acting_as: (!own).then(|| crate::pages::logbook::acting_as_text(tr, "competency-viewing-as", v.viewed_as)),
        back_href: if own {
            format!("/logbook?phase={}", c.phase_id)
        } else {
            format!("/trainees/{trainee}/logbook?phase={}", c.phase_id)
        },
        trainee_name: v.trainee.full_name(),
        own,
        code: c.code.clone(),
        title: tr.pick(&c.title_da, &c.title_en).to_owned(),
        phase: tr.pick(&v.phase.name_da, &v.phase.name_en).to_owned(),
        description: tr.pick(&c.description_da, &c.description_en).to_owned(),
        doctor_roles: c
            .doctor_roles
            .iter()
            .map(|r| tr.t(&format!("doctor-role-{}", r.code())))
            .collect(),
        learning_methods: match tr.lang {
            crate::i18n::Lang::Da => c.learning_methods_da.clone(),
            crate::i18n::Lang::En => c.learning_methods_en.clone(),
        },
        assessment_methods: c
            .assessment_methods
            .iter()
            .map(|m| tr.t(&format!("assessment-{}", m.code())))
            .collect(),
        card: c.competency_card.clone(),
        cards: crate::pages::cards::card_section(tr, &v, own, card_error),
        notes: crate::pages::notes::note_list(tr, &v.notes, trainee, own, &back),
        note_form: own.then(|| crate::pages::notes::competency_note_form(c.id, state.app.clock.today(), &back)),
        notes_href: if own {
            "/logbook/notes".to_owned()
        } else {
            format!("/trainees/{trainee}/notes")
        },
        state_class,
        state_label,
        state_detail,
        history: crate::pages::competency::history_rows(tr, &v.history),
        id: competency.to_string(),
        report,
        withdraw,
        back,
        // A refused reset whose form is no longer shown (reset meanwhile) still says why.
        error: (v.status.state() != CompetencyState::Approved)
            .then(|| reset_form.as_ref().and_then(|f| f.error.clone()))
            .flatten(),
        decide: decide_form(tr, &a.user, &v, state.app.clock.today()),
        reset: (v.viewed_as == logbog_domain::Role::Secretariat && v.status.state() == CompetencyState::Approved).then(
            || {
                let mut f = reset_form.unwrap_or_default();
                f.action = format!("/trainees/{trainee}/competencies/{competency}/reset");
                f
            },
        ),
        notice,
    };
    Ok(render(&page))
}

pub async fn own_competency(
    State(state): State<AppState>,
    a: Authed,
    PagePath(c): PagePath<CompetencyId>,
    Query(q): Query<NoticeQuery>,
) -> Result<Response, PageError> {
    let tr = &a.ctx.tr;
    let notice = match (q.uploaded, q.deleted) {
        (Some(_), _) => Some(tr.t("card-uploaded")),
        (_, Some(_)) => Some(tr.t("document-deleted")),
        _ => None,
    };
    competency(
        &state,
        &a,
        a.user.id(),
        c,
        CompetencyExtras {
            notice,
            reported: q.reported,
            ..Default::default()
        },
    )
    .await
}

pub async fn trainee_competency(
    State(state): State<AppState>,
    a: Authed,
    PagePath((trainee, c)): PagePath<(PersonId, CompetencyId)>,
    Query(q): Query<NoticeQuery>,
) -> Result<Response, PageError> {
    let tr = &a.ctx.tr;
    let notice = match (q.reset, q.confirmed) {
        (Some(_), _) => Some(tr.t("reset-done")),
        (_, Some(_)) => Some(tr.t("card-confirmed-done")),
        _ => None,
    };
    competency(
        &state,
        &a,
        trainee,
        c,
        CompetencyExtras {
            notice,
            ..Default::default()
        },
    )
    .await
}

/// Notices after a form on the competency page.
#[derive(Debug, Default, Deserialize)]
pub struct NoticeQuery {
    reset: Option<i64>,
    uploaded: Option<i64>,
    deleted: Option<i64>,
    confirmed: Option<i64>,
    reported: Option<i64>,
}

/// The text fields of the competency page's report form.
const REPORT_FIELDS: &[&str] = &["approver", "message"];

/// `POST /logbook/competencies/{competency}/report` (`multipart/form-data`): the trainee
/// reports the competency ready from its page, with the filled card attached when she chooses
/// one. A refused report shows the page again with why and what she wrote; nothing of it is
/// kept, the chosen file neither.
pub async fn report(
    State(state): State<AppState>,
    a: Authed,
    PagePath(c): PagePath<CompetencyId>,
    request: Request,
) -> Result<Response, PageError> {
    let me = a.user.id();
    let target = UploadTarget::CompetencyCard {
        trainee: me,
        competency: c,
    };
    let mut message = String::new();
    let outcome = match crate::upload::read_optional(&state, &a.user, target, REPORT_FIELDS, request).await {
        Ok((fields, file)) => {
            let field = |n: &str| fields.get(n).map_or("", |v| v.trim()).to_owned();
            message = field("message");
            let approver = crate::pages::requests::parse_approver(&field("approver"));
            logbog_app::documents::report_with_card(&state.app, &a.user, c, approver, &message, file).await
        }
        Err(e) => Err(e),
    };
    match outcome {
        Ok(n) => Ok(Redirect::to(&format!("/logbook/competencies/{c}?reported={n}#report-done")).into_response()),
        Err(
            e @ (AppError::Invalid { .. }
            | AppError::AlreadyReported(_)
            | AppError::Denied(_)
            | AppError::DocumentChanged),
        ) => {
            let extras = CompetencyExtras {
                report_error: Some((crate::error::message(&a.ctx.tr, &e), message)),
                ..Default::default()
            };
            let mut response = competency(&state, &a, me, c, extras).await?;
            *response.status_mut() = crate::error::classify(&e).0;
            Ok(response)
        }
        Err(e) => Err(PageError(e)),
    }
}

#[derive(Debug, Deserialize)]
pub struct ResetData {
    #[serde(default)]
    pub reference: String,
    #[serde(default)]
    pub reason: String,
}

/// The secretariat resets an approval; a refused reset shows the form again with what was typed.
pub async fn reset_competency(
    State(state): State<AppState>,
    a: Authed,
    PagePath((trainee, c)): PagePath<(PersonId, CompetencyId)>,
    axum::Form(f): axum::Form<ResetData>,
) -> Result<Response, PageError> {
    match logbog_app::approvals::reset(
        &state.app,
        &a.user,
        trainee,
        logbog_domain::ItemRef::Competency(c),
        &f.reference,
        &f.reason,
    )
    .await
    {
        Ok(()) => {
            Ok(axum::response::Redirect::to(&format!("/trainees/{trainee}/competencies/{c}?reset=1")).into_response())
        }
        Err(e @ (AppError::Denied(_) | AppError::Invalid { .. }))
            if a.user.has_role(logbog_domain::Role::Secretariat) =>
        {
            let form = ResetForm {
                action: String::new(),
                reference: f.reference,
                reason: f.reason,
                error: Some(crate::error::message(&a.ctx.tr, &e)),
            };
            let extras = CompetencyExtras {
                reset_form: Some(form),
                ..Default::default()
            };
            let mut response = competency(&state, &a, trainee, c, extras).await?;
            *response.status_mut() = crate::error::classify(&e).0;
            Ok(response)
        }
        Err(e) => Err(PageError(e)),
    }
}

/// `POST /trainees/{trainee}/competencies/{competency}/cards`: the trainee uploads a filled
/// card on her competency (or a new version of one).
pub async fn upload_card(
    State(state): State<AppState>,
    a: Authed,
    PagePath((trainee, competency)): PagePath<(PersonId, CompetencyId)>,
    request: Request,
) -> Result<Response, PageError> {
    let target = UploadTarget::CompetencyCard { trainee, competency };
    let outcome = match crate::upload::read(&state, &a.user, target, CARD_FIELDS, request).await {
        Ok(u) => {
            let replaces = replaces_of(&u);
            let back = u.field("back").to_owned();
            let done =
                logbog_app::documents::add_card(&state.app, &a.user, trainee, competency, replaces, u.file).await;
            done.map(|_| back)
        }
        Err(e) => Err(e),
    };
    match outcome {
        Ok(back) => {
            let back = crate::redirect::back_or_home(&back, Some(&a.user));
            Ok(Redirect::to(&with_flag(&back, "uploaded")).into_response())
        }
        Err(e @ (AppError::Invalid { .. } | AppError::DocumentChanged)) => {
            let text = message(&a.ctx.tr, &e);
            let mut response = self::competency(
                &state,
                &a,
                trainee,
                competency,
                CompetencyExtras {
                    card_error: Some(text),
                    ..Default::default()
                },
            )
            .await?;
            *response.status_mut() = classify(&e).0;
            Ok(response)
        }
        Err(e) => Err(PageError(e)),
    }
}
