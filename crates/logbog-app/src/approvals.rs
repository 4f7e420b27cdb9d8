//! Requests for approval and their decisions: the trainee reports competencies ready to a
//! current approver (meld klar), may withdraw, and the approver approves (one or several of one
//! trainee at once, stating the basis) or returns them with a comment. Every step is audited in
//! the same transaction.

use crate::people::CurrentUser;
use crate::{App, AppError, Problem};
use chrono::{DateTime, Utc};
use logbog_db::approvals::{self as repo, Approver, NewApproval, NewRequest, WorkItem};
use logbog_db::{Conn, DbError, audit};
use logbog_domain::rights::{CompetencyApproval, Denied, may_approve_competency};
use logbog_domain::{ApprovalRequestId, AssessmentMethod, CompetencyId, ItemKind, PersonId, RequestState, Role};

/// The longest message or comment accepted.
const TEXT_LIMIT: usize = 2000;

fn check_text(field: &'static str, text: &str, required: bool) -> Result<String, AppError> {
    let t = text.trim();
    if required && t.is_empty() {
        return Err(AppError::Invalid {
            field,
            problem: Problem::Required,
        });
    }
    if t.chars().count() > TEXT_LIMIT {
        return Err(AppError::Invalid {
            field,
            problem: Problem::TooLong { max: TEXT_LIMIT },
        });
    }
    Ok(t.to_owned())
}

impl From<Denied> for AppError {
    fn from(d: Denied) -> Self {
        AppError::Denied(d)
    }
}

/// Append an audit event of a use case; the arguments are the event's fields.
#[allow(clippy::too_many_arguments)]
pub(crate) async fn event(
    conn: &mut Conn,
    actor: &CurrentUser,
    role: Role,
    action: &str,
    subject: (&str, String),
    trainee: impl Into<Option<PersonId>>,
    details: serde_json::Value,
    now: DateTime<Utc>,
) -> Result<(), AppError> {
    audit::append(
        conn,
        &audit::NewEvent {
            actor_id: Some(actor.id()),
            actor_role: Some(role),
            action,
            subject_kind: Some(subject.0),
            subject_id: Some(subject.1),
            trainee_id: trainee.into(),
            details,
        },
        now,
    )
    .await?;
    Ok(())
}

/// Whether a curriculum version is of general practice, whose competencies the tutor approves.
pub(crate) async fn is_general_practice(
    conn: &mut Conn,
    version: logbog_domain::CurriculumVersionId,
) -> Result<bool, AppError> {
    Ok(logbog_db::curricula::version_serves_specialty(conn, version, logbog_domain::rights::GENERAL_PRACTICE).await?)
}

/// Whom the trainee can report to today; for competencies of a curriculum version (`for_version`)
/// of general practice, only the tutors.
pub async fn approvers_of(
    app: &App,
    user: &CurrentUser,
    for_version: Option<logbog_domain::CurriculumVersionId>,
) -> Result<Vec<Approver>, AppError> {
    if !user.has_role(Role::Trainee) {
        return Err(AppError::Forbidden);
    }
    let mut conn = app.db.conn().await?;
    let mut approvers = repo::current_approvers(&mut conn, user.id(), app.clock.today()).await?;
    if let Some(version) = for_version
        && is_general_practice(&mut conn, version).await?
    {
        approvers.retain(|a| a.role == Role::Tutor);
    }
    Ok(approvers)
}

