//! The trainee's logbook as read models: programmes, curricula and phases to switch between,
//! the competencies of the chosen phase with their state, progress per phase, and a competency.
//! Anyone but the trainee who opens a logbook leaves an audit event in the same transaction.

use crate::items::ItemStatus;
use crate::paging::{Page, PageRequest};
use crate::people::CurrentUser;
use crate::policy::{authorize_view, record_view};
use crate::{App, AppError};
use chrono::NaiveDate;
use logbog_db::accounts::Person;
use logbog_db::approvals::HistoryEntry;
use logbog_db::curricula::{Competency, CurriculumVersion, Phase};
use logbog_db::employments::{Employment, Leave};
use logbog_db::programmes::Programme;
use logbog_db::supervisions::SupervisorOfTrainee;
use logbog_domain::progress::Progress;
use logbog_domain::{
    CompetencyState, CurriculumVersionId, EmploymentId, ItemRef, PersonId, PhaseId, ProgrammeId, Role,
};
use std::collections::HashMap;

/// What the user picked in the menus; anything missing falls back to what is current.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Selection {
    pub programme: Option<ProgrammeId>,
    pub curriculum: Option<CurriculumVersionId>,
    pub phase: Option<PhaseId>,
    /// The role the viewer says they act in (e.g. from their home page).
    pub acting_as: Option<Role>,
}

/// A programme with its curricula.
#[derive(Debug, Clone)]
pub struct ProgrammeEntry {
    pub programme: Programme,
    pub curricula: Vec<CurriculumVersion>,
}

/// A phase with the trainee's progress in it.
#[derive(Debug, Clone)]
pub struct PhaseEntry {
    pub phase: Phase,
    pub progress: Progress,
}

/// A competency in the list with its state.
#[derive(Debug, Clone)]
pub struct CompetencyEntry {
    pub competency: logbog_db::curricula::CompetencyListing,
    pub status: ItemStatus,
}

/// The logbook page's read model.
#[derive(Debug, Clone)]
pub struct Logbook {
    pub trainee: Person,
    /// The role in which the viewer sees it (Trainee for the owner).
    pub viewed_as: Role,
    pub programmes: Vec<ProgrammeEntry>,
    pub programme: Programme,
    pub curriculum: CurriculumVersion,
    pub phases: Vec<PhaseEntry>,
    pub phase: Phase,
    pub competencies: Vec<CompetencyEntry>,
    pub total: Progress,
    pub employments: Vec<Employment>,
    pub leaves: Vec<Leave>,
    pub supervisors: Vec<SupervisorOfTrainee>,
    /// The state of each employment's time attestation.
    pub time_states: HashMap<EmploymentId, CompetencyState>,
    /// The employments whose paper time attestation waits for the secretariat.
    pub papers_waiting: std::collections::HashSet<EmploymentId>,
    pub today: NaiveDate,
}

