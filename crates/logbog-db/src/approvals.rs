//! Requests for approval, approvals and their resets. Approvals are append-only: a reset is a
//! record of its own, and the next approval of the item takes the next generation.

use crate::{Conn, DbError, RowExt, instant_to_sql};
use chrono::{DateTime, Utc};
use logbog_domain::{
    ApprovalId, ApprovalRequestId, AssessmentMethod, CompetencyId, CompetencyState, CurriculumVersionId, ItemKind,
    PersonId, RequestState, ResetId, Role,
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
    pub pending: Option<PendingRequest>,
}

/// A pending request for approval of an item.
#[derive(Debug, Clone, PartialEq)]
pub struct PendingRequest {
    pub request_id: ApprovalRequestId,
    pub approver_id: PersonId,
    /// Whether the approver may still decide it today; if not, it waits for nobody and the
    /// trainee may report the item again.
    pub approver_may_decide: bool,
    pub approver_name: String,
}

/// The state of every competency of a curriculum version for a trainee on `day`, in one query.
pub async fn competency_states(
    conn: &mut Conn,
    trainee: PersonId,
    version: CurriculumVersionId,
    day: chrono::NaiveDate,
) -> Result<Vec<CompetencyStatus>, DbError> {
    // At most one pending request per item (report_ready refuses a second), so the join adds no rows.
    let sql = format!(
        "SELECT c.id AS competency_id, a.id AS approval_id, a.approver_role, a.approved_at, a.assessment_method, \
                ap.given_name, ap.family_name, r.id AS request_id, r.requested_at AS ready_since, \
                r.approver_id AS request_approver_id, rp.given_name AS request_given_name, rp.family_name AS request_family_name, \
                CASE WHEN r.id IS NOT NULL AND {} THEN 1 ELSE 0 END AS approver_may_decide \
         FROM competencies c \
         LEFT JOIN approvals a ON a.trainee_id = $1 AND a.item_kind = 'competency' AND a.item_id = c.id \
              AND NOT EXISTS (SELECT 1 FROM approval_resets x WHERE x.approval_id = a.id) \
         LEFT JOIN people ap ON ap.id = a.approver_id \
         LEFT JOIN approval_requests r ON r.trainee_id = $1 AND r.item_kind = 'competency' AND r.item_id = c.id \
              AND r.state = 'pending' \
         LEFT JOIN people rp ON rp.id = r.approver_id \
         WHERE c.curriculum_version_id = $2",
        approver_may_decide("$3")
    );
    let rows = sqlx::query(sqlx::AssertSqlSafe(sql))
        .bind(trainee.to_string())
        .bind(version.to_string())
        .bind(crate::date_to_sql(day))
        .fetch_all(conn)
        .await?;
    rows.iter()
        .map(|row| {
            let approval = match row.opt_text("approval_id")? {
                Some(id) => Some(ApprovalInfo {
                    approval_id: id.parse().map_err(|_| DbError::Corrupt("bad approval id".into()))?,
                    approver_name: format!("{} {}", row.text("given_name")?, row.text("family_name")?),
                    approver_role: row.parse("approver_role")?,
                    approved_at: row.instant("approved_at")?,
                    assessment_method: row.opt_parse("assessment_method")?,
                }),
                None => None,
            };
            let ready_since = row.opt_instant("ready_since")?;
            let pending = match row.opt_text("request_id")? {
                Some(id) => Some(PendingRequest {
                    request_id: id.parse().map_err(|_| DbError::Corrupt("bad request id".into()))?,
                    approver_id: row.parse("request_approver_id")?,
                    approver_may_decide: row.int("approver_may_decide")? == 1,
                    approver_name: format!(
                        "{} {}",
                        row.text("request_given_name")?,
                        row.text("request_family_name")?
                    ),
                }),
                None => None,
            };
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
                pending,
            })
        })
        .collect::<Result<Vec<_>, DbError>>()
        .map(|mut v| {
            // Should two requests ever be pending for one item, show it once.
            let mut seen = std::collections::HashSet::new();
            v.retain(|s| seen.insert(s.competency_id));
            v
        })
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