/// Report competencies of the trainee's own curricula ready for approval to one of their
/// current approvers. All or nothing; returns how many were reported.
pub async fn report_ready(
    app: &App,
    user: &CurrentUser,
    competencies: &[CompetencyId],
    approver: PersonId,
    message: &str,
) -> Result<usize, AppError> {
    if !user.has_role(Role::Trainee) {
        return Err(AppError::Forbidden);
    }
    if competencies.is_empty() {
        return Err(AppError::Invalid {
            field: "competency",
            problem: Problem::ChooseAtLeastOne,
        });
    }
    let message = check_text("message", message, false)?;
    let today = app.clock.today();
    let now = app.clock.now();
    let trainee = user.id();
    let mut tx = app.db.begin().await?;
    let approvers = repo::current_approvers(&mut tx, trainee, today).await?;
    let chosen = approvers
        .iter()
        .find(|a| a.person_id == approver)
        .ok_or(AppError::Invalid {
            field: "approver",
            problem: Problem::NotACurrentApprover,
        })?;
    let curricula = logbog_db::programmes::curricula_of_trainee(&mut tx, trainee).await?;
    let mut seen = std::collections::HashSet::new();
    let mut codes: Vec<String> = Vec::new();
    for c in competencies {
        if !seen.insert(*c) {
            continue;
        }
        let competency = logbog_db::curricula::find_competency(&mut tx, *c)
            .await?
            .ok_or(AppError::NotFound("competency"))?;
        if !curricula.iter().any(|(_, v)| v.id == competency.curriculum_version_id) {
            return Err(AppError::NotFound("competency"));
        }
        if chosen.role != Role::Tutor && is_general_practice(&mut tx, competency.curriculum_version_id).await? {
            return Err(AppError::Denied(Denied::GeneralPracticeTutorApproves));
        }
        let id = c.to_string();
        if repo::standing_approval(&mut tx, trainee, ItemKind::Competency, &id)
            .await?
            .is_some()
        {
            return Err(AppError::Denied(Denied::AlreadyApproved));
        }
        clear_pending(&mut tx, user, ItemKind::Competency, &id, &competency.code, today, now).await?;
        codes.push(competency.code.clone());
        let request = repo::insert_request(
            &mut tx,
            &NewRequest {
                trainee_id: trainee,
                item_kind: ItemKind::Competency,
                item_id: &id,
                approver_id: chosen.person_id,
                approver_role: chosen.role,
                message: &message,
            },
            now,
        )
        .await
        .map_err(|e| reported_meanwhile(e, &competency.code))?;
        event(
            &mut tx,
            user,
            Role::Trainee,
            "approval.requested",
            ("approval_request", request.to_string()),
            trainee,
            serde_json::json!({ "competency": id, "code": competency.code, "approver": chosen.person_id, "approver_role": chosen.role }),
            now,
        )
        .await?;
    }
    crate::notifications::notify(
        &mut tx,
        chosen.person_id,
        crate::notifications::kind::REQUEST_RECEIVED,
        serde_json::json!({ "trainee_name": user.person.full_name(), "count": seen.len(), "codes": codes }),
        now,
    )
    .await?;
    tx.commit().await.map_err(DbError::from)?;
    Ok(seen.len())
}

/// Before a new request for an item: refuse while one waits for an approver who can decide it;
/// one addressed to an approver who has lost access is withdrawn on the trainee's behalf (and
/// audited), so that the item can go to a current approver instead of waiting for nobody.
pub(crate) async fn clear_pending(
    conn: &mut Conn,
    user: &CurrentUser,
    kind: ItemKind,
    item_id: &str,
    label: &str,
    today: chrono::NaiveDate,
    now: DateTime<Utc>,
) -> Result<(), AppError> {
    let Some(pending) = repo::pending_request(conn, user.id(), kind, item_id).await? else {
        return Ok(());
    };
    if repo::approver_may_decide_request(conn, pending, today).await? {
        return Err(AppError::AlreadyReported(label.to_owned()));
    }
    if !repo::close_request(conn, pending, RequestState::Withdrawn, user.id(), "", now).await? {
        // Closed meanwhile (withdrawn by the trainee in another tab): nothing to record.
        return Ok(());
    }
    event(
        conn,
        user,
        Role::Trainee,
        "approval.withdrawn",
        ("approval_request", pending.to_string()),
        user.id(),
        serde_json::json!({ "item_kind": kind, "item": item_id, "reason": "approver_lost_access" }),
        now,
    )
    .await
}

/// A second pending request for an item collides on the database's unique index when two
/// reports of it race: the later one is told the item is already reported.
pub(crate) fn reported_meanwhile(e: DbError, label: &str) -> AppError {
    if logbog_db::is_unique_violation(&e) {
        AppError::AlreadyReported(label.to_owned())
    } else {
        AppError::Db(e)
    }
}

