//! Requests for approval, approvals and their resets. Approvals are append-only: a reset is a
//! record of its own, and the next approval of the item takes the next generation.

use crate::{Conn, DbError, RowExt, instant_to_sql};
use chrono::{DateTime, Utc};
use logbog_domain::{
    ApprovalId, ApprovalRequestId, AssessmentMethod, CompetencyId, CompetencyState,
    CurriculumVersionId, ItemKind, PersonId, RequestState, ResetId, Role,
};

/// A new request for approval (meld klar til godkendelse).
#[derive(Debug, Clone)]
pub struct NewRequest<'a> {
    pub trainee_id: PersonId,
    pub item_kind: ItemKind,
    pub item_id: &'a str,
    pub approver_id: PersonId,
    pub approver_role: Role,
    pub message: &'a str,
}

pub async fn insert_request(
    conn: &mut Conn,
    r: &NewRequest<'_>,
    requested_at: DateTime<Utc>,
) -> Result<ApprovalRequestId, DbError> {
    let id = ApprovalRequestId::new();
    sqlx::query(
        "INSERT INTO approval_requests (id, trainee_id, item_kind, item_id, approver_id, approver_role, message, requested_at, state) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
    )
    .bind(id.to_string())
    .bind(r.trainee_id.to_string())
    .bind(r.item_kind.code())
    .bind(r.item_id)
    .bind(r.approver_id.to_string())
    .bind(r.approver_role.code())
    .bind(r.message)
    .bind(instant_to_sql(requested_at))
    .bind(RequestState::Pending.code())
    .execute(conn)
    .await?;
    Ok(id)
}

/// A new approval.
#[derive(Debug, Clone)]
pub struct NewApproval<'a> {
    pub trainee_id: PersonId,
    pub item_kind: ItemKind,
    pub item_id: &'a str,
    pub approver_id: PersonId,
    pub approver_role: Role,
    pub assessment_method: Option<AssessmentMethod>,
    pub comment: &'a str,
    pub request_id: Option<ApprovalRequestId>,
}

/// Insert the next-generation approval of an item and close its pending requests. Refused with
/// [`DbError::AlreadyApproved`] while an earlier approval stands (not reset). Two concurrent
/// approvals compute the same generation; the unique key lets exactly one of them commit.
pub async fn insert_approval(
    conn: &mut Conn,
    a: &NewApproval<'_>,
    approved_at: DateTime<Utc>,
) -> Result<ApprovalId, DbError> {
    let row = sqlx::query(
        "SELECT COUNT(*) AS approvals, COUNT(x.id) AS resets FROM approvals ap \
         LEFT JOIN approval_resets x ON x.approval_id = ap.id \
         WHERE ap.trainee_id = $1 AND ap.item_kind = $2 AND ap.item_id = $3",
    )
    .bind(a.trainee_id.to_string())
    .bind(a.item_kind.code())
    .bind(a.item_id)
    .fetch_one(&mut *conn)
    .await?;
    let (generation, resets) = (row.int("approvals")?, row.int("resets")?);
    if generation > resets {
        return Err(DbError::AlreadyApproved);
    }
    let id = ApprovalId::new();
    sqlx::query(
        "INSERT INTO approvals (id, trainee_id, item_kind, item_id, generation, approver_id, approver_role, approved_at, \
           assessment_method, comment, request_id) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)",
    )
    .bind(id.to_string())
    .bind(a.trainee_id.to_string())
    .bind(a.item_kind.code())
    .bind(a.item_id)
    .bind(generation + 1)
    .bind(a.approver_id.to_string())
    .bind(a.approver_role.code())
    .bind(instant_to_sql(approved_at))
    .bind(a.assessment_method.map(AssessmentMethod::code))
    .bind(a.comment)
    .bind(a.request_id.map(|r| r.to_string()))
    .execute(&mut *conn)
    .await
    .map_err(|e| {
        let e = DbError::from(e);
        if crate::is_unique_violation(&e) { DbError::AlreadyApproved } else { e }
    })?;
    sqlx::query(
        "UPDATE approval_requests SET state = $1, decided_at = $2, decided_by = $3 \
         WHERE trainee_id = $4 AND item_kind = $5 AND item_id = $6 AND state = $7",
    )
    .bind(RequestState::Approved.code())
    .bind(instant_to_sql(approved_at))
    .bind(a.approver_id.to_string())
    .bind(a.trainee_id.to_string())
    .bind(a.item_kind.code())
    .bind(a.item_id)
    .bind(RequestState::Pending.code())
    .execute(conn)
    .await?;
    Ok(id)
}

/// Record a reset (nulstilling) of an approval.
pub async fn insert_reset(
    conn: &mut Conn,
    approval: ApprovalId,
    reset_by: PersonId,
    request_reference: &str,
    reason: &str,
    reset_at: DateTime<Utc>,
) -> Result<ResetId, DbError> {
    let id = ResetId::new();
    sqlx::query(
        "INSERT INTO approval_resets (id, approval_id, reset_by, reset_at, request_reference, reason) VALUES ($1, $2, $3, $4, $5, $6)",
    )
    .bind(id.to_string())
    .bind(approval.to_string())
    .bind(reset_by.to_string())
    .bind(instant_to_sql(reset_at))
    .bind(request_reference)
    .bind(reason)
    .execute(conn)
    .await?;
    Ok(id)
}