/// Load the logbook of `trainee` as `actor` sees it.
pub async fn view_logbook(
    app: &App,
    actor: &CurrentUser,
    trainee: PersonId,
    selection: Selection,
) -> Result<Logbook, AppError> {
    let today = app.clock.today();
    let mut tx = app.db.read().await?;
    let viewed_as = authorize_view(&mut tx, actor, trainee, selection.acting_as, today).await?;
    let person = match actor.id() == trainee {
        true => actor.person.clone(),
        false => logbog_db::accounts::find_person(&mut tx, trainee)
            .await?
            .ok_or(AppError::NotFound("trainee"))?,
    };
    let programmes = logbog_db::programmes::programmes_of(&mut tx, trainee).await?;
    let curricula = logbog_db::programmes::curricula_of_trainee(&mut tx, trainee).await?;
    let employments_all = logbog_db::employments::employments_of_trainee(&mut tx, trainee).await?;
    let mut by_programme: HashMap<ProgrammeId, Vec<CurriculumVersion>> = HashMap::new();
    for (p, v) in curricula {
        by_programme.entry(p).or_default().push(v);
    }
    let entries: Vec<ProgrammeEntry> = programmes
        .into_iter()
        .map(|p| ProgrammeEntry {
            curricula: by_programme.remove(&p.id).unwrap_or_default(),
            programme: p,
        })
        .collect();
    if entries.is_empty() {
        return Err(AppError::NotFound("programme"));
    }

    let chosen = selection
        .programme
        .and_then(|id| entries.iter().find(|e| e.programme.id == id))
        .or_else(|| {
            logbog_domain::dates::current_or_latest(&entries, |e| (e.programme.start_date, e.programme.end_date), today)
        })
        .unwrap_or(&entries[0]);
    if selection.programme.is_some_and(|id| id != chosen.programme.id) {
        return Err(AppError::NotFound("programme"));
    }
    let curriculum = selection
        .curriculum
        .and_then(|id| chosen.curricula.iter().find(|c| c.id == id))
        .or_else(|| chosen.curricula.first())
        .cloned()
        .ok_or(AppError::NotFound("curriculum"))?;
    // A curriculum asked for that is not the programme's is not found, not ignored.
    if selection.curriculum.is_some_and(|id| id != curriculum.id) {
        return Err(AppError::NotFound("curriculum"));
    }
    let content = crate::versions::content(app, &mut tx, curriculum.id).await?;
    let phases = &content.phases;
    let statuses = crate::items::statuses(&mut tx, trainee, today).await?;
    let leaves_all = logbog_db::employments::leaves_of_trainee(&mut tx, trainee).await?;
    let supervisors = logbog_db::supervisions::current_supervisors(&mut tx, trainee, today).await?;
    let time_states = employments_all
        .iter()
        .map(|e| (e.id, statuses.of(ItemRef::TimeAttestation(e.id)).state()))
        .collect();
    let papers_waiting = logbog_db::paper::waiting_employments_of(&mut tx, trainee).await?;
    drop(tx);

    let employments: Vec<Employment> = employments_all
        .into_iter()
        .filter(|e| e.programme_id == chosen.programme.id)
        .collect();
    let current_phase = employments
        .iter()
        .find(|e| e.start_date <= today && today <= e.end_date)
        .and_then(|e| e.phase_id)
        .filter(|p| phases.iter().any(|ph| ph.id == *p));
    let phase = selection
        .phase
        .and_then(|id| phases.iter().find(|p| p.id == id))
        .or_else(|| current_phase.and_then(|id| phases.iter().find(|p| p.id == id)))
        .or_else(|| phases.first())
        .cloned()
        .ok_or(AppError::NotFound("phase"))?;
    if selection.phase.is_some_and(|id| id != phase.id) {
        return Err(AppError::NotFound("phase"));
    }

    let mut progress_of: HashMap<PhaseId, Progress> = HashMap::new();
    let mut total = Progress::default();
    let mut list = Vec::new();
    for c in &content.listing {
        let status = statuses.of(ItemRef::Competency(c.id));
        progress_of.entry(c.phase_id).or_default().add(status.state());
        total.add(status.state());
        if c.phase_id == phase.id {
            list.push(CompetencyEntry {
                competency: c.clone(),
                status,
            });
        }
    }
    let employment_ids: Vec<_> = employments.iter().map(|e| e.id).collect();
    record_view(app, actor, viewed_as, trainee, "logbook").await?;
    Ok(Logbook {
        trainee: person,
        viewed_as,
        programme: chosen.programme.clone(),
        curriculum,
        phases: phases
            .iter()
            .map(|p| PhaseEntry {
                progress: progress_of.get(&p.id).copied().unwrap_or_default(),
                phase: p.clone(),
            })
            .collect(),
        phase,
        competencies: list,
        total,
        leaves: leaves_all
            .into_iter()
            .filter(|l| employment_ids.contains(&l.employment_id))
            .collect(),
        employments,
        supervisors,
        time_states,
        papers_waiting,
        programmes: entries,
        today,
    })
}

/// The competency page's read model.
#[derive(Debug, Clone)]
pub struct CompetencyView {
    pub trainee: Person,
    pub viewed_as: Role,
    pub competency: Competency,
    pub phase: Phase,
    pub status: ItemStatus,
    pub history: Vec<HistoryEntry>,
    /// The trainee's filled cards on the competency.
    pub cards: Vec<crate::documents::CardView>,
    /// The specialty files that belong to the competency (the blank card to fill in): id,
    /// title and file name.
    pub forms: Vec<(logbog_domain::DocumentId, String, String)>,
    /// The notes about the competency the viewer may read (the first page): all the trainee's
    /// for her, those shared with them for an approver.
    pub notes: crate::paging::Page<logbog_db::notes::Note>,
}

/// Load one competency of `trainee`'s logbook; the competency must belong to one of the
/// trainee's curricula.
pub async fn view_competency(
    app: &App,
    actor: &CurrentUser,
    trainee: PersonId,
    competency: logbog_domain::CompetencyId,
    acting_as: Option<Role>,
) -> Result<CompetencyView, AppError> {
    let today = app.clock.today();
    let mut tx = app.db.read().await?;
    let viewed_as = authorize_view(&mut tx, actor, trainee, acting_as, today).await?;
    let person = logbog_db::accounts::find_person(&mut tx, trainee)
        .await?
        .ok_or(AppError::NotFound("trainee"))?;
    let c = crate::items::competency_of_trainee(&mut tx, trainee, competency).await?;
    let phase = logbog_db::curricula::find_phase(&mut tx, c.phase_id)
        .await?
        .ok_or(AppError::NotFound("phase"))?;
    let item = ItemRef::Competency(c.id);
    let status = crate::items::statuses(&mut tx, trainee, today).await?.of(item);
    let history = logbog_db::approvals::history(&mut tx, trainee, item).await?;
    let cards = crate::documents::card_views(&mut tx, actor, trainee, &c, today).await?;
    let forms = logbog_db::specialty_files::current_for_competency(&mut tx, c.curriculum_version_id, &c.code).await?;
    let notes = crate::notes::read_page(&mut tx, actor, trainee, Some(c.id), PageRequest::default(), today).await?;
    drop(tx);
    record_view(app, actor, viewed_as, trainee, "competency").await?;
    crate::notifications::read_about(app, actor, trainee, Some(item)).await?;
    Ok(CompetencyView {
        trainee: person,
        viewed_as,
        competency: c,
        phase,
        status,
        history,
        cards,
        forms,
        notes,
    })
}

