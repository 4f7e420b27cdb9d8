//! Requests for approval and their decisions: the trainee reports competencies ready to a
//! current approver in one of their roles (meld klar), may withdraw, and the approver approves
//! (one or several of one trainee at once, stating the basis) or returns them with a comment.
//! Who may do what is asked of `policy`; every step is audited in the same transaction.

use crate::audit::{self, Event};
use crate::items::{clear_pending, reported_meanwhile};
use crate::notifications::notify;
use crate::people::CurrentUser;
pub use crate::worklist::{
    WaitingTrainee, due_time_attestations, due_time_attestations_of_approver, just_approved, waiting_by_trainee,
    waiting_count, work_list, work_list_page,
};
use crate::{App, AppError, At, Problem, policy};
use logbog_db::approvals::{self as repo, NewApproval};
use logbog_db::requests::{self, Approver, NewRequest};
use logbog_db::{Conn, DbError};
use logbog_domain::rights::{Denied, ItemFacts};
use logbog_domain::{
    ApprovalRequestId, AssessmentMethod, AuditAction, CompetencyId, ItemRef, Notice, PersonId, RequestState, Role,
    Subject,
};

/// The longest message or comment accepted.
const TEXT_LIMIT: usize = 2000;

pub(crate) fn check_text(field: &'static str, text: &str, required: bool) -> Result<String, AppError> {
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

/// Whether a curriculum version is of general practice, whose competencies the tutor approves.
pub(crate) async fn is_general_practice(
    conn: &mut Conn,
    version: logbog_domain::CurriculumVersionId,
) -> Result<bool, AppError> {
    Ok(logbog_db::curricula::version_serves_specialty(conn, version, logbog_domain::rights::GENERAL_PRACTICE).await?)
}

/// Whom the trainee can report to today, one entry per person and role; for competencies of a
/// curriculum version (`for_version`) of general practice, only the tutors.
pub async fn approvers_of(
    app: &App,
    user: &CurrentUser,
    for_version: Option<logbog_domain::CurriculumVersionId>,
) -> Result<Vec<Approver>, AppError> {
    if !user.has_role(Role::Trainee) {
        return Err(AppError::Forbidden);
    }
    let today = app.clock.today();
    let mut conn = app.db.conn().await?;
    let mut approvers = requests::current_approvers(&mut conn, user.id(), today).await?;
    if let Some(version) = for_version {
        let item = ItemFacts::Competency {
            general_practice: crate::versions::content(app, &mut conn, version)
                .await?
                .general_practice,
        };
        approvers.retain(|a| policy::may_report_to(user.id(), a, item, today).is_ok());
    }
    Ok(approvers)
}

/// What a report is refused on before the database is asked: only a trainee reports, at least
/// one competency; the message within bounds, trimmed.
fn report_gate(user: &CurrentUser, competencies: &[CompetencyId], message: &str) -> Result<String, AppError> {
    if !user.has_role(Role::Trainee) {
        return Err(AppError::Forbidden);
    }
    if competencies.is_empty() {
        return Err(AppError::Invalid {
            field: "competency",
            problem: Problem::ChooseAtLeastOne,
        });
    }
    check_text("message", message, false)
}

/// Report competencies of the trainee's own curricula ready for approval to one of their
/// current approvers, in the role chosen (a person may be both supervisor and training lead;
/// without a role, the first they hold). All or nothing; returns how many were reported.
pub async fn report_ready(
    app: &App,
    user: &CurrentUser,
    competencies: &[CompetencyId],
    approver: PersonId,
    role: Option<Role>,
    message: &str,
) -> Result<usize, AppError> {
    report_gate(user, competencies, message)?;
    app.in_transaction(async |tx, at| report_ready_in(tx, at, user, competencies, approver, role, message).await)
        .await
}

/// [`report_ready`] inside the caller's transaction, at `at`: the requests, their audit events
/// and the approver's notification.
pub(crate) async fn report_ready_in(
    conn: &mut Conn,
    at: At,
    user: &CurrentUser,
    competencies: &[CompetencyId],
    approver: PersonId,
    role: Option<Role>,
    message: &str,
) -> Result<usize, AppError> {
    let message = report_gate(user, competencies, message)?;
    let At { today, now } = at;
    let trainee = user.id();
    let approvers = requests::current_approvers(conn, trainee, today).await?;
    let chosen = approvers
        .iter()
        .find(|a| a.person_id == approver && role.is_none_or(|r| r == a.role))
        .ok_or(AppError::Invalid {
            field: "approver",
            problem: Problem::NotACurrentApprover,
        })?;
    let curricula = logbog_db::programmes::curricula_of_trainee(conn, trainee).await?;
    let mut seen = std::collections::HashSet::new();
    let mut codes: Vec<String> = Vec::new();
    for c in competencies {
        if !seen.insert(*c) {
            continue;
        }
        let competency = logbog_db::curricula::find_competency(conn, *c)
            .await?
            .ok_or(AppError::NotFound("competency"))?;
        if !curricula.iter().any(|(_, v)| v.id == competency.curriculum_version_id) {
            return Err(AppError::NotFound("competency"));
        }
        let facts = ItemFacts::Competency {
            general_practice: is_general_practice(conn, competency.curriculum_version_id).await?,
        };
        policy::may_report_to(trainee, chosen, facts, today)?;
        let item = ItemRef::Competency(*c);
        if repo::standing_approval(conn, trainee, item).await?.is_some() {
            return Err(AppError::Denied(Denied::AlreadyApproved));
        }
        clear_pending(conn, user, item, &competency.code, today, now).await?;
        codes.push(competency.code.clone());
        let request = requests::insert_request(
            conn,
            &NewRequest {
                trainee_id: trainee,
                item,
                approver_id: chosen.person_id,
                approver_role: chosen.role,
                message: &message,
            },
            now,
        )
        .await
        .map_err(|e| reported_meanwhile(e, &competency.code))?;
        audit::record(
            conn,
            user,
            Role::Trainee,
            Event {
                action: AuditAction::ApprovalRequested,
                subject: Subject::Request(request),
                trainee: Some(trainee),
                details: serde_json::json!({ "competency": c, "code": competency.code, "approver": chosen.person_id, "approver_role": chosen.role }),
            },
            now,
        )
        .await?;
    }
    notify(
        conn,
        chosen.person_id,
        Notice::RequestReceived {
            trainee_name: user.person.full_name(),
            count: seen.len(),
            codes,
            about: Some(logbog_domain::notices::About {
                trainee,
                item: competencies.first().map(|c| ItemRef::Competency(*c)),
            }),
        },
        now,
    )
    .await?;
    Ok(seen.len())
}

/// Withdraw one's own pending request.
pub async fn withdraw(app: &App, user: &CurrentUser, request: ApprovalRequestId) -> Result<(), AppError> {
    app.in_transaction(async |tx, at| withdraw_in(tx, at, user, request).await)
        .await
}

/// [`withdraw`] inside the caller's transaction, at `at`, with its audit event.
pub(crate) async fn withdraw_in(
    conn: &mut Conn,
    at: At,
    user: &CurrentUser,
    request: ApprovalRequestId,
) -> Result<(), AppError> {
    let now = at.now;
    let r = requests::find_request(conn, request)
        .await?
        .ok_or(AppError::NotFound("request"))?;
    if r.trainee_id != user.id() || !user.has_role(Role::Trainee) {
        return Err(AppError::NotFound("request"));
    }
    if !requests::close_request(conn, request, RequestState::Withdrawn, user.id(), "", now).await? {
        return Err(AppError::RequestDecided);
    }
    audit::record(
        conn,
        user,
        Role::Trainee,
        Event {
            action: AuditAction::ApprovalWithdrawn,
            subject: Subject::Request(request),
            trainee: Some(r.trainee_id),
            details: serde_json::json!({ "item_kind": r.item.kind(), "item": r.item.id_text() }),
        },
        now,
    )
    .await
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

/// The assessment method an approval of `item` records: a competency states one its
/// curriculum names; a time attestation has none.
async fn basis_of(
    conn: &mut Conn,
    item: ItemRef,
    method: Option<AssessmentMethod>,
) -> Result<Option<AssessmentMethod>, AppError> {
    match item {
        ItemRef::Competency(id) => {
            let competency = logbog_db::curricula::find_competency(conn, id)
                .await?
                .ok_or(AppError::NotFound("competency"))?;
            basis(&competency, method).map(Some)
        }
        ItemRef::TimeAttestation(_) => Ok(None),
    }
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

/// What a decision is refused on before the database is asked: only an approver decides, at
/// least one request; the comment within bounds, trimmed.
fn approve_gate(
    user: &CurrentUser,
    decisions: &[(ApprovalRequestId, Option<AssessmentMethod>)],
    comment: &str,
) -> Result<String, AppError> {
    if !policy::is_approver(user) {
        return Err(AppError::Forbidden);
    }
    if decisions.is_empty() {
        return Err(AppError::Invalid {
            field: "request",
            problem: Problem::ChooseAtLeastOne,
        });
    }
    check_text("comment", comment, false)
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
    approve_gate(user, decisions, comment)?;
    app.in_transaction(async |tx, at| approve_each_in(tx, at, user, decisions, comment).await)
        .await
}

/// [`approve_each`] inside the caller's transaction, at `at`: the approvals, their audit events
/// and the trainee's notification.
pub(crate) async fn approve_each_in(
    conn: &mut Conn,
    at: At,
    user: &CurrentUser,
    decisions: &[(ApprovalRequestId, Option<AssessmentMethod>)],
    comment: &str,
) -> Result<usize, AppError> {
    let comment = approve_gate(user, decisions, comment)?;
    let At { today, now } = at;
    let mut trainee: Option<PersonId> = None;
    let mut first_item: Option<ItemRef> = None;
    let mut done = 0;
    for (id, method) in decisions {
        let r = policy::decidable(conn, user, *id, today).await?;
        if trainee.is_some_and(|t| t != r.trainee_id) {
            return Err(AppError::Invalid {
                field: "request",
                problem: Problem::OneTraineeAtATime,
            });
        }
        trainee = Some(r.trainee_id);
        first_item = first_item.or(Some(r.item));
        let standing = repo::standing_approval(conn, r.trainee_id, r.item).await?;
        policy::may_approve(user, &r, today, standing.is_some())?;
        let method = basis_of(conn, r.item, *method).await?;
        // The card the approver saw with the request: the competency's current card.
        let card = match r.item {
            ItemRef::Competency(c) => logbog_db::documents::current_card(conn, r.trainee_id, c).await?,
            _ => None,
        };
        let approval = repo::insert_approval(
            conn,
            &NewApproval {
                trainee_id: r.trainee_id,
                item: r.item,
                approver_id: user.id(),
                approver_role: r.approver_role,
                assessment_method: method,
                basis_document: card,
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
        audit::record(
            conn,
            user,
            r.approver_role,
            Event {
                action: AuditAction::ApprovalApproved,
                subject: Subject::Approval(approval),
                trainee: Some(r.trainee_id),
                details: serde_json::json!({ "item_kind": r.item.kind(), "item": r.item.id_text(), "request": r.id, "method": method, "card": card.map(|c| c.to_string()), "comment": comment }),
            },
            now,
        )
        .await?;
        done += 1;
    }
    if let Some(trainee) = trainee {
        notify(
            conn,
            trainee,
            Notice::Approved {
                approver_name: user.person.full_name(),
                count: done,
                comment: comment.clone(),
                about: Some(logbog_domain::notices::About {
                    trainee,
                    item: first_item,
                }),
            },
            now,
        )
        .await?;
    }
    Ok(done)
}

/// Return a request to the trainee with a comment saying what is missing. Whoever may decide
/// it may return it, also before a time attestation is due.
pub async fn return_request(
    app: &App,
    user: &CurrentUser,
    request: ApprovalRequestId,
    comment: &str,
) -> Result<(), AppError> {
    check_text("comment", comment, true)?;
    app.in_transaction(async |tx, at| return_request_in(tx, at, user, request, comment).await)
        .await
}

/// [`return_request`] inside the caller's transaction, at `at`, with its audit event and the
/// trainee's notification.
pub(crate) async fn return_request_in(
    conn: &mut Conn,
    at: At,
    user: &CurrentUser,
    request: ApprovalRequestId,
    comment: &str,
) -> Result<(), AppError> {
    let comment = check_text("comment", comment, true)?;
    let At { today, now } = at;
    let r = policy::decidable(conn, user, request, today).await?;
    if !requests::close_request(conn, request, RequestState::Returned, user.id(), &comment, now).await? {
        return Err(AppError::RequestDecided);
    }
    audit::record(
        conn,
        user,
        r.approver_role,
        Event {
            action: AuditAction::ApprovalReturned,
            subject: Subject::Request(request),
            trainee: Some(r.trainee_id),
            details: serde_json::json!({ "item_kind": r.item.kind(), "item": r.item.id_text(), "comment": comment }),
        },
        now,
    )
    .await?;
    notify(
        conn,
        r.trainee_id,
        Notice::Returned {
            approver_name: user.person.full_name(),
            comment,
            about: Some(logbog_domain::notices::About::item(r.trainee_id, r.item)),
        },
        now,
    )
    .await
}

/// What a reset is refused on before the database is asked: only a secretariat resets; the
/// reference and the reason within bounds, trimmed.
fn reset_gate(user: &CurrentUser, request_reference: &str, reason: &str) -> Result<(String, String), AppError> {
    if user.secretariat_regions().is_empty() {
        return Err(Denied::OnlySecretariatResets.into());
    }
    Ok((
        check_text("reference", request_reference, false)?,
        check_text("reason", reason, false)?,
    ))
}

/// Reset (nulstil) a wrong approval on a written request: only the secretariat of the trainee's
/// region, with the request's reference and a reason. The approval and the reset both stay in
/// the history; the item can be requested and approved again.
pub async fn reset(
    app: &App,
    user: &CurrentUser,
    trainee: PersonId,
    item: ItemRef,
    request_reference: &str,
    reason: &str,
) -> Result<(), AppError> {
    reset_gate(user, request_reference, reason)?;
    app.in_transaction(async |tx, at| reset_in(tx, at, user, trainee, item, request_reference, reason).await)
        .await
}

/// [`reset`] inside the caller's transaction, at `at`, with its audit event and the trainee's
/// notification.
pub(crate) async fn reset_in(
    conn: &mut Conn,
    at: At,
    user: &CurrentUser,
    trainee: PersonId,
    item: ItemRef,
    request_reference: &str,
    reason: &str,
) -> Result<(), AppError> {
    let (reference, reason) = reset_gate(user, request_reference, reason)?;
    let now = at.now;
    item_of_trainee(conn, trainee, item).await?;
    let standing = repo::standing_approval(conn, trainee, item).await?;
    policy::may_reset(conn, user, trainee, &reference, &reason, standing.is_some()).await?;
    let approval = standing.ok_or(AppError::Denied(Denied::NotApproved))?;
    let id = repo::insert_reset(conn, approval, user.id(), &reference, &reason, now)
        .await
        .map_err(|e| {
            if logbog_db::is_unique_violation(&e) {
                AppError::Denied(Denied::NotApproved)
            } else {
                AppError::Db(e)
            }
        })?;
    audit::record(
        conn,
        user,
        Role::Secretariat,
        Event {
            action: AuditAction::ApprovalReset,
            subject: Subject::Reset(id),
            trainee: Some(trainee),
            details: serde_json::json!({ "approval": approval, "item_kind": item.kind(), "item": item.id_text(), "reference": reference, "reason": reason }),
        },
        now,
    )
    .await?;
    let about = Some(logbog_domain::notices::About::item(trainee, item));
    notify(
        conn,
        trainee,
        Notice::Reset {
            reference,
            reason,
            about,
        },
        now,
    )
    .await
}

/// The item must be one of the trainee's: a competency of one of their curricula, or the time
/// attestation of one of their employments.
async fn item_of_trainee(conn: &mut Conn, trainee: PersonId, item: ItemRef) -> Result<(), AppError> {
    let found = match item {
        ItemRef::Competency(id) => match logbog_db::curricula::find_competency(conn, id).await? {
            Some(c) => logbog_db::programmes::curricula_of_trainee(conn, trainee)
                .await?
                .iter()
                .any(|(_, v)| v.id == c.curriculum_version_id),
            None => false,
        },
        ItemRef::TimeAttestation(id) => logbog_db::employments::find_employment(conn, id)
            .await?
            .is_some_and(|(owner, _)| owner == trainee),
    };
    if found { Ok(()) } else { Err(AppError::NotFound("item")) }
}
