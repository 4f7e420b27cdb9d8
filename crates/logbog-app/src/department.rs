//! Where an approver's trainees stand (issue 10 point 2): each trainee's progress through the
//! phases of the curriculum they follow now, read for a whole page of trainees at once; and the
//! training lead's dashboard of each department led: the trainees' progress per phase, whom
//! their requests wait on, who supervises whom, and the employments that end within two months.

use crate::people::CurrentUser;
use crate::{App, AppError};
use chrono::{DateTime, NaiveDate, Utc};
use logbog_db::Conn;
use logbog_db::curricula::Phase;
use logbog_db::department::{self, EndingEmployment, ProgrammeCurriculum, SiteSupervision};
use logbog_domain::dates::add_months;
use logbog_domain::progress::Progress;
use logbog_domain::{CompetencyId, CompetencyState, PersonId, PhaseId, Role, SiteId};
use std::collections::{HashMap, HashSet};

/// A trainee's progress in the curriculum they follow now.
#[derive(Debug, Clone, Default)]
pub struct TraineeProgress {
    /// The phases in order, each with its progress.
    pub phases: Vec<(Phase, Progress)>,
    /// The phase of the trainee's employment today, if any.
    pub current_phase: Option<PhaseId>,
    pub total: Progress,
}

impl TraineeProgress {
    /// The progress in the phase the trainee works in now, else in the whole curriculum.
    pub fn now(&self) -> Progress {
        self.current_phase
            .and_then(|id| self.phases.iter().find(|(p, _)| p.id == id))
            .map(|(_, p)| *p)
            .unwrap_or(self.total)
    }
}

/// The progress of each of `trainees` in their current programme's first curriculum, in a fixed
/// number of queries (curriculum content comes from the version cache).
pub(crate) async fn progress_of(
    app: &App,
    conn: &mut Conn,
    trainees: &[PersonId],
    today: NaiveDate,
) -> Result<HashMap<PersonId, TraineeProgress>, AppError> {
    let ids: Vec<String> = trainees.iter().map(ToString::to_string).collect();
    let rows = department::programme_curricula(conn, &ids, today).await?;
    let marks = department::competency_marks(conn, &ids).await?;
    let mut approved: HashSet<(PersonId, CompetencyId)> = HashSet::new();
    let mut reported: HashSet<(PersonId, CompetencyId)> = HashSet::new();
    for (trainee, competency, is_approval) in marks {
        match is_approval {
            true => approved.insert((trainee, competency)),
            false => reported.insert((trainee, competency)),
        };
    }
    let mut by_trainee: HashMap<PersonId, Vec<ProgrammeCurriculum>> = HashMap::new();
    for row in rows {
        by_trainee.entry(row.trainee_id).or_default().push(row);
    }
    let mut out = HashMap::new();
    for (trainee, rows) in by_trainee {
        // Rows are ordered by programme start, then curriculum; the first curriculum of the
        // current programme is the one the logbook opens on.
        let mut programmes: Vec<&ProgrammeCurriculum> = Vec::new();
        for r in &rows {
            if !programmes.iter().any(|p| p.programme_id == r.programme_id) {
                programmes.push(r);
            }
        }
        // A programme without a curriculum shows no progress.
        let Some(version) = logbog_domain::dates::current_or_latest(&programmes, |p| (p.start_date, p.end_date), today)
            .and_then(|p| p.curriculum_version_id.map(|v| (p, v)))
        else {
            continue;
        };
        let (chosen, version) = version;
        let content = crate::versions::content(app, conn, version).await?;
        let mut of_phase: HashMap<PhaseId, Progress> = HashMap::new();
        let mut total = Progress::default();
        for c in &content.listing {
            let key = (trainee, c.id);
            let state = CompetencyState::derive(approved.contains(&key), reported.contains(&key));
            of_phase.entry(c.phase_id).or_default().add(state);
            total.add(state);
        }
        let current_phase = chosen
            .current_phase
            .filter(|id| content.phases.iter().any(|p| p.id == *id));
        out.insert(
            trainee,
            TraineeProgress {
                phases: content
                    .phases
                    .iter()
                    .map(|p| (p.clone(), of_phase.get(&p.id).copied().unwrap_or_default()))
                    .collect(),
                current_phase,
                total,
            },
        );
    }
    Ok(out)
}

/// A trainee employed at a department today, with their progress.
#[derive(Debug, Clone)]
pub struct DepartmentTrainee {
    pub trainee_id: PersonId,
    pub name: String,
    pub progress: TraineeProgress,
}