/// Who approved an item, as shown beside it.
#[derive(Debug, Clone, PartialEq)]
pub struct ApprovalInfo {
    pub approval_id: ApprovalId,
    pub approver_name: String,
    pub approver_role: Role,
    pub approved_at: DateTime<Utc>,
    pub assessment_method: Option<AssessmentMethod>,
}

/// The state of one competency for one trainee.
#[derive(Debug, Clone, PartialEq)]
pub struct CompetencyStatus {
    pub competency_id: CompetencyId,
    pub state: CompetencyState,
    pub approval: Option<ApprovalInfo>,
    pub ready_since: Option<DateTime<Utc>>,
}

/// The state of every competency of a curriculum version for a trainee, in one query.
pub async fn competency_states(
    conn: &mut Conn,
    trainee: PersonId,
    version: CurriculumVersionId,
) -> Result<Vec<CompetencyStatus>, DbError> {
    let rows = sqlx::query(
        "SELECT c.id AS competency_id, a.id AS approval_id, a.approver_role, a.approved_at, a.assessment_method, \
                ap.given_name, ap.family_name, \
                (SELECT MIN(r.requested_at) FROM approval_requests r WHERE r.trainee_id = $1 \
                   AND r.item_kind = 'competency' AND r.item_id = c.id AND r.state = 'pending') AS ready_since \
         FROM competencies c \
         LEFT JOIN approvals a ON a.trainee_id = $1 AND a.item_kind = 'competency' AND a.item_id = c.id \
              AND NOT EXISTS (SELECT 1 FROM approval_resets x WHERE x.approval_id = a.id) \
         LEFT JOIN people ap ON ap.id = a.approver_id \
         WHERE c.curriculum_version_id = $2",
    )
    .bind(trainee.to_string())
    .bind(version.to_string())
    .fetch_all(conn)
    .await?;
    rows.iter()
        .map(|row| {
            let approval = match row.opt_text("approval_id")? {
                Some(id) => Some(ApprovalInfo {
                    approval_id: id
                        .parse()
                        .map_err(|_| DbError::Corrupt("bad approval id".into()))?,
                    approver_name: format!(
                        "{} {}",
                        row.text("given_name")?,
                        row.text("family_name")?
                    ),
                    approver_role: row.parse("approver_role")?,
                    approved_at: row.instant("approved_at")?,
                    assessment_method: row.opt_parse("assessment_method")?,
                }),
                None => None,
            };
            let ready_since = row.opt_instant("ready_since")?;
            let state = if approval.is_some() {
                CompetencyState::Approved
            } else if ready_since.is_some() {
                CompetencyState::ReportedReady
            } else {
                CompetencyState::NotStarted
            };
            Ok(CompetencyStatus {
                competency_id: row.parse("competency_id")?,
                state,
                approval,
                ready_since,
            })
        })
        .collect()
}

/// One event in the history of an item: a request, an approval or a reset.
#[derive(Debug, Clone, PartialEq)]
pub struct HistoryEntry {
    pub at: DateTime<Utc>,
    pub kind: HistoryKind,
    pub person_name: String,
    pub role: Option<Role>,
    pub text: String,
}

/// What happened to an item.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HistoryKind {
    Requested,
    Approved,
    Reset,
}

/// The history of an item for a trainee, oldest first.
pub async fn history(
    conn: &mut Conn,
    trainee: PersonId,
    kind: ItemKind,
    item_id: &str,
) -> Result<Vec<HistoryEntry>, DbError> {
    let rows = sqlx::query(
        "SELECT 'requested' AS what, r.requested_at AS at, p.given_name, p.family_name, NULL AS role, r.message AS text \
           FROM approval_requests r JOIN people p ON p.id = r.trainee_id \
           WHERE r.trainee_id = $1 AND r.item_kind = $2 AND r.item_id = $3 \
         UNION ALL \
         SELECT 'approved', a.approved_at, p.given_name, p.family_name, a.approver_role, a.comment \
           FROM approvals a JOIN people p ON p.id = a.approver_id \
           WHERE a.trainee_id = $1 AND a.item_kind = $2 AND a.item_id = $3 \
         UNION ALL \
         SELECT 'reset', x.reset_at, p.given_name, p.family_name, 'secretariat', x.request_reference || ': ' || x.reason \
           FROM approval_resets x JOIN approvals a ON a.id = x.approval_id JOIN people p ON p.id = x.reset_by \
           WHERE a.trainee_id = $1 AND a.item_kind = $2 AND a.item_id = $3 \
         ORDER BY at",
    )
    .bind(trainee.to_string())
    .bind(kind.code())
    .bind(item_id)
    .fetch_all(conn)
    .await?;
    rows.iter()
        .map(|row| {
            Ok(HistoryEntry {
                at: row.instant("at")?,
                kind: match row.text("what")?.as_str() {
                    "requested" => HistoryKind::Requested,
                    "approved" => HistoryKind::Approved,
                    _ => HistoryKind::Reset,
                },
                person_name: format!("{} {}", row.text("given_name")?, row.text("family_name")?),
                role: row.opt_parse("role")?,
                text: row.text("text")?,
            })
        })
        .collect()
}