/// Someone the trainee can report a competency ready to, today.
#[derive(Debug, Clone, PartialEq)]
pub struct Approver {
    pub person_id: PersonId,
    pub name: String,
    pub role: Role,
    pub site_name: String,
}

/// The trainee's current approvers: supervisors with access in force, training leads and tutors
/// of the sites where the trainee is employed on `day`. One query.
pub async fn current_approvers(
    conn: &mut Conn,
    trainee: PersonId,
    day: chrono::NaiveDate,
) -> Result<Vec<Approver>, DbError> {
    let d = crate::date_to_sql(day);
    let rows = sqlx::query(
        "SELECT s.supervisor_id AS person_id, 'supervisor' AS role, si.name AS site_name, p.given_name, p.family_name \
           FROM supervisions s JOIN sites si ON si.id = s.site_id JOIN people p ON p.id = s.supervisor_id \
           WHERE s.trainee_id = $1 AND s.valid_from <= $2 AND (s.valid_until IS NULL OR s.valid_until >= $2) \
         UNION \
         SELECT g.person_id, g.role, si.name, p.given_name, p.family_name \
           FROM employments e JOIN programmes pr ON pr.id = e.programme_id \
           JOIN role_grants g ON g.scope_id = e.site_id AND g.role IN ('training_lead', 'tutor') \
           JOIN sites si ON si.id = e.site_id JOIN people p ON p.id = g.person_id \
           WHERE pr.trainee_id = $1 AND e.start_date <= $2 AND e.end_date >= $2 AND g.ended_at IS NULL \
             AND g.valid_from <= $2 AND (g.valid_until IS NULL OR g.valid_until >= $2) \
         ORDER BY role, family_name",
    )
    .bind(trainee.to_string())
    .bind(d)
    .fetch_all(conn)
    .await?;
    rows.iter()
        .filter_map(|row| {
            let person_id: Result<PersonId, _> = row.parse("person_id");
            let trainee_is_self = person_id.as_ref().is_ok_and(|p| *p == trainee);
            (!trainee_is_self).then(|| {
                Ok(Approver {
                    person_id: person_id?,
                    name: format!("{} {}", row.text("given_name")?, row.text("family_name")?),
                    role: row.parse("role")?,
                    site_name: row.text("site_name")?,
                })
            })
        })
        .collect()
}

/// A request waiting for an approver, with what the work list shows.
#[derive(Debug, Clone, PartialEq)]
pub struct WorkItem {
    pub request_id: ApprovalRequestId,
    pub trainee_id: PersonId,
    pub trainee_name: String,
    pub item_kind: ItemKind,
    pub item_id: String,
    pub approver_role: Role,
    pub code: String,
    pub title_da: String,
    pub title_en: String,
    pub assessment_methods: Vec<AssessmentMethod>,
    pub requested_at: DateTime<Utc>,
    pub message: String,
}