/// Whom the department's trainees wait on: an approver, how many requests, since when.
#[derive(Debug, Clone)]
pub struct WaitingOn {
    pub approver_id: PersonId,
    pub approver_name: String,
    pub approver_role: Role,
    pub count: i64,
    pub oldest: DateTime<Utc>,
}

/// A supervisor of the department and the trainees they supervise there now.
#[derive(Debug, Clone)]
pub struct SupervisorOfDepartment {
    pub supervisor_id: PersonId,
    pub name: String,
    pub trainees: Vec<SiteSupervision>,
}

/// A training lead's dashboard of one department.
#[derive(Debug, Clone)]
pub struct Department {
    pub site_id: SiteId,
    pub site_name: String,
    /// One page of the trainees employed there today, by name (a department of hundreds is
    /// read a page at a time).
    pub trainees: crate::paging::Page<DepartmentTrainee>,
    pub waiting_on: Vec<WaitingOn>,
    pub supervisors: Vec<SupervisorOfDepartment>,
    /// Employments that end within two months, the soonest first.
    pub ending: Vec<EndingEmployment>,
}

/// How far ahead the dashboard looks for employments that end.
pub const ENDING_WITHIN_MONTHS: u32 = 2;

/// The dashboards of the departments `actor` is training lead of today, in a fixed number of
/// queries whatever the number of departments and trainees; of each department's trainees the
/// page `at` (the same page of each).
pub async fn departments(
    app: &App,
    actor: &CurrentUser,
    at: crate::paging::PageRequest,
) -> Result<Vec<Department>, AppError> {
    let today = app.clock.today();
    let mut led: Vec<SiteId> = actor
        .led_sites()
        .into_iter()
        .filter(|(_, r)| *r == Role::TrainingLead)
        .map(|(s, _)| s)
        .collect();
    led.sort_by_key(ToString::to_string);
    led.dedup();
    if led.is_empty() {
        return Ok(Vec::new());
    }
    let sites: Vec<String> = led.iter().map(ToString::to_string).collect();
    let mut conn = app.db.read().await?;
    let names = department::site_names(&mut conn, &sites).await?;
    let mut led: Vec<(SiteId, String)> = led
        .into_iter()
        .map(|s| (s, names.get(&s).cloned().unwrap_or_default()))
        .collect();
    led.sort_by(|a, b| a.1.cmp(&b.1));
    // One row per trainee and department (two employments there at once are one trainee), and
    // never the lead's own logbook.
    let mut employed = logbog_db::relations::trainees_at_sites(&mut conn, &sites, today).await?;
    employed.retain(|(t, _, _)| *t != actor.id());
    let mut seen = HashSet::new();
    employed.retain(|(t, _, s)| seen.insert((*t, *s)));
    let mut trainee_ids: Vec<PersonId> = employed.iter().map(|(t, _, _)| *t).collect();
    trainee_ids.sort_by_key(ToString::to_string);
    trainee_ids.dedup();
    let ids: Vec<String> = trainee_ids.iter().map(ToString::to_string).collect();
    // Progress only of the trainees on the page shown of each department.
    let pages: Vec<(SiteId, crate::paging::Page<(PersonId, String)>)> = led
        .iter()
        .map(|(site, _)| {
            let here: Vec<(PersonId, String)> = employed
                .iter()
                .filter(|(_, _, s)| s == site)
                .map(|(t, name, _)| (*t, name.clone()))
                .collect();
            (*site, at.slice(here))
        })
        .collect();
    let mut shown: Vec<PersonId> = pages
        .iter()
        .flat_map(|(_, p)| p.items.iter().map(|(t, _)| *t))
        .collect();
    shown.sort_by_key(ToString::to_string);
    shown.dedup();
    let progress = progress_of(app, &mut conn, &shown, today).await?;
    let waiting = department::waiting_on(&mut conn, &ids).await?;
    let supervisions = department::supervisions_at_sites(&mut conn, &sites, today).await?;
    let until = add_months(today, ENDING_WITHIN_MONTHS);
    let ending = department::ending_at_sites(&mut conn, &sites, today, until).await?;
    drop(conn);
    let mut out = Vec::with_capacity(led.len());
    for (site_id, site_name) in led {
        let here: Vec<&(PersonId, String, SiteId)> = employed.iter().filter(|(_, _, s)| *s == site_id).collect();
        let here_ids: HashSet<PersonId> = here.iter().map(|(t, _, _)| *t).collect();
        let page = pages
            .iter()
            .find(|(s, _)| *s == site_id)
            .map(|(_, p)| p.clone())
            .unwrap_or_else(|| at.slice(Vec::new()));
        let trainees = crate::paging::Page {
            items: page
                .items
                .into_iter()
                .map(|(t, name)| DepartmentTrainee {
                    trainee_id: t,
                    progress: progress.get(&t).cloned().unwrap_or_default(),
                    name,
                })
                .collect(),
            total: page.total,
            request: page.request,
        };
        let mut waiting_on: Vec<WaitingOn> = Vec::new();
        for w in waiting.iter().filter(|w| here_ids.contains(&w.trainee_id)) {
            match waiting_on
                .iter_mut()
                .find(|x| x.approver_id == w.approver_id && x.approver_role == w.approver_role)
            {
                Some(x) => {
                    x.count += w.count;
                    x.oldest = x.oldest.min(w.oldest);
                }
                None => waiting_on.push(WaitingOn {
                    approver_id: w.approver_id,
                    approver_name: w.approver_name.clone(),
                    approver_role: w.approver_role,
                    count: w.count,
                    oldest: w.oldest,
                }),
            }
        }
        waiting_on.sort_by_key(|w| w.oldest);
        let mut supervisors: Vec<SupervisorOfDepartment> = Vec::new();
        for s in supervisions.iter().filter(|s| s.site_id == site_id) {
            match supervisors.iter_mut().find(|x| x.supervisor_id == s.supervisor_id) {
                Some(x) => x.trainees.push(s.clone()),
                None => supervisors.push(SupervisorOfDepartment {
                    supervisor_id: s.supervisor_id,
                    name: s.supervisor_name.clone(),
                    trainees: vec![s.clone()],
                }),
            }
        }
        out.push(Department {
            site_id,
            site_name,
            trainees,
            waiting_on,
            supervisors,
            ending: ending.iter().filter(|e| e.site_id == site_id).cloned().collect(),
        });
    }
    Ok(out)
}