/// Withdraw one's own pending request.
pub async fn withdraw(app: &App, user: &CurrentUser, request: ApprovalRequestId) -> Result<(), AppError> {
    let now = app.clock.now();
    let mut tx = app.db.begin().await?;
    let r = repo::find_request(&mut tx, request)
        .await?
        .ok_or(AppError::NotFound("request"))?;
    if r.trainee_id != user.id() || !user.has_role(Role::Trainee) {
        return Err(AppError::NotFound("request"));
    }
    if !repo::close_request(&mut tx, request, RequestState::Withdrawn, user.id(), "", now).await? {
        return Err(AppError::RequestDecided);
    }
    event(
        &mut tx,
        user,
        Role::Trainee,
        "approval.withdrawn",
        ("approval_request", request.to_string()),
        r.trainee_id,
        serde_json::json!({ "item": r.item_id }),
        now,
    )
    .await?;
    tx.commit().await.map_err(DbError::from)?;
    Ok(())
}

/// Everything waiting for the user, oldest first.
pub async fn work_list(app: &App, user: &CurrentUser) -> Result<Vec<WorkItem>, AppError> {
    if ![Role::Supervisor, Role::TrainingLead, Role::Tutor]
        .iter()
        .any(|r| user.has_role(*r))
    {
        return Err(AppError::Forbidden);
    }
    let mut conn = app.db.conn().await?;
    Ok(repo::pending_for_approver(&mut conn, user.id(), app.clock.today()).await?)
}

/// How many requests wait for the user (0 for roles that approve nothing).
pub async fn waiting_count(app: &App, user: &CurrentUser) -> Result<i64, AppError> {
    if ![Role::Supervisor, Role::TrainingLead, Role::Tutor]
        .iter()
        .any(|r| user.has_role(*r))
    {
        return Ok(0);
    }
    let mut conn = app.db.conn().await?;
    Ok(repo::count_pending_for_approver(&mut conn, user.id(), app.clock.today()).await?)
}

/// Load a pending request addressed to `user` and check the right to decide it today; with the
/// competency, when the item is one.
async fn decidable(
    conn: &mut Conn,
    app: &App,
    user: &CurrentUser,
    request: ApprovalRequestId,
) -> Result<(repo::Request, Option<logbog_db::curricula::Competency>), AppError> {
    let r = repo::find_request(conn, request)
        .await?
        .ok_or(AppError::NotFound("request"))?;
    if r.approver_id != user.id() {
        return Err(AppError::NotFound("request"));
    }
    if r.state != RequestState::Pending {
        return Err(AppError::RequestDecided);
    }
    let today = app.clock.today();
    let standing = repo::standing_approval(conn, r.trainee_id, r.item_kind, &r.item_id).await?;
    let competency = match r.item_kind {
        ItemKind::TimeAttestation => {
            let employment = r.item_id.parse().map_err(|_| AppError::NotFound("employment"))?;
            let (_, e) = logbog_db::programmes::find_employment(conn, employment)
                .await?
                .ok_or(AppError::NotFound("employment"))?;
            let (role, leads) = crate::time::approving_role(conn, user, r.trainee_id, &e, today).await?;
            crate::time::check(
                user,
                r.trainee_id,
                role,
                leads && role == r.approver_role,
                &e,
                today,
                standing.is_some(),
            )?;
            None
        }
        _ => {
            let relations = logbog_db::programmes::relation_roles(conn, user.id(), r.trainee_id, today).await?;
            let competency = r.item_id.parse().map_err(|_| AppError::NotFound("competency"))?;
            let competency = logbog_db::curricula::find_competency(conn, competency)
                .await?
                .ok_or(AppError::NotFound("competency"))?;
            may_approve_competency(&CompetencyApproval {
                actor: user.id(),
                trainee: r.trainee_id,
                role: r.approver_role,
                relation_current: user.has_role(r.approver_role) && relations.contains(&r.approver_role),
                already_approved: standing.is_some(),
                general_practice: is_general_practice(conn, competency.curriculum_version_id).await?,
            })?;
            Some(competency)
        }
    };
    Ok((r, competency))
}

