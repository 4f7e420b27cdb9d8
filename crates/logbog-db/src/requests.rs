//! Requests for approval (meld klar til godkendelse): made by the trainee to one approver in one
//! role, closed as approved, returned or withdrawn. A pending request is read together with the
//! facts that decide whether its approver may still decide it (`rights::may_decide`); the rule
//! itself is applied by the caller, never here.

use crate::{Conn, DbError, RowExt, instant_to_sql};
use chrono::{DateTime, NaiveDate, Utc};
use logbog_domain::rights::{Decision, ItemFacts};
use logbog_domain::{ApprovalRequestId, ItemRef, PersonId, RequestState, Role};

/// A new request for approval.
#[derive(Debug, Clone)]
pub struct NewRequest<'a> {
    pub trainee_id: PersonId,
    pub item: ItemRef,
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
    .bind(r.item.kind().code())
    .bind(r.item.id_text())
    .bind(r.approver_id.to_string())
    .bind(r.approver_role.code())
    .bind(r.message)
    .bind(instant_to_sql(requested_at))
    .bind(RequestState::Pending.code())
    .execute(conn)
    .await?;
    Ok(id)
}

/// A request as stored.
#[derive(Debug, Clone, PartialEq)]
pub struct Request {
    pub id: ApprovalRequestId,
    pub trainee_id: PersonId,
    pub item: ItemRef,
    pub approver_id: PersonId,
    pub approver_role: Role,
    pub state: RequestState,
}

/// The item of a row with `item_kind` and `item_id` columns.
pub(crate) fn item_of(row: &sqlx::any::AnyRow) -> Result<ItemRef, DbError> {
    ItemRef::from_parts(row.parse("item_kind")?, &row.text("item_id")?).map_err(|e| DbError::Corrupt(e.to_string()))
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
            item: item_of(&row)?,
            approver_id: row.parse("approver_id")?,
            approver_role: row.parse("approver_role")?,
            state: row.parse("state")?,
        })
    })
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

/// A pending request with the facts that decide whether its approver may still decide it.
#[derive(Debug, Clone, PartialEq)]
pub struct PendingRequest {
    pub id: ApprovalRequestId,
    pub trainee_id: PersonId,
    pub trainee_name: String,
    pub item: ItemRef,
    pub approver_id: PersonId,
    pub approver_name: String,
    pub approver_role: Role,
    pub requested_at: DateTime<Utc>,
    pub message: String,
    /// Whether the approver holds, today, the relation the request was addressed in.
    pub relation_current: bool,
    /// What the rule needs to know of the item.
    pub item_facts: ItemFacts,
}

impl PendingRequest {
    /// The approver's decision on `today`, for `rights::may_decide` and `may_approve`.
    pub fn decision(&self, today: NaiveDate) -> Decision {
        Decision {
            actor: self.approver_id,
            trainee: self.trainee_id,
            role: self.approver_role,
            relation_current: self.relation_current,
            item: self.item_facts,
            today,
        }
    }
}

/// The columns of a pending request `r` and its facts on the day bound at `$day`; the query
/// continues after `FROM approval_requests r JOIN people t … JOIN people ap …`. The relation of
/// each kind: for a competency, a supervision in force (supervisor) or the trainee employed on
/// the day at a site whose role the approver holds; for a time attestation, the role held for
/// the employment's site.
macro_rules! pending_select {
    ($day:literal) => {
        concat!(
            "SELECT r.id, r.trainee_id, r.item_kind, r.item_id, r.approver_id, r.approver_role, r.requested_at, r.message, \
                    t.given_name AS t_given, t.family_name AS t_family, ap.given_name AS a_given, ap.family_name AS a_family, ",
            pending_facts!($day),
            " FROM approval_requests r JOIN people t ON t.id = r.trainee_id JOIN people ap ON ap.id = r.approver_id "
        )
    };
}