/// How soon before a trainee's post (or supervision) ends the home warns of what is not approved.
pub const CLOSING_DAYS: i64 = 31;

/// A supervisor's, training lead's or tutor's trainees as their home lists them.
#[derive(Debug, Clone)]
pub struct ApproverTrainees {
    /// One page of the trainees, by name.
    pub page: crate::paging::Page<crate::logbook::StaffTrainee>,
    /// The progress of the trainees on the page and of those closing.
    pub progress: HashMap<PersonId, TraineeProgress>,
    /// Trainees whose access ends within [`CLOSING_DAYS`] with competencies of their current
    /// phase not yet approved, the soonest first: the items close to a deadline.
    pub closing: Vec<(crate::logbook::StaffTrainee, Progress)>,
}

/// The approver's trainees, one page of them, with their progress and those close to the end
/// of their post with work left.
pub async fn approver_trainees(
    app: &App,
    actor: &CurrentUser,
    at: crate::paging::PageRequest,
) -> Result<ApproverTrainees, AppError> {
    let today = app.clock.today();
    let all = crate::logbook::my_trainees(app, actor).await?;
    let soon: Vec<crate::logbook::StaffTrainee> = all
        .iter()
        .filter(|t| {
            t.until
                .is_some_and(|u| u >= today && (u - today).num_days() <= CLOSING_DAYS)
        })
        .cloned()
        .collect();
    let page = at.slice(all);
    let mut ids: Vec<PersonId> = page.items.iter().map(|t| t.trainee_id).collect();
    ids.extend(soon.iter().map(|t| t.trainee_id));
    ids.sort_by_key(ToString::to_string);
    ids.dedup();
    let mut conn = app.db.read().await?;
    let progress = progress_of(app, &mut conn, &ids, today).await?;
    drop(conn);
    let mut closing: Vec<(crate::logbook::StaffTrainee, Progress)> = soon
        .into_iter()
        .filter_map(|t| {
            let now = progress.get(&t.trainee_id)?.now();
            (now.approved < now.total).then_some((t, now))
        })
        .collect();
    closing.sort_by_key(|(t, _)| t.until);
    // A trainee listed in two roles is one deadline, the soonest.
    let mut seen = HashSet::new();
    closing.retain(|(t, _)| seen.insert(t.trainee_id));
    Ok(ApproverTrainees {
        page,
        progress,
        closing,
    })
}