/// SQL condition on a request `r` that its approver may still decide it on the day bound at
/// parameter `day` (e.g. `"$2"`): they still have the relation the request was addressed to (a
/// supervision in force; for a training lead or tutor, the trainee employed today at a site
/// they hold, or for a time attestation the employment's site held today), and the item is not
/// a general practice competency asked of anyone but a tutor (DOMAIN §10). A request that fails
/// it waits for nobody: it is not shown to the approver, and the trainee may report the item
/// again. Built from constants only.
fn approver_may_decide(day: &str) -> String {
    let gp = logbog_domain::rights::GENERAL_PRACTICE;
    format!(
        "( \
    (r.item_kind = 'competency' AND r.approver_role = 'supervisor' AND EXISTS ( \
       SELECT 1 FROM supervisions s WHERE s.supervisor_id = r.approver_id AND s.trainee_id = r.trainee_id \
         AND s.valid_from <= {day} AND (s.valid_until IS NULL OR s.valid_until >= {day}))) \
 OR (r.item_kind = 'competency' AND r.approver_role IN ('training_lead', 'tutor') AND EXISTS ( \
       SELECT 1 FROM role_grants g JOIN employments e ON e.site_id = g.scope_id \
         JOIN programmes pr ON pr.id = e.programme_id \
       WHERE g.person_id = r.approver_id AND g.role = r.approver_role AND g.ended_at IS NULL \
         AND g.valid_from <= {day} AND (g.valid_until IS NULL OR g.valid_until >= {day}) \
         AND pr.trainee_id = r.trainee_id AND e.start_date <= {day} AND e.end_date >= {day})) \
 OR (r.item_kind = 'time_attestation' AND EXISTS ( \
       SELECT 1 FROM role_grants g JOIN employments e ON e.site_id = g.scope_id \
       WHERE e.id = r.item_id AND g.person_id = r.approver_id AND g.role = r.approver_role \
         AND g.ended_at IS NULL AND g.valid_from <= {day} AND (g.valid_until IS NULL OR g.valid_until >= {day})))) \
 AND NOT (r.item_kind = 'competency' AND r.approver_role <> 'tutor' AND EXISTS ( \
       SELECT 1 FROM competencies gc JOIN curriculum_versions gv ON gv.id = gc.curriculum_version_id \
         JOIN curriculum_specialties gcs ON gcs.curriculum_id = gv.curriculum_id \
         JOIN specialties gs ON gs.id = gcs.specialty_id \
       WHERE gc.id = r.item_id AND gs.code = '{gp}'))"
    )
}

/// Pending requests addressed to `approver` that they may still decide on `day`, oldest first.
/// One query.
pub async fn pending_for_approver(
    conn: &mut Conn,
    approver: PersonId,
    day: chrono::NaiveDate,
) -> Result<Vec<WorkItem>, DbError> {
    let sql = format!(
        "SELECT r.id AS id, r.trainee_id, p.given_name, p.family_name, r.item_kind, r.item_id, r.approver_role, \
                c.code, c.title_da, c.title_en, c.assessment_methods, r.requested_at AS requested_at, r.message \
         FROM approval_requests r JOIN people p ON p.id = r.trainee_id \
         JOIN competencies c ON r.item_kind = 'competency' AND c.id = r.item_id \
         WHERE r.approver_id = $1 AND r.state = 'pending' AND {decidable} \
         UNION ALL \
         SELECT r.id, r.trainee_id, p.given_name, p.family_name, r.item_kind, r.item_id, r.approver_role, \
                '' AS code, s.name AS title_da, s.name AS title_en, '' AS assessment_methods, r.requested_at, r.message \
         FROM approval_requests r JOIN people p ON p.id = r.trainee_id \
         JOIN employments e ON r.item_kind = 'time_attestation' AND e.id = r.item_id \
         JOIN sites s ON s.id = e.site_id \
         WHERE r.approver_id = $1 AND r.state = 'pending' AND {decidable} \
         ORDER BY requested_at, id",
        decidable = approver_may_decide("$2")
    );
    let rows = sqlx::query(sqlx::AssertSqlSafe(sql))
        .bind(approver.to_string())
        .bind(crate::date_to_sql(day))
        .fetch_all(conn)
        .await?;
    rows.iter()
        .map(|row| {
            Ok(WorkItem {
                request_id: row.parse("id")?,
                trainee_id: row.parse("trainee_id")?,
                trainee_name: format!("{} {}", row.text("given_name")?, row.text("family_name")?),
                item_kind: row.parse("item_kind")?,
                item_id: row.text("item_id")?,
                approver_role: row.parse("approver_role")?,
                code: row.text("code")?,
                title_da: row.text("title_da")?,
                title_en: row.text("title_en")?,
                assessment_methods: row.codes("assessment_methods")?,
                requested_at: row.instant("requested_at")?,
                message: row.text("message")?,
            })
        })
        .collect()
}

/// Whether the approver of `request` may still decide it on `day` (see [`approver_may_decide`]).
pub async fn approver_may_decide_request(
    conn: &mut Conn,
    request: ApprovalRequestId,
    day: chrono::NaiveDate,
) -> Result<bool, DbError> {
    // Built from constants only.
    let sql = format!(
        "SELECT COUNT(*) FROM approval_requests r WHERE r.id = $1 AND {}",
        approver_may_decide("$2")
    );
    let n: i64 = sqlx::query_scalar(sqlx::AssertSqlSafe(sql))
        .bind(request.to_string())
        .bind(crate::date_to_sql(day))
        .fetch_one(conn)
        .await?;
    Ok(n > 0)
}