/// The facts of a pending request `r` on the day bound at `$day` (see [`pending_select`]), as
/// the columns `relation_current`, `general_practice` and `employment_end`.
macro_rules! pending_facts {
    ($day:literal) => {
        concat!(
            "CASE WHEN (r.approver_role = 'supervisor' AND EXISTS ( \
                        SELECT 1 FROM supervisions s WHERE s.supervisor_id = r.approver_id AND s.trainee_id = r.trainee_id AND ",
            crate::supervision_in_force!("s", $day),
            // From the trainee's employments on the day to the grants at their sites: both
            // planners then start from the trainee, not from every employment at a lead's sites.
            ")) OR (r.item_kind = 'competency' AND r.approver_role IN ('training_lead', 'tutor') AND EXISTS ( \
                        SELECT 1 FROM programmes pr JOIN employments e ON e.programme_id = pr.id \
                        WHERE pr.trainee_id = r.trainee_id AND e.start_date <= ",
            $day,
            " AND e.end_date >= ",
            $day,
            " AND EXISTS (SELECT 1 FROM role_grants g WHERE g.scope_id = e.site_id AND g.person_id = r.approver_id \
                          AND g.role = r.approver_role AND g.ended_at IS NULL AND ",
            crate::in_force!("g", $day),
            "))) OR (r.item_kind = 'time_attestation' AND r.approver_role IN ('training_lead', 'tutor') AND EXISTS ( \
                        SELECT 1 FROM role_grants g JOIN employments e ON e.site_id = g.scope_id \
                        WHERE e.id = r.item_id AND g.person_id = r.approver_id AND g.role = r.approver_role \
                          AND g.ended_at IS NULL AND ",
            crate::in_force!("g", $day),
            ")) THEN 1 ELSE 0 END AS relation_current, \
                    CASE WHEN r.item_kind = 'competency' AND r.item_id IN ( \
                        SELECT gc.id FROM competencies gc JOIN curriculum_versions gv ON gv.id = gc.curriculum_version_id \
                        JOIN curriculum_specialties gcs ON gcs.curriculum_id = gv.curriculum_id \
                        JOIN specialties gs ON gs.id = gcs.specialty_id \
                        WHERE gs.code = 'almen-medicin') THEN 1 ELSE 0 END AS general_practice, \
                    (SELECT te.end_date FROM employments te WHERE r.item_kind = 'time_attestation' AND te.id = r.item_id) \
                      AS employment_end"
        )
    };
}

fn pending_from_row(row: &sqlx::any::AnyRow) -> Result<PendingRequest, DbError> {
    let mut r = facts_from_row(row)?;
    r.trainee_name = format!("{} {}", row.text("t_given")?, row.text("t_family")?);
    r.approver_name = format!("{} {}", row.text("a_given")?, row.text("a_family")?);
    r.message = row.text("message")?;
    Ok(r)
}

/// A pending request's facts, with its names and message left empty.
fn facts_from_row(row: &sqlx::any::AnyRow) -> Result<PendingRequest, DbError> {
    let item = item_of(row)?;
    let item_facts = match item {
        ItemRef::Competency(_) => ItemFacts::Competency {
            general_practice: row.int("general_practice")? == 1,
        },
        ItemRef::TimeAttestation(_) => ItemFacts::TimeAttestation {
            employment_end: row
                .opt_date("employment_end")?
                .ok_or_else(|| DbError::Corrupt(format!("time attestation request of an unknown employment {item}")))?,
        },
    };
    Ok(PendingRequest {
        id: row.parse("id")?,
        trainee_id: row.parse("trainee_id")?,
        trainee_name: String::new(),
        item,
        approver_id: row.parse("approver_id")?,
        approver_name: String::new(),
        approver_role: row.parse("approver_role")?,
        requested_at: row.instant("requested_at")?,
        message: String::new(),
        relation_current: row.int("relation_current")? == 1,
        item_facts,
    })
}

/// One pending request with its facts on `day`; `None` when it is not pending.
pub async fn find_pending(
    conn: &mut Conn,
    id: ApprovalRequestId,
    day: NaiveDate,
) -> Result<Option<PendingRequest>, DbError> {
    let row = sqlx::query(concat!(
        pending_select!("$2"),
        "WHERE r.id = $1 AND r.state = 'pending'"
    ))
    .bind(id.to_string())
    .bind(crate::date_to_sql(day))
    .fetch_optional(conn)
    .await?;
    row.as_ref().map(pending_from_row).transpose()
}

/// The trainee's pending requests with their facts on `day`. At most one per item (a partial
/// unique index keeps it so).
pub async fn pending_of_trainee(
    conn: &mut Conn,
    trainee: PersonId,
    day: NaiveDate,
) -> Result<Vec<PendingRequest>, DbError> {
    let rows = sqlx::query(concat!(
        pending_select!("$2"),
        "WHERE r.trainee_id = $1 AND r.state = 'pending' ORDER BY r.requested_at, r.id"
    ))
    .bind(trainee.to_string())
    .bind(crate::date_to_sql(day))
    .fetch_all(conn)
    .await?;
    rows.iter().map(pending_from_row).collect()
}

