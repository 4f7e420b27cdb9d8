//! The logbook: the trainee's own at `/logbook`, and a trainee's as seen by their supervisor,
//! training lead, tutor or secretariat at `/trainees/{id}/logbook` (audited).

use crate::AppState;
use crate::chart::phase_bars;
use crate::context::Authed;
use crate::context::PagePath;
use crate::error::PageError;
use crate::i18n::Tr;
use crate::templates::{CompetencyRow, EmploymentRow, Layout, LogbookPage, MenuOption, ReportForm, render};
use axum::extract::{Query, State};
use axum::response::Response;
use logbog_app::AppError;
use logbog_app::items::ItemStatus;
use logbog_app::logbook::{Logbook, Selection, view_logbook};
use logbog_db::programmes::Programme;
use logbog_domain::{CompetencyState, PersonId};
use serde::Deserialize;

/// The menus' choices, as query parameters.
#[derive(Debug, Default, Deserialize)]
pub struct SelectionQuery {
    programme: Option<String>,
    curriculum: Option<String>,
    phase: Option<String>,
    /// The role the viewer acts in (from their home page), e.g. `training_lead`.
    #[serde(rename = "as")]
    acting_as: Option<String>,
    /// Set after a successful report: how many were reported ready.
    reported: Option<i64>,
}

fn parse_id<T: std::str::FromStr>(value: &Option<String>, field: &'static str) -> Result<Option<T>, AppError> {
    match value.as_deref() {
        None | Some("") => Ok(None),
        Some(v) => v.parse().map(Some).map_err(|_| AppError::Invalid {
            field,
            problem: logbog_app::Problem::NotAnId,
        }),
    }
}

impl SelectionQuery {
    pub fn parse(&self) -> Result<Selection, AppError> {
        Ok(Selection {
            programme: parse_id(&self.programme, "programme")?,
            curriculum: parse_id(&self.curriculum, "curriculum")?,
            phase: parse_id(&self.phase, "phase")?,
            acting_as: match self.acting_as.as_deref() {
                None | Some("") => None,
                Some(r) => Some(r.parse().map_err(|_| AppError::Invalid {
                    field: "as",
                    problem: logbog_app::Problem::NotAnId,
                })?),
            },
        })
    }
}

/// "Hoveduddannelse · Anæstesiologi (09.2023–08.2027)".
pub fn programme_label(tr: &Tr, p: &Programme) -> String {
    let kind = tr.t(&format!("programme-kind-{}", p.kind.code()));
    let years = format!("{}–{}", p.start_date.format("%m.%Y"), p.end_date.format("%m.%Y"));
    match (&p.specialty_name_da, &p.specialty_name_en) {
        (Some(da), Some(en)) => format!("{kind} · {} ({years})", tr.pick(da, en)),
        _ => format!("{kind} ({years})"),
    }
}

/// The state badge of a competency: CSS class, label and detail line.
pub fn state_parts(tr: &Tr, s: &ItemStatus) -> (&'static str, String, String) {
    let label = tr.t(&format!("state-{}", s.state().code()));
    match s.state() {
        CompetencyState::Approved => {
            let detail = s
                .approval
                .as_ref()
                .map(|a| {
                    tr.t2(
                        "state-approved-by",
                        (
                            "name",
                            format!(
                                "{} ({})",
                                a.approver_name,
                                tr.t(&format!("role-{}", a.approver_role.code()))
                            ),
                        ),
                        ("date", tr.instant_date(a.approved_at)),
                    )
                })
                .unwrap_or_default();
            ("approved", label, detail)
        }
        CompetencyState::ReportedReady => {
            // For whom it waits, and since when.
            let detail = match (&s.pending, s.ready_since()) {
                (Some(p), Some(t)) => tr.t2(
                    "state-ready-to",
                    ("name", p.approver_name.clone()),
                    ("date", tr.instant_date(t)),
                ),
                (None, Some(t)) => tr.t1("state-ready-since", "date", tr.instant_date(t)),
                _ => String::new(),
            };
            ("ready", label, detail)
        }
        CompetencyState::NotStarted => ("none", label, String::new()),
    }
}

/// Whether the item waits for an approver who may no longer decide it: then it can be
/// reported again, to someone else.
pub fn waits_for_nobody(s: &ItemStatus) -> bool {
    s.waits_for_nobody()
}

pub fn approver_lost_detail(tr: &Tr, s: &ItemStatus) -> String {
    let name = s.pending.as_ref().map(|p| p.approver_name.clone()).unwrap_or_default();
    tr.t1("state-ready-approver-lost", "name", name)
}

/// The report form's approver choices: "Name – Role, Site".
/// The value of an option is `person:role`, so that a person who is both supervisor and
/// training lead is reported to in the role chosen.
pub fn approver_options(tr: &Tr, approvers: &[logbog_db::requests::Approver]) -> Vec<(String, String)> {
    approvers
        .iter()
        .map(|a| {
            (
                format!("{}:{}", a.person_id, a.role.code()),
                format!(
                    "{} – {}, {}",
                    a.name,
                    tr.t(&format!("role-{}", a.role.code())),
                    a.site_name
                ),
            )
        })
        .collect()
}