/// The basis of a competency's approval: an assessment method its curriculum names.
fn basis(
    competency: &logbog_db::curricula::Competency,
    method: Option<AssessmentMethod>,
) -> Result<AssessmentMethod, AppError> {
    let problem = match method {
        Some(m) if competency.assessment_methods.is_empty() || competency.assessment_methods.contains(&m) => {
            return Ok(m);
        }
        None => Problem::MethodRequired {
            competency: competency.code.clone(),
        },
        Some(m) => Problem::MethodNotNamed {
            method: m,
            competency: competency.code.clone(),
            named: competency.assessment_methods.clone(),
        },
    };
    Err(AppError::Invalid {
        field: "method",
        problem,
    })
}

/// Approve requests addressed to the user, all of one trainee, on the same basis; see
/// [`approve_each`].
pub async fn approve(
    app: &App,
    user: &CurrentUser,
    requests: &[ApprovalRequestId],
    method: Option<AssessmentMethod>,
    comment: &str,
) -> Result<usize, AppError> {
    let decisions: Vec<_> = requests.iter().map(|r| (*r, method)).collect();
    approve_each(app, user, &decisions, comment).await
}

/// Approve requests addressed to the user, all of one trainee, in one transaction: all are
/// approved or none. Each competency states its basis, an assessment method its curriculum
/// names; the comment is shared.
pub async fn approve_each(
    app: &App,
    user: &CurrentUser,
    decisions: &[(ApprovalRequestId, Option<AssessmentMethod>)],
    comment: &str,
) -> Result<usize, AppError> {
    if ![Role::Supervisor, Role::TrainingLead, Role::Tutor]
        .iter()
        .any(|r| user.has_role(*r))
    {
        return Err(AppError::Forbidden);
    }
    if decisions.is_empty() {
        return Err(AppError::Invalid {
            field: "request",
            problem: Problem::ChooseAtLeastOne,
        });
    }
    let comment = check_text("comment", comment, false)?;
    let now = app.clock.now();
    let mut tx = app.db.begin().await?;
    let mut trainee: Option<PersonId> = None;
    let mut done = 0;
    for (id, method) in decisions {
        let (r, competency) = decidable(&mut tx, app, user, *id).await?;
        if trainee.is_some_and(|t| t != r.trainee_id) {
            return Err(AppError::Invalid {
                field: "request",
                problem: Problem::OneTraineeAtATime,
            });
        }
        trainee = Some(r.trainee_id);
        let method = competency.as_ref().map(|c| basis(c, *method)).transpose()?;
        let approval = repo::insert_approval(
            &mut tx,
            &NewApproval {
                trainee_id: r.trainee_id,
                item_kind: r.item_kind,
                item_id: &r.item_id,
                approver_id: user.id(),
                approver_role: r.approver_role,
                assessment_method: method,
                comment: &comment,
                request_id: Some(r.id),
            },
            now,
        )
        .await
        .map_err(|e| match e {
            // Returned or withdrawn meanwhile by a concurrent transaction.
            DbError::RequestDecided => AppError::RequestDecided,
            e => AppError::Db(e),
        })?;
        event(
            &mut tx,
            user,
            r.approver_role,
            "approval.approved",
            ("approval", approval.to_string()),
            r.trainee_id,
            serde_json::json!({ "item_kind": r.item_kind, "item": r.item_id, "request": r.id, "method": method, "comment": comment }),
            now,
        )
        .await?;
        done += 1;
    }
    if let Some(trainee) = trainee {
        crate::notifications::notify(
            &mut tx,
            trainee,
            crate::notifications::kind::APPROVED,
            serde_json::json!({ "approver_name": user.person.full_name(), "count": done, "comment": comment }),
            now,
        )
        .await?;
    }
    tx.commit().await.map_err(DbError::from)?;
    Ok(done)
}

