//! Where an approvable item stands, derived once for every kind and every page: not started,
//! reported ready (to whom, in which role, since when, and whether that approver can still
//! decide it), or approved (by whom, in which role, on what basis). A reset leaves the item not
//! started again, with both the approval and the reset in its history. Also the steps every
//! kind's request shares: clearing a request that waits for nobody, and the race of two reports.

use crate::audit::{self, Event};
use crate::people::CurrentUser;
use crate::{AppError, policy};
use chrono::{DateTime, NaiveDate, Utc};
use logbog_db::approvals::ApprovalInfo;
use logbog_db::requests::{self, PendingRequest};
use logbog_db::{Conn, DbError};
use logbog_domain::{ApprovalRequestId, AuditAction, CompetencyState, ItemRef, PersonId, RequestState, Role, Subject};
use std::collections::HashMap;

/// A request waiting for an approver, as the item's state shows it.
#[derive(Debug, Clone, PartialEq)]
pub struct Pending {
    pub request_id: ApprovalRequestId,
    pub approver_id: PersonId,
    pub approver_name: String,
    pub approver_role: Role,
    pub since: DateTime<Utc>,
    /// Whether the approver may still decide it today; if not, it waits for nobody and the
    /// trainee may report the item again.
    pub approver_may_decide: bool,
}

/// The state of one item for one trainee.
#[derive(Debug, Clone, PartialEq)]
pub struct ItemStatus {
    pub item: ItemRef,
    pub approval: Option<ApprovalInfo>,
    pub pending: Option<Pending>,
}

impl ItemStatus {
    pub fn not_started(item: ItemRef) -> Self {
        Self {
            item,
            approval: None,
            pending: None,
        }
    }

    /// The one derivation of an item's state.
    pub fn state(&self) -> CompetencyState {
        CompetencyState::derive(self.approval.is_some(), self.pending.is_some())
    }

    pub fn ready_since(&self) -> Option<DateTime<Utc>> {
        self.pending.as_ref().map(|p| p.since)
    }

    /// Reported ready to someone who can no longer decide it.
    pub fn waits_for_nobody(&self) -> bool {
        self.approval.is_none() && self.pending.as_ref().is_some_and(|p| !p.approver_may_decide)
    }

    /// Whether the trainee can report it (again): not started, or waiting for nobody.
    pub fn reportable(&self) -> bool {
        self.state() == CompetencyState::NotStarted || self.waits_for_nobody()
    }
}

/// The state of every item of the trainee that has an approval or a waiting request, in two
/// queries; an item missing from the map is not started.
#[derive(Debug, Clone, Default)]
pub struct Statuses(HashMap<ItemRef, ItemStatus>);

impl Statuses {
    pub fn of(&self, item: ItemRef) -> ItemStatus {
        self.0
            .get(&item)
            .cloned()
            .unwrap_or_else(|| ItemStatus::not_started(item))
    }
}

pub async fn statuses(conn: &mut Conn, trainee: PersonId, today: NaiveDate) -> Result<Statuses, AppError> {
    let mut map: HashMap<ItemRef, ItemStatus> = HashMap::new();
    for (item, approval) in logbog_db::approvals::standing_approvals_of(conn, trainee).await? {
        map.entry(item)
            .or_insert_with(|| ItemStatus::not_started(item))
            .approval = Some(approval);
    }
    for p in requests::pending_of_trainee(conn, trainee, today).await? {
        let pending = pending_of(&p, today);
        let status = map.entry(p.item).or_insert_with(|| ItemStatus::not_started(p.item));
        // Should two requests ever be pending for one item, the oldest is shown.
        if status.pending.is_none() {
            status.pending = Some(pending);
        }
    }
    Ok(Statuses(map))
}

fn pending_of(p: &PendingRequest, today: NaiveDate) -> Pending {
    Pending {
        request_id: p.id,
        approver_id: p.approver_id,
        approver_name: p.approver_name.clone(),
        approver_role: p.approver_role,
        since: p.requested_at,
        approver_may_decide: policy::approver_may_decide(p, today),
    }
}

/// Before a new request for an item: refuse while one waits for an approver who can decide it;
/// one addressed to an approver who has lost access is withdrawn on the trainee's behalf (and
/// audited), so that the item can go to a current approver instead of waiting for nobody.
pub(crate) async fn clear_pending(
    conn: &mut Conn,
    user: &CurrentUser,
    item: ItemRef,
    label: &str,
    today: NaiveDate,
    now: DateTime<Utc>,
) -> Result<(), AppError> {
    let Some(pending) = requests::pending_request(conn, user.id(), item).await? else {
        return Ok(());
    };
    if let Some(p) = requests::find_pending(conn, pending, today).await?
        && policy::approver_may_decide(&p, today)
    {
        return Err(AppError::AlreadyReported(label.to_owned()));
    }
    if !requests::close_request(conn, pending, RequestState::Withdrawn, user.id(), "", now).await? {
        // Closed meanwhile (withdrawn by the trainee in another tab): nothing to record.
        return Ok(());
    }
    audit::record(
        conn,
        user,
        Role::Trainee,
        Event {
            action: AuditAction::ApprovalWithdrawn,
            subject: Subject::Request(pending),
            trainee: Some(user.id()),
            details: serde_json::json!({ "item_kind": item.kind(), "item": item.id_text(), "reason": "approver_lost_access" }),
        },
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

/// The competency `competency` if it is one of `trainee`'s curricula; otherwise "no such
/// competency" (nobody learns of a competency outside the logbook they look at).
pub(crate) async fn competency_of_trainee(
    conn: &mut Conn,
    trainee: PersonId,
    competency: logbog_domain::CompetencyId,
) -> Result<logbog_db::curricula::Competency, AppError> {
    let c = logbog_db::curricula::find_competency(conn, competency)
        .await?
        .ok_or(AppError::NotFound("competency"))?;
    let curricula = logbog_db::programmes::curricula_of_trainee(conn, trainee).await?;
    if curricula.iter().any(|(_, v)| v.id == c.curriculum_version_id) {
        Ok(c)
    } else {
        Err(AppError::NotFound("competency"))
    }
}