/// What the page shows besides the logbook: the report form (own logbook), a notice or error.
#[derive(Debug, Default)]
pub struct Extras {
    pub report: Option<ReportForm>,
    pub notice: Option<String>,
    pub error: Option<String>,
}

/// The confirmation of a report: what was reported and to whom ("K1, K2 er meldt klar til
/// Mette Hansen (vejleder)."), from the requests just made (those of the latest moment among the
/// competencies shown), else how many.
pub fn reported_notice(tr: &Tr, competencies: &[logbog_app::logbook::CompetencyEntry], n: i64) -> String {
    let latest = competencies
        .iter()
        .filter_map(|c| c.status.pending.as_ref())
        .map(|p| p.since)
        .max();
    let batch: Vec<&logbog_app::logbook::CompetencyEntry> = competencies
        .iter()
        .filter(|c| latest.is_some() && c.status.pending.as_ref().map(|p| p.since) == latest)
        .collect();
    // Only when the page shows every competency just reported; else how many.
    match batch
        .first()
        .and_then(|c| c.status.pending.as_ref())
        .filter(|_| batch.len() as i64 == n)
    {
        Some(p) => tr.tan(
            "report-done-named",
            &[
                (
                    "items",
                    batch
                        .iter()
                        .map(|c| c.competency.code.clone())
                        .collect::<Vec<_>>()
                        .join(", "),
                ),
                ("name", p.approver_name.clone()),
                ("role", tr.t(&format!("role-{}", p.approver_role.code())).to_lowercase()),
            ],
            &[("count", batch.len() as i64)],
        ),
        None => tr.tn("report-done", "count", n),
    }
}

/// "Du ser logbogen som vejleder.": the role a member of staff acts in on a trainee's page.
pub fn acting_as_text(tr: &crate::i18n::Tr, key: &str, role: logbog_domain::Role) -> String {
    tr.t1(key, "role", tr.t(&format!("role-{}", role.code())).to_lowercase())
}

