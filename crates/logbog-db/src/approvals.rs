//! Approvals and their resets. Approvals are append-only: a reset is a record of its own, and
//! the next approval of the item takes the next generation. Requests are in `requests`.

use crate::requests::item_of;
use crate::{Conn, DbError, RowExt, instant_to_sql};
use chrono::{DateTime, Utc};
use logbog_domain::{
    ApprovalId, ApprovalRequestId, AssessmentMethod, DocumentId, ItemRef, PersonId, RequestState, ResetId, Role,
};

/// A new approval.
#[derive(Debug, Clone)]
pub struct NewApproval<'a> {
    pub trainee_id: PersonId,
    pub item: ItemRef,
    pub approver_id: PersonId,
    pub approver_role: Role,
    pub assessment_method: Option<AssessmentMethod>,
    /// The document it rests on (a competency card), if any.
    pub basis_document: Option<DocumentId>,
    pub comment: &'a str,
    pub request_id: Option<ApprovalRequestId>,
}

/// Insert the next-generation approval of an item and close its pending requests. Refused with
/// [`DbError::AlreadyApproved`] while an earlier approval stands (not reset). Two concurrent
/// approvals compute the same generation; the unique key lets exactly one of them commit. The
/// request it answers is closed first, and only while still pending: on PostgreSQL that row
/// lock orders it with a concurrent return or withdrawal, and whichever comes second is refused
/// with [`DbError::RequestDecided`].
pub async fn insert_approval(
    conn: &mut Conn,
    a: &NewApproval<'_>,
    approved_at: DateTime<Utc>,
) -> Result<ApprovalId, DbError> {
    if let Some(request) = a.request_id {
        let closed = sqlx::query(
            "UPDATE approval_requests SET state = $1, decided_at = $2, decided_by = $3 WHERE id = $4 AND state = $5",
        )
        .bind(RequestState::Approved.code())
        .bind(instant_to_sql(approved_at))
        .bind(a.approver_id.to_string())
        .bind(request.to_string())
        .bind(RequestState::Pending.code())
        .execute(&mut *conn)
        .await?;
        if closed.rows_affected() != 1 {
            return Err(DbError::RequestDecided);
        }
    }
    let row = sqlx::query(
        "SELECT COUNT(*) AS approvals, COUNT(x.id) AS resets FROM approvals ap \
         LEFT JOIN approval_resets x ON x.approval_id = ap.id \
         WHERE ap.trainee_id = $1 AND ap.item_kind = $2 AND ap.item_id = $3",
    )
    .bind(a.trainee_id.to_string())
    .bind(a.item.kind().code())
    .bind(a.item.id_text())
    .fetch_one(&mut *conn)
    .await?;
    let (generation, resets) = (row.int("approvals")?, row.int("resets")?);
    if generation > resets {
        return Err(DbError::AlreadyApproved);
    }
    let id = ApprovalId::new();
    sqlx::query(
        "INSERT INTO approvals (id, trainee_id, item_kind, item_id, generation, approver_id, approver_role, approved_at, \
           assessment_method, comment, request_id, basis_document_id) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)",
    )
    .bind(id.to_string())
    .bind(a.trainee_id.to_string())
    .bind(a.item.kind().code())
    .bind(a.item.id_text())
    .bind(generation + 1)
    .bind(a.approver_id.to_string())
    .bind(a.approver_role.code())
    .bind(instant_to_sql(approved_at))
    .bind(a.assessment_method.map(AssessmentMethod::code))
    .bind(a.comment)
    .bind(a.request_id.map(|r| r.to_string()))
    .bind(a.basis_document.map(|d| d.to_string()))
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
    .bind(a.item.kind().code())
    .bind(a.item.id_text())
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
    Withdrawn,
    Returned,
    Approved,
    Reset,
}