/// Pending requests addressed to `approver`, oldest first, with their facts on `day` and only
/// those: the names and the message are left empty ([`crate::work_items::work_details`] reads them, and what the
/// work list shows of the item, for one page). One query.
pub async fn pending_facts_addressed_to(
    conn: &mut Conn,
    approver: PersonId,
    day: NaiveDate,
) -> Result<Vec<PendingRequest>, DbError> {
    let rows = sqlx::query(concat!(
        "SELECT r.id, r.trainee_id, r.item_kind, r.item_id, r.approver_id, r.approver_role, r.requested_at, ",
        pending_facts!("$2"),
        " FROM approval_requests r WHERE r.approver_id = $1 AND r.state = 'pending' ORDER BY r.requested_at, r.id"
    ))
    .bind(approver.to_string())
    .bind(crate::date_to_sql(day))
    .fetch_all(conn)
    .await?;
    rows.iter().map(facts_from_row).collect()
}

/// The dedupe key of the reminder of a request: one reminder per request, ever.
/// [`unreminded_requests`] matches the same text in SQL.
pub fn reminder_key(request: ApprovalRequestId) -> String {
    format!("reminder:{request}")
}

/// The dedupe key of the escalation of a request to one training lead or tutor.
/// [`unescalated_requests`] matches the same text in SQL.
pub fn escalation_key(request: ApprovalRequestId, lead: PersonId) -> String {
    format!("escalation:{request}:{lead}")
}

/// Pending requests made before `before` whose approver has not been reminded yet, oldest
/// first, with their facts on `day`. One query, set-based: a request reminded once is not read
/// again, so a run with nothing new to do reads nothing and writes nothing.
pub async fn unreminded_requests(
    conn: &mut Conn,
    before: DateTime<Utc>,
    day: NaiveDate,
) -> Result<Vec<PendingRequest>, DbError> {
    let rows = sqlx::query(concat!(
        pending_select!("$2"),
        "WHERE r.state = 'pending' AND r.requested_at < $1 \
           AND NOT EXISTS (SELECT 1 FROM notifications n WHERE n.dedupe_key = 'reminder:' || r.id) \
         ORDER BY r.requested_at, r.id"
    ))
    .bind(instant_to_sql(before))
    .bind(crate::date_to_sql(day))
    .fetch_all(conn)
    .await?;
    rows.iter().map(pending_from_row).collect()
}

/// A request waiting longer than the escalation delay, and a training lead or tutor of a site
/// where the trainee is employed on the day who has not been told of it yet.
#[derive(Debug, Clone, PartialEq)]
pub struct Escalation {
    pub request: ApprovalRequestId,
    pub trainee_id: PersonId,
    pub item: ItemRef,
    pub trainee_name: String,
    pub approver_name: String,
    pub requested_at: DateTime<Utc>,
    pub lead: PersonId,
}

/// Every escalation still to make for requests made before `before`: pending requests joined
/// with the training leads and tutors in force on `day` at the trainee's current sites (not the
/// approver, not the trainee), without an escalation of that request to that person. One query.
pub async fn unescalated_requests(
    conn: &mut Conn,
    before: DateTime<Utc>,
    day: NaiveDate,
) -> Result<Vec<Escalation>, DbError> {
    let rows = sqlx::query(concat!(
        "SELECT DISTINCT r.id, r.trainee_id, r.item_kind, r.item_id, r.requested_at, g.person_id AS lead_id, \
                t.given_name AS t_given, t.family_name AS t_family, ap.given_name AS a_given, ap.family_name AS a_family \
           FROM approval_requests r JOIN people t ON t.id = r.trainee_id JOIN people ap ON ap.id = r.approver_id \
           JOIN programmes pr ON pr.trainee_id = r.trainee_id \
           JOIN employments e ON e.programme_id = pr.id AND e.start_date <= $2 AND e.end_date >= $2 \
           JOIN role_grants g ON g.scope_id = e.site_id AND g.role IN ('training_lead', 'tutor') AND g.ended_at IS NULL \
          WHERE r.state = 'pending' AND r.requested_at < $1 AND g.person_id <> r.approver_id \
            AND g.person_id <> r.trainee_id AND ",
        crate::in_force!("g", "$2"),
        " AND NOT EXISTS (SELECT 1 FROM notifications n \
                           WHERE n.dedupe_key = 'escalation:' || r.id || ':' || g.person_id) \
          ORDER BY r.requested_at, r.id, g.person_id"
    ))
    .bind(instant_to_sql(before))
    .bind(crate::date_to_sql(day))
    .fetch_all(conn)
    .await?;
    rows.iter()
        .map(|row| {
            let kind: logbog_domain::ItemKind = row.parse("item_kind")?;
            Ok(Escalation {
                request: row.parse("id")?,
                trainee_id: row.parse("trainee_id")?,
                item: ItemRef::from_parts(kind, &row.text("item_id")?).map_err(|e| DbError::Corrupt(e.to_string()))?,
                trainee_name: format!("{} {}", row.text("t_given")?, row.text("t_family")?),
                approver_name: format!("{} {}", row.text("a_given")?, row.text("a_family")?),
                requested_at: row.instant("requested_at")?,
                lead: row.parse("lead_id")?,
            })
        })
        .collect()
}