pub fn logbook_page(a: &Authed, lb: Logbook, base: &str, extras: Extras) -> LogbookPage {
    let tr = &a.ctx.tr;
    let own = a.user.id() == lb.trainee.id;
    let programme_id = lb.programme.id;
    let curriculum_id = lb.curriculum.id;
    let competency_base = if own {
        "/logbook/competencies".to_owned()
    } else {
        format!("/trainees/{}/competencies", lb.trainee.id)
    };
    let rows = lb
        .competencies
        .iter()
        .map(|c| {
            let (state_class, state_label, mut detail) = state_parts(tr, &c.status);
            let lost = own && waits_for_nobody(&c.status);
            if lost {
                detail = approver_lost_detail(tr, &c.status);
            }
            CompetencyRow {
                id: c.competency.id.to_string(),
                selectable: c.status.reportable(),
                href: format!("{competency_base}/{}", c.competency.id),
                code: c.competency.code.clone(),
                title: tr.pick(&c.competency.title_da, &c.competency.title_en).to_owned(),
                state_class,
                state_label,
                detail,
            }
        })
        .collect();
    let bar_rows: Vec<_> = lb
        .phases
        .iter()
        .map(|p| {
            let summary = tr.t2(
                "logbook-phase-summary",
                ("approved", p.progress.approved.to_string()),
                ("total", p.progress.total.to_string()),
            ) + &if p.progress.reported_ready > 0 {
                format!(
                    ", {}",
                    tr.tn("logbook-phase-ready", "count", p.progress.reported_ready.into())
                )
            } else {
                String::new()
            };
            (
                tr.pick(&p.phase.name_da, &p.phase.name_en).to_owned(),
                summary,
                p.progress,
                p.phase.id == lb.phase.id,
            )
        })
        .collect();
    let bars = phase_bars(&bar_rows);
    let employments = lb
        .employments
        .iter()
        .map(|e| {
            let mut notes: Vec<String> = lb
                .leaves
                .iter()
                .filter(|l| l.employment_id == e.id)
                .map(|l| {
                    tr.t2(
                        "logbook-leave",
                        ("kind", tr.t(&format!("leave-{}", l.kind.code()))),
                        ("period", format!("{} – {}", tr.date(l.start_date), tr.date(l.end_date))),
                    )
                })
                .collect();
            if e.working_percent.is_part_time() {
                notes.push(tr.t("logbook-part-time"));
            }
            let time = lb
                .time_states
                .get(&e.id)
                .copied()
                .unwrap_or(CompetencyState::NotStarted);
            EmploymentRow {
                href: if own {
                    format!("/logbook/employments/{}", e.id)
                } else {
                    format!("/trainees/{}/employments/{}", lb.trainee.id, e.id)
                },
                time_state: if lb.papers_waiting.contains(&e.id) && time != CompetencyState::Approved {
                    tr.t("time-state-paper-waiting")
                } else {
                    tr.t1("time-state-link", "state", tr.t(&format!("state-{}", time.code())))
                },
                site: match &e.hospital_name {
                    Some(h) => format!("{}, {h}", e.site_name),
                    None => e.site_name.clone(),
                },
                title: e.title.clone(),
                period: format!("{} – {}", tr.date(e.start_date), tr.date(e.end_date)),
                percent: format!("{} %", e.working_percent.get()),
                notes,
                current: e.start_date <= lb.today && lb.today <= e.end_date,
            }
        })
        .collect();
    let supervisors = lb
        .supervisors
        .iter()
        .map(|s| {
            format!(
                "{} – {} ({})",
                s.name,
                tr.t(&format!("supervisor-kind-{}", s.kind.code())),
                s.site_name
            )
        })
        .collect();
    let heading = if own {
        tr.t("logbook-title-own")
    } else {
        tr.t1("logbook-title-of", "name", lb.trainee.full_name())
    };
    LogbookPage {
        l: Layout::new(&a.ctx),
        heading,
        own,
        acting_as: (!own).then(|| acting_as_text(tr, "logbook-viewing-as", lb.viewed_as)),
        programme_options: lb
            .programmes
            .iter()
            .map(|p| MenuOption {
                href: format!("{base}?programme={}", p.programme.id),
                label: programme_label(tr, &p.programme),
                selected: p.programme.id == lb.programme.id,
            })
            .collect(),
        curriculum_options: lb
            .programmes
            .iter()
            .find(|p| p.programme.id == lb.programme.id)
            .map(|p| {
                p.curricula
                    .iter()
                    .map(|c| MenuOption {
                        href: format!("{base}?programme={programme_id}&curriculum={}", c.id),
                        label: tr.t2(
                            "curriculum-option",
                            ("name", tr.pick(&c.name_da, &c.name_en).to_owned()),
                            ("version", c.label.clone()),
                        ),
                        selected: c.id == lb.curriculum.id,
                    })
                    .collect()
            })
            .unwrap_or_default(),
        phase_options: lb
            .phases
            .iter()
            .map(|p| MenuOption {
                href: format!(
                    "{base}?programme={programme_id}&curriculum={curriculum_id}&phase={}",
                    p.phase.id
                ),
                label: tr.pick(&p.phase.name_da, &p.phase.name_en).to_owned(),
                selected: p.phase.id == lb.phase.id,
            })
            .collect(),
        programme_current: programme_label(tr, &lb.programme),
        curriculum_current: tr.t2(
            "curriculum-option",
            (
                "name",
                tr.pick(&lb.curriculum.name_da, &lb.curriculum.name_en).to_owned(),
            ),
            ("version", lb.curriculum.label.clone()),
        ),
        phase_current: tr.pick(&lb.phase.name_da, &lb.phase.name_en).to_owned(),
        curriculum_label: tr.t2(
            "curriculum-option",
            (
                "name",
                tr.pick(&lb.curriculum.name_da, &lb.curriculum.name_en).to_owned(),
            ),
            ("version", lb.curriculum.label.clone()),
        ),
        phase_label: tr.pick(&lb.phase.name_da, &lb.phase.name_en).to_owned(),
        bars,
        total_summary: tr.t2(
            "logbook-total-summary",
            ("approved", lb.total.approved.to_string()),
            ("total", lb.total.total.to_string()),
        ),
        rows,
        report: extras.report,
        notice: extras.notice,
        error: extras.error,
        employments,
        supervisors,
        agreements_href: if own {
            format!("/logbook/programmes/{programme_id}")
        } else {
            format!("/trainees/{}/programmes/{programme_id}", lb.trainee.id)
        },
        notes_href: if own {
            "/logbook/notes".to_owned()
        } else {
            format!("/trainees/{}/notes", lb.trainee.id)
        },
        overview_href: if own {
            "/logbook/employment-overview".to_owned()
        } else {
            format!("/trainees/{}/employment-overview", lb.trainee.id)
        },
    }
}

pub async fn own_logbook(
    State(state): State<AppState>,
    a: Authed,
    Query(q): Query<SelectionQuery>,
) -> Result<Response, PageError> {
    let lb = view_logbook(&state.app, &a.user, a.user.id(), q.parse()?).await?;
    let approvers = logbog_app::approvals::approvers_of(&state.app, &a.user, Some(lb.curriculum.id)).await?;
    let back = match &a.ctx.query {
        Some(q) => format!("/logbook?{q}"),
        None => "/logbook".to_owned(),
    };
    let extras = Extras {
        report: Some(ReportForm {
            approvers: approver_options(&a.ctx.tr, &approvers),
            back,
            message: String::new(),
            card: None,
            error: None,
        }),
        notice: q.reported.map(|n| reported_notice(&a.ctx.tr, &lb.competencies, n)),
        error: None,
    };
    Ok(render(&logbook_page(&a, lb, "/logbook", extras)))
}

pub async fn trainee_logbook(
    State(state): State<AppState>,
    a: Authed,
    PagePath(trainee): PagePath<PersonId>,
    Query(q): Query<SelectionQuery>,
) -> Result<Response, PageError> {
    let lb = view_logbook(&state.app, &a.user, trainee, q.parse()?).await?;
    let base = format!("/trainees/{trainee}/logbook");
    Ok(render(&logbook_page(&a, lb, &base, Extras::default())))
}