/// The history of an item for a trainee, oldest first.
pub async fn history(conn: &mut Conn, trainee: PersonId, item: ItemRef) -> Result<Vec<HistoryEntry>, DbError> {
    let rows = sqlx::query(
        "SELECT 'requested' AS what, r.requested_at AS at, p.given_name, p.family_name, NULL AS role, r.message AS text \
           FROM approval_requests r JOIN people p ON p.id = r.trainee_id \
           WHERE r.trainee_id = $1 AND r.item_kind = $2 AND r.item_id = $3 \
         UNION ALL \
         SELECT 'approved', a.approved_at, p.given_name, p.family_name, a.approver_role, a.comment \
           FROM approvals a JOIN people p ON p.id = a.approver_id \
           WHERE a.trainee_id = $1 AND a.item_kind = $2 AND a.item_id = $3 \
         UNION ALL \
         SELECT r.state, r.decided_at, p.given_name, p.family_name, \
                CASE WHEN r.state = 'returned' THEN r.approver_role ELSE NULL END, r.decision_comment \
           FROM approval_requests r JOIN people p ON p.id = r.decided_by \
           WHERE r.trainee_id = $1 AND r.item_kind = $2 AND r.item_id = $3 AND r.state IN ('returned', 'withdrawn') \
         UNION ALL \
         SELECT 'reset', x.reset_at, p.given_name, p.family_name, 'secretariat', x.request_reference || ': ' || x.reason \
           FROM approval_resets x JOIN approvals a ON a.id = x.approval_id JOIN people p ON p.id = x.reset_by \
           WHERE a.trainee_id = $1 AND a.item_kind = $2 AND a.item_id = $3 \
         ORDER BY at",
    )
    .bind(trainee.to_string())
    .bind(item.kind().code())
    .bind(item.id_text())
    .fetch_all(conn)
    .await?;
    rows.iter()
        .map(|row| {
            Ok(HistoryEntry {
                at: row.instant("at")?,
                kind: match row.text("what")?.as_str() {
                    "requested" => HistoryKind::Requested,
                    "approved" => HistoryKind::Approved,
                    "returned" => HistoryKind::Returned,
                    "withdrawn" => HistoryKind::Withdrawn,
                    _ => HistoryKind::Reset,
                },
                person_name: format!("{} {}", row.text("given_name")?, row.text("family_name")?),
                role: row.opt_parse("role")?,
                text: row.text("text")?,
            })
        })
        .collect()
}

/// The approval of the item that stands (not reset), if any.
pub async fn standing_approval(
    conn: &mut Conn,
    trainee: PersonId,
    item: ItemRef,
) -> Result<Option<ApprovalId>, DbError> {
    sqlx::query_scalar::<_, String>(
        "SELECT a.id FROM approvals a WHERE a.trainee_id = $1 AND a.item_kind = $2 AND a.item_id = $3 \
           AND NOT EXISTS (SELECT 1 FROM approval_resets x WHERE x.approval_id = a.id)",
    )
    .bind(trainee.to_string())
    .bind(item.kind().code())
    .bind(item.id_text())
    .fetch_optional(conn)
    .await?
    .map(|s| s.parse().map_err(|_| DbError::Corrupt("bad approval id".into())))
    .transpose()
}

/// Every approval of the trainee's items that stands (not reset), with who gave it. One query.
pub async fn standing_approvals_of(
    conn: &mut Conn,
    trainee: PersonId,
) -> Result<Vec<(ItemRef, ApprovalInfo)>, DbError> {
    let rows = sqlx::query(
        "SELECT a.id, a.item_kind, a.item_id, a.approver_role, a.approved_at, a.assessment_method, p.given_name, p.family_name \
         FROM approvals a JOIN people p ON p.id = a.approver_id \
         WHERE a.trainee_id = $1 AND NOT EXISTS (SELECT 1 FROM approval_resets x WHERE x.approval_id = a.id)",
    )
    .bind(trainee.to_string())
    .fetch_all(conn)
    .await?;
    rows.iter()
        .map(|row| {
            Ok((
                item_of(row)?,
                ApprovalInfo {
                    approval_id: row.parse("id")?,
                    approver_name: format!("{} {}", row.text("given_name")?, row.text("family_name")?),
                    approver_role: row.parse("approver_role")?,
                    approved_at: row.instant("approved_at")?,
                    assessment_method: row.opt_parse("assessment_method")?,
                },
            ))
        })
        .collect()
}