/// Return a request to the trainee with a comment saying what is missing.
pub async fn return_request(
    app: &App,
    user: &CurrentUser,
    request: ApprovalRequestId,
    comment: &str,
) -> Result<(), AppError> {
    let comment = check_text("comment", comment, true)?;
    let now = app.clock.now();
    let mut tx = app.db.begin().await?;
    let r = repo::find_request(&mut tx, request)
        .await?
        .ok_or(AppError::NotFound("request"))?;
    if r.approver_id != user.id() {
        return Err(AppError::NotFound("request"));
    }
    if r.state == RequestState::Pending
        && !repo::approver_may_decide_request(&mut tx, request, app.clock.today()).await?
    {
        return Err(AppError::Denied(Denied::NoCurrentRelation { role: r.approver_role }));
    }
    if !repo::close_request(&mut tx, request, RequestState::Returned, user.id(), &comment, now).await? {
        return Err(AppError::RequestDecided);
    }
    event(
        &mut tx,
        user,
        r.approver_role,
        "approval.returned",
        ("approval_request", request.to_string()),
        r.trainee_id,
        serde_json::json!({ "item": r.item_id, "comment": comment }),
        now,
    )
    .await?;
    crate::notifications::notify(
        &mut tx,
        r.trainee_id,
        crate::notifications::kind::RETURNED,
        serde_json::json!({ "approver_name": user.person.full_name(), "comment": comment }),
        now,
    )
    .await?;
    tx.commit().await.map_err(DbError::from)?;
    Ok(())
}

/// Reset (nulstil) a wrong approval on a written request: only the secretariat of the trainee's
/// region, with the request's reference and a reason. The approval and the reset both stay in
/// the history; the item can be requested and approved again.
pub async fn reset(
    app: &App,
    user: &CurrentUser,
    trainee: PersonId,
    kind: ItemKind,
    item_id: &str,
    request_reference: &str,
    reason: &str,
) -> Result<(), AppError> {
    let reference = check_text("reference", request_reference, false)?;
    let reason = check_text("reason", reason, false)?;
    let now = app.clock.now();
    let mut tx = app.db.begin().await?;
    let secretariat_regions: Vec<logbog_domain::PostgraduateRegion> = user
        .grants
        .iter()
        .filter(|g| g.role == Role::Secretariat)
        .filter_map(|g| g.scope_id.as_deref()?.parse().ok())
        .collect();
    let trainee_regions: Vec<logbog_domain::PostgraduateRegion> =
        logbog_db::programmes::programmes_of(&mut tx, trainee)
            .await?
            .into_iter()
            .map(|p| p.region)
            .collect();
    let trainee_region = trainee_regions
        .iter()
        .find(|r| secretariat_regions.contains(r))
        .or(trainee_regions.first())
        .copied()
        .ok_or(AppError::NotFound("trainee"))?;
    let actor_region = secretariat_regions
        .iter()
        .find(|r| **r == trainee_region)
        .or(secretariat_regions.first())
        .copied();
    let standing = repo::standing_approval(&mut tx, trainee, kind, item_id).await?;
    logbog_domain::rights::may_reset(&logbog_domain::rights::Reset {
        role: if user.has_role(Role::Secretariat) {
            Role::Secretariat
        } else {
            user.roles().first().copied().unwrap_or(Role::Trainee)
        },
        actor_region,
        trainee_region,
        request_reference: &reference,
        reason: &reason,
        approved: standing.is_some(),
    })?;
    let approval = standing.ok_or(AppError::Denied(Denied::NotApproved))?;
    let id = repo::insert_reset(&mut tx, approval, user.id(), &reference, &reason, now)
        .await
        .map_err(|e| {
            if logbog_db::is_unique_violation(&e) {
                AppError::Denied(Denied::NotApproved)
            } else {
                AppError::Db(e)
            }
        })?;
    event(
        &mut tx,
        user,
        Role::Secretariat,
        "approval.reset",
        ("approval_reset", id.to_string()),
        trainee,
        serde_json::json!({ "approval": approval, "item_kind": kind, "item": item_id, "reference": reference, "reason": reason }),
        now,
    )
    .await?;
    crate::notifications::notify(
        &mut tx,
        trainee,
        crate::notifications::kind::RESET,
        serde_json::json!({ "reference": reference, "reason": reason }),
        now,
    )
    .await?;
    tx.commit().await.map_err(DbError::from)?;
    Ok(())
}