/// How many requests wait for `approver` on `day` (the counter in the header): those of
/// [`pending_for_approver`].
pub async fn count_pending_for_approver(
    conn: &mut Conn,
    approver: PersonId,
    day: chrono::NaiveDate,
) -> Result<i64, DbError> {
    let sql = format!(
        "SELECT COUNT(*) FROM approval_requests r WHERE r.approver_id = $1 AND r.state = 'pending' AND {}",
        approver_may_decide("$2")
    );
    Ok(sqlx::query_scalar(sqlx::AssertSqlSafe(sql))
        .bind(approver.to_string())
        .bind(crate::date_to_sql(day))
        .fetch_one(conn)
        .await?)
}

/// A request as stored.
#[derive(Debug, Clone, PartialEq)]
pub struct Request {
    pub id: ApprovalRequestId,
    pub trainee_id: PersonId,
    pub item_kind: ItemKind,
    pub item_id: String,
    pub approver_id: PersonId,
    pub approver_role: Role,
    pub state: RequestState,
}

pub async fn find_request(conn: &mut Conn, id: ApprovalRequestId) -> Result<Option<Request>, DbError> {
    let row = sqlx::query("SELECT * FROM approval_requests WHERE id = $1")
        .bind(id.to_string())
        .fetch_optional(conn)
        .await?;
    row.map(|row| {
        Ok(Request {
            id: row.parse("id")?,
            trainee_id: row.parse("trainee_id")?,
            item_kind: row.parse("item_kind")?,
            item_id: row.text("item_id")?,
            approver_id: row.parse("approver_id")?,
            approver_role: row.parse("approver_role")?,
            state: row.parse("state")?,
        })
    })
    .transpose()
}

/// The pending request for the item, if any.
pub async fn pending_request(
    conn: &mut Conn,
    trainee: PersonId,
    kind: ItemKind,
    item_id: &str,
) -> Result<Option<ApprovalRequestId>, DbError> {
    let id: Option<String> = sqlx::query_scalar(
        "SELECT id FROM approval_requests WHERE trainee_id = $1 AND item_kind = $2 AND item_id = $3 AND state = 'pending' \
         ORDER BY requested_at LIMIT 1",
    )
    .bind(trainee.to_string())
    .bind(kind.code())
    .bind(item_id)
    .fetch_optional(conn)
    .await?;
    id.map(|id| {
        id.parse()
            .map_err(|_| DbError::Corrupt(format!("bad request id {id:?}")))
    })
    .transpose()
}

/// The approval of the item that stands (not reset), if any.
pub async fn standing_approval(
    conn: &mut Conn,
    trainee: PersonId,
    kind: ItemKind,
    item_id: &str,
) -> Result<Option<ApprovalId>, DbError> {
    sqlx::query_scalar::<_, String>(
        "SELECT a.id FROM approvals a WHERE a.trainee_id = $1 AND a.item_kind = $2 AND a.item_id = $3 \
           AND NOT EXISTS (SELECT 1 FROM approval_resets x WHERE x.approval_id = a.id)",
    )
    .bind(trainee.to_string())
    .bind(kind.code())
    .bind(item_id)
    .fetch_optional(conn)
    .await?
    .map(|s| s.parse().map_err(|_| DbError::Corrupt("bad approval id".into())))
    .transpose()
}

/// Close a pending request as withdrawn or returned; false when it was no longer pending.
pub async fn close_request(
    conn: &mut Conn,
    id: ApprovalRequestId,
    state: RequestState,
    by: PersonId,
    comment: &str,
    at: DateTime<Utc>,
) -> Result<bool, DbError> {
    let done = sqlx::query(
        "UPDATE approval_requests SET state = $1, decided_at = $2, decided_by = $3, decision_comment = $4 \
         WHERE id = $5 AND state = 'pending'",
    )
    .bind(state.code())
    .bind(instant_to_sql(at))
    .bind(by.to_string())
    .bind(comment)
    .bind(id.to_string())
    .execute(conn)
    .await?;
    Ok(done.rows_affected() > 0)
}