/// The staff home page: trainees the user has access to, with their overall progress.
#[derive(Debug, Clone)]
pub struct StaffTrainee {
    pub trainee_id: PersonId,
    pub name: String,
    pub role: Role,
    pub site_name: String,
    pub until: Option<NaiveDate>,
}

/// The trainees a supervisor, training lead or tutor has access to today.
pub async fn my_trainees(app: &App, actor: &CurrentUser) -> Result<Vec<StaffTrainee>, AppError> {
    let mut conn = app.db.conn().await?;
    let rows = logbog_db::relations::trainees_of_staff(&mut conn, actor.id(), app.clock.today()).await?;
    Ok(rows
        .into_iter()
        .filter(|r| actor.has_role(r.role))
        .map(|r| StaffTrainee {
            trainee_id: r.trainee_id,
            name: r.name,
            role: r.role,
            site_name: r.site_name,
            until: r.until,
        })
        .collect())
}

/// A programme with its employments, curricula and their phases (for the API).
#[derive(Debug, Clone)]
pub struct ProgrammeTree {
    pub programme: Programme,
    pub employments: Vec<Employment>,
    pub curricula: Vec<(CurriculumVersion, Vec<Phase>)>,
}

/// All programmes of `trainee` as `actor` may see them, in a fixed number of queries.
pub async fn list_programmes(
    app: &App,
    actor: &CurrentUser,
    trainee: PersonId,
) -> Result<Vec<ProgrammeTree>, AppError> {
    let today = app.clock.today();
    let mut tx = app.db.read().await?;
    let viewed_as = authorize_view(&mut tx, actor, trainee, None, today).await?;
    let programmes = logbog_db::programmes::programmes_of(&mut tx, trainee).await?;
    let curricula = logbog_db::programmes::curricula_of_trainee(&mut tx, trainee).await?;
    let employments = logbog_db::employments::employments_of_trainee(&mut tx, trainee).await?;
    let version_ids: Vec<CurriculumVersionId> = curricula.iter().map(|(_, v)| v.id).collect();
    let phases = logbog_db::curricula::phases_of_versions(&mut tx, &version_ids).await?;
    drop(tx);
    record_view(app, actor, viewed_as, trainee, "programmes").await?;
    Ok(programmes
        .into_iter()
        .map(|p| ProgrammeTree {
            employments: employments.iter().filter(|e| e.programme_id == p.id).cloned().collect(),
            curricula: curricula
                .iter()
                .filter(|(pid, _)| *pid == p.id)
                .map(|(_, v)| {
                    (
                        v.clone(),
                        phases
                            .iter()
                            .filter(|ph| ph.curriculum_version_id == v.id)
                            .cloned()
                            .collect(),
                    )
                })
                .collect(),
            programme: p,
        })
        .collect())
}

/// The most views a trainee's page lists; the download has them all up to this many too.
pub const VIEW_LIMIT: i64 = 5000;

/// Who has looked at the user's own logbook, newest first (DOMAIN §7 and the audit trail): one
/// page, with the count of all.
pub async fn views_of_own_logbook(
    app: &App,
    actor: &CurrentUser,
    page: PageRequest,
) -> Result<Page<logbog_db::audit::View>, AppError> {
    if !actor.has_role(Role::Trainee) {
        return Err(AppError::Forbidden);
    }
    let mut tx = app.db.read().await?;
    let total = logbog_db::audit::count_views(&mut tx, actor.id()).await?;
    let request = page.within(total);
    let items = logbog_db::audit::views_of(&mut tx, actor.id(), request.limit(), request.offset()).await?;
    Ok(Page { items, total, request })
}

/// Every view of the user's own logbook up to [`VIEW_LIMIT`], newest first: the download.
pub async fn all_views_of_own_logbook(app: &App, actor: &CurrentUser) -> Result<Vec<logbog_db::audit::View>, AppError> {
    if !actor.has_role(Role::Trainee) {
        return Err(AppError::Forbidden);
    }
    let mut conn = app.db.conn().await?;
    Ok(logbog_db::audit::views_of(&mut conn, actor.id(), VIEW_LIMIT, 0).await?)
}