/// What identifies the requests pending for an approver, read from the approver index alone:
/// their number and the earliest and latest request time. A request made or closed changes it.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct PendingFingerprint {
    pub count: i64,
    pub first: Option<String>,
    pub last: Option<String>,
}

/// The [`PendingFingerprint`] of `approver`'s pending requests. One query.
pub async fn pending_fingerprint(conn: &mut Conn, approver: PersonId) -> Result<PendingFingerprint, DbError> {
    let row = sqlx::query(
        "SELECT COUNT(*) AS n, MIN(requested_at) AS first, MAX(requested_at) AS last \
           FROM approval_requests WHERE approver_id = $1 AND state = 'pending'",
    )
    .bind(approver.to_string())
    .fetch_one(conn)
    .await?;
    Ok(PendingFingerprint {
        count: row.int("n")?,
        first: row.opt_text("first")?,
        last: row.opt_text("last")?,
    })
}

/// The pending request for the item, if any.
pub async fn pending_request(
    conn: &mut Conn,
    trainee: PersonId,
    item: ItemRef,
) -> Result<Option<ApprovalRequestId>, DbError> {
    let id: Option<String> = sqlx::query_scalar(
        "SELECT id FROM approval_requests WHERE trainee_id = $1 AND item_kind = $2 AND item_id = $3 AND state = 'pending' \
         ORDER BY requested_at LIMIT 1",
    )
    .bind(trainee.to_string())
    .bind(item.kind().code())
    .bind(item.id_text())
    .fetch_optional(conn)
    .await?;
    id.map(|id| {
        id.parse()
            .map_err(|_| DbError::Corrupt(format!("bad request id {id:?}")))
    })
    .transpose()
}

/// Someone the trainee can report to today, in one role.
#[derive(Debug, Clone, PartialEq)]
pub struct Approver {
    pub person_id: PersonId,
    pub name: String,
    pub role: Role,
    pub site_name: String,
}

/// The trainee's current approvers, one row per person and role: supervisors with access in
/// force, training leads and tutors of the sites where the trainee is employed on `day`. One
/// query.
pub async fn current_approvers(conn: &mut Conn, trainee: PersonId, day: NaiveDate) -> Result<Vec<Approver>, DbError> {
    let rows = sqlx::query(concat!(
        "SELECT s.supervisor_id AS person_id, 'supervisor' AS role, si.name AS site_name, p.given_name, p.family_name \
           FROM supervisions s JOIN sites si ON si.id = s.site_id JOIN people p ON p.id = s.supervisor_id \
           WHERE s.trainee_id = $1 AND ",
        crate::supervision_in_force!("s", "$2"),
        " UNION \
         SELECT g.person_id, g.role, si.name, p.given_name, p.family_name \
           FROM employments e JOIN programmes pr ON pr.id = e.programme_id \
           JOIN role_grants g ON g.scope_id = e.site_id AND g.role IN ('training_lead', 'tutor') \
           JOIN sites si ON si.id = e.site_id JOIN people p ON p.id = g.person_id \
           WHERE pr.trainee_id = $1 AND e.start_date <= $2 AND e.end_date >= $2 AND g.ended_at IS NULL AND ",
        crate::in_force!("g", "$2"),
        " ORDER BY role, family_name"
    ))
    .bind(trainee.to_string())
    .bind(crate::date_to_sql(day))
    .fetch_all(conn)
    .await?;
    let mut out: Vec<Approver> = Vec::with_capacity(rows.len());
    for row in &rows {
        let person_id: PersonId = row.parse("person_id")?;
        let role: Role = row.parse("role")?;
        // Nobody approves their own items; a person and role appear once (two supervisions).
        if person_id == trainee || out.iter().any(|a| a.person_id == person_id && a.role == role) {
            continue;
        }
        out.push(Approver {
            person_id,
            name: format!("{} {}", row.text("given_name")?, row.text("family_name")?),
            role,
            site_name: row.text("site_name")?,
        });
    }
    Ok(out)
}
