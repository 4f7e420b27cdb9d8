//! What an approver's home shows of their trainees' progress: one bar per trainee in the home's
//! list, and for a training lead a dashboard of each department led (issue 10 point 2).

use crate::chart::{PhaseBar, phase_bars};
use crate::i18n::Tr;
use chrono_tz::Europe::Copenhagen;
use logbog_app::department::{Department, TraineeProgress};
use logbog_domain::progress::Progress;

/// "12 af 30 godkendt, 2 meldt klar": what a bar's text says.
pub fn summary(tr: &Tr, p: &Progress) -> String {
    let mut s = tr.t2(
        "logbook-phase-summary",
        ("approved", p.approved.to_string()),
        ("total", p.total.to_string()),
    );
    if p.reported_ready > 0 {
        s.push_str(", ");
        s.push_str(&tr.tn("logbook-phase-ready", "count", p.reported_ready.into()));
    }
    s
}

/// One bar per phase, the current one marked.
pub fn bars_of(tr: &Tr, progress: &TraineeProgress) -> Vec<PhaseBar> {
    let rows: Vec<_> = progress
        .phases
        .iter()
        .map(|(phase, p)| {
            (
                tr.pick(&phase.name_da, &phase.name_en).to_owned(),
                summary(tr, p),
                *p,
                progress.current_phase == Some(phase.id),
            )
        })
        .collect();
    phase_bars(&rows)
}

/// The one bar of a trainee's list row: the phase they work in now (or the whole curriculum).
pub fn bar_now(tr: &Tr, progress: &TraineeProgress) -> Option<PhaseBar> {
    let now = progress.now();
    if now.total == 0 {
        return None;
    }
    let label = progress
        .current_phase
        .and_then(|id| progress.phases.iter().find(|(p, _)| p.id == id))
        .map(|(p, _)| tr.pick(&p.name_da, &p.name_en).to_owned())
        .unwrap_or_default();
    phase_bars(&[(label, summary(tr, &now), now, true)]).pop()
}

/// A trainee of the department with their bars.
#[derive(Debug, Clone)]
pub struct DepartmentTraineeView {
    pub href: String,
    pub name: String,
    pub bars: Vec<PhaseBar>,
}

/// A line of a dashboard's lists: a link (if any), what it says, and its detail.
#[derive(Debug, Clone)]
pub struct DashboardLine {
    pub href: Option<String>,
    pub label: String,
    pub detail: String,
}

/// One department's dashboard as the home shows it.
#[derive(Debug, Clone)]
pub struct DepartmentView {
    pub id: String,
    pub heading: String,
    pub trainees: Vec<DepartmentTraineeView>,
    /// The pages of the department's trainees (`dashboard_page`).
    pub pager: crate::pager::Pager,
    pub waiting_on: Vec<DashboardLine>,
    pub supervisors: Vec<DashboardLine>,
    pub ending: Vec<DashboardLine>,
}

/// The dashboards, worded.
pub fn views(tr: &Tr, departments: &[Department], today: chrono::NaiveDate) -> Vec<DepartmentView> {
    departments
        .iter()
        .map(|d| DepartmentView {
            id: d.site_id.to_string(),
            heading: tr.t1("dashboard-heading", "site", d.site_name.clone()),
            pager: crate::pager::Pager::named(tr, &d.trainees, "/home", "dashboard_page"),
            trainees: d
                .trainees
                .items
                .iter()
                .map(|t| DepartmentTraineeView {
                    href: format!("/trainees/{}/logbook?as=training_lead", t.trainee_id),
                    name: t.name.clone(),
                    bars: bars_of(tr, &t.progress),
                })
                .collect(),
            waiting_on: d
                .waiting_on
                .iter()
                .map(|w| {
                    let since = w.oldest.with_timezone(&Copenhagen).date_naive();
                    DashboardLine {
                        href: None,
                        label: tr.tan(
                            "dashboard-waiting-on",
                            &[
                                ("name", w.approver_name.clone()),
                                ("role", tr.t(&format!("role-{}", w.approver_role.code()))),
                            ],
                            &[("count", w.count)],
                        ),
                        detail: tr.tn("dashboard-oldest", "days", (today - since).num_days()),
                    }
                })
                .collect(),
            supervisors: d
                .supervisors
                .iter()
                .map(|s| DashboardLine {
                    href: None,
                    label: s.name.clone(),
                    detail: s
                        .trainees
                        .iter()
                        .map(|t| {
                            format!(
                                "{} ({})",
                                t.trainee_name,
                                tr.t(&format!("supervisor-kind-{}", t.kind.code()))
                            )
                        })
                        .collect::<Vec<_>>()
                        .join(", "),
                })
                .collect(),
            ending: d
                .ending
                .iter()
                .map(|e| DashboardLine {
                    href: Some(format!("/trainees/{}/employments/{}", e.trainee_id, e.employment_id)),
                    label: e.trainee_name.clone(),
                    detail: tr.t2(
                        "dashboard-ends",
                        ("title", e.title.clone()),
                        ("date", tr.date(e.end_date)),
                    ),
                })
                .collect(),
        })
        .collect()
}