/// The standing approval and the pending request of one item, for its page.
pub async fn item_state(
    conn: &mut Conn,
    trainee: PersonId,
    kind: ItemKind,
    item_id: &str,
    day: chrono::NaiveDate,
) -> Result<(Option<ApprovalInfo>, Option<(PendingRequest, DateTime<Utc>)>), DbError> {
    let approval = sqlx::query(
        "SELECT a.id, a.approver_role, a.approved_at, a.assessment_method, p.given_name, p.family_name \
         FROM approvals a JOIN people p ON p.id = a.approver_id \
         WHERE a.trainee_id = $1 AND a.item_kind = $2 AND a.item_id = $3 \
           AND NOT EXISTS (SELECT 1 FROM approval_resets x WHERE x.approval_id = a.id)",
    )
    .bind(trainee.to_string())
    .bind(kind.code())
    .bind(item_id)
    .fetch_optional(&mut *conn)
    .await?
    .map(|row| {
        Ok::<_, DbError>(ApprovalInfo {
            approval_id: row.parse("id")?,
            approver_name: format!("{} {}", row.text("given_name")?, row.text("family_name")?),
            approver_role: row.parse("approver_role")?,
            approved_at: row.instant("approved_at")?,
            assessment_method: row.opt_parse("assessment_method")?,
        })
    })
    .transpose()?;
    let sql = format!(
        "SELECT r.id, r.requested_at, r.approver_id, p.given_name, p.family_name, \
                CASE WHEN {} THEN 1 ELSE 0 END AS approver_may_decide \
         FROM approval_requests r JOIN people p ON p.id = r.approver_id \
         WHERE r.trainee_id = $1 AND r.item_kind = $2 AND r.item_id = $3 AND r.state = 'pending' ORDER BY r.requested_at LIMIT 1",
        approver_may_decide("$4")
    );
    let pending = sqlx::query(sqlx::AssertSqlSafe(sql))
        .bind(trainee.to_string())
        .bind(kind.code())
        .bind(item_id)
        .bind(crate::date_to_sql(day))
        .fetch_optional(conn)
        .await?
        .map(|row| {
            Ok::<_, DbError>((
                PendingRequest {
                    request_id: row.parse("id")?,
                    approver_id: row.parse("approver_id")?,
                    approver_may_decide: row.int("approver_may_decide")? == 1,
                    approver_name: format!("{} {}", row.text("given_name")?, row.text("family_name")?),
                },
                row.instant("requested_at")?,
            ))
        })
        .transpose()?;
    Ok((approval, pending))
}

/// The time attestation state of each employment of a trainee: employment id → approved?
pub async fn time_attestations_of(
    conn: &mut Conn,
    trainee: PersonId,
) -> Result<Vec<(String, CompetencyState)>, DbError> {
    let rows = sqlx::query(
        "SELECT e.id, \
           (SELECT COUNT(*) FROM approvals a WHERE a.trainee_id = $1 AND a.item_kind = 'time_attestation' AND a.item_id = e.id \
              AND NOT EXISTS (SELECT 1 FROM approval_resets x WHERE x.approval_id = a.id)) AS approved, \
           (SELECT COUNT(*) FROM approval_requests r WHERE r.trainee_id = $1 AND r.item_kind = 'time_attestation' \
              AND r.item_id = e.id AND r.state = 'pending') AS pending \
         FROM employments e JOIN programmes p ON p.id = e.programme_id WHERE p.trainee_id = $1",
    )
    .bind(trainee.to_string())
    .fetch_all(conn)
    .await?;
    rows.iter()
        .map(|row| {
            let state = if row.int("approved")? > 0 {
                CompetencyState::Approved
            } else if row.int("pending")? > 0 {
                CompetencyState::ReportedReady
            } else {
                CompetencyState::NotStarted
            };
            Ok((row.text("id")?, state))
        })
        .collect()
}
