//! Bulk writes for `logbog seed` only: rows shaped exactly as the repositories write them (the
//! same columns, codes and text forms), inserted many to a statement, and audit events appended
//! to the hash chain in bulk. Real use goes through the repositories, one row at a time.

use crate::audit::{Event, NewEvent};
use crate::notifications::notice_to_parts;
use crate::{Conn, DbError, RowExt, date_to_sql, instant_to_sql};

mod upkeep;
use chrono::{DateTime, NaiveDate, Utc};
use logbog_domain::{
    AccountId, ApprovalId, ApprovalRequestId, AssessmentMethod, Cpr, CurriculumVersionId, EmploymentId, GrantId,
    HospitalId, ItemRef, Notice, PersonId, PhaseId, PostgraduateRegion, ProgrammeId, ProgrammeKind, RequestState, Role,
    SiteId, SiteKind, SpecialtyId, Subject, SupervisionId, SupervisorKind, WorkingPercent,
};
pub use upkeep::{analyze, table_counts, tune_connection};

/// The most parameters bound to one statement on PostgreSQL (its limit is 65,535).
const MAX_PARAMS: usize = 30_000;
/// … and on SQLite (its limit is 32,766), where binding looks each parameter's name up among all
/// of the statement's, so the cost grows with the square of their number.
const MAX_PARAMS_SQLITE: usize = 2_000;

/// A bound value: the three column types the storage conventions use.
enum V {
    T(String),
    N(Option<String>),
    I(i64),
}

/// `($1, $2, …), (…)` for `rows` rows of `cols` columns: the only SQL built at run time, and it
/// holds nothing but numbered parameters. SQLite gets `?1, ?2, …`: it takes `$1` for a named
/// parameter and looks each name up among the others, quadratic in a statement of thousands.
fn placeholders(rows: usize, cols: usize, sign: char) -> String {
    let mut s = String::with_capacity(rows * cols * 7);
    for r in 0..rows {
        if r > 0 {
            s.push_str(", ");
        }
        s.push('(');
        for c in 0..cols {
            if c > 0 {
                s.push_str(", ");
            }
            s.push(sign);
            s.push_str(&(r * cols + c + 1).to_string());
        }
        s.push(')');
    }
    s
}

/// Insert `values` (row after row of `cols` values) with `head` (`INSERT INTO t (…) VALUES`), as
/// many rows to a statement as the parameter limit allows.
async fn insert(conn: &mut Conn, head: &'static str, cols: usize, values: Vec<V>) -> Result<u64, DbError> {
    if !values.len().is_multiple_of(cols) {
        return Err(DbError::Corrupt(format!(
            "bulk insert of {cols} columns got {} values",
            values.len()
        )));
    }
    let rows = values.len() / cols;
    let (sign, max) = if conn.backend_name() == "SQLite" {
        ('?', MAX_PARAMS_SQLITE)
    } else {
        ('$', MAX_PARAMS)
    };
    let per = (max / cols).max(1);
    let mut values = values.into_iter();
    let mut done = 0;
    while done < rows {
        let n = per.min(rows - done);
        let sql = format!("{head} {}", placeholders(n, cols, sign));
        // Only numbered parameters are formatted in; every value is bound.
        let mut q = sqlx::query(sqlx::AssertSqlSafe(sql));
        for v in values.by_ref().take(n * cols) {
            q = match v {
                V::T(s) => q.bind(s),
                V::N(s) => q.bind(s),
                V::I(i) => q.bind(i),
            };
        }
        q.execute(&mut *conn).await?;
        done += n;
    }
    Ok(rows as u64)
}

fn t(s: impl ToString) -> V {
    V::T(s.to_string())
}

fn n<T: ToString>(s: Option<T>) -> V {
    V::N(s.map(|s| s.to_string()))
}

/// A person, as `accounts::insert_person` writes one.
#[derive(Debug, Clone)]
pub struct PersonRow {
    pub id: PersonId,
    pub given_name: String,
    pub family_name: String,
    pub cpr: Option<Cpr>,
    pub authorisation_id: Option<String>,
    pub email: Option<String>,
    pub created_at: DateTime<Utc>,
}

pub async fn insert_people(conn: &mut Conn, rows: &[PersonRow]) -> Result<u64, DbError> {
    let mut v = Vec::with_capacity(rows.len() * 8);
    for p in rows {
        v.extend([
            t(p.id),
            t(&p.given_name),
            t(&p.family_name),
            V::N(p.cpr.as_ref().map(Cpr::full)),
            n(p.authorisation_id.as_ref()),
            n(p.email.as_ref()),
            t(instant_to_sql(p.created_at)),
            t(crate::accounts::search_name(&p.given_name, &p.family_name)),
        ]);
    }
    insert(
        conn,
        "INSERT INTO people (id, given_name, family_name, cpr, authorisation_id, email, created_at, search_name) VALUES",
        8,
        v,
    )
    .await
}

/// A login account, as `accounts::insert_account` writes one.
#[derive(Debug, Clone)]
pub struct AccountRow {
    pub id: AccountId,
    pub person_id: PersonId,
    pub username: String,
    pub password_hash: String,
    pub created_at: DateTime<Utc>,
}

pub async fn insert_accounts(conn: &mut Conn, rows: &[AccountRow]) -> Result<u64, DbError> {
    let mut v = Vec::with_capacity(rows.len() * 7);
    for a in rows {
        v.extend([
            t(a.id),
            t(a.person_id),
            t(a.username.to_lowercase()),
            t(&a.password_hash),
            t("da"),
            V::I(0),
            t(instant_to_sql(a.created_at)),
        ]);
    }
    insert(
        conn,
        "INSERT INTO accounts (id, person_id, username, password_hash, locale, disabled, created_at) VALUES",
        7,
        v,
    )
    .await
}

/// A role grant, as `accounts::insert_grant` writes one.
#[derive(Debug, Clone)]
pub struct GrantRow {
    pub id: GrantId,
    pub person_id: PersonId,
    pub role: Role,
    pub scope_id: Option<String>,
    pub valid_from: NaiveDate,
    pub valid_until: Option<NaiveDate>,
    pub granted_by: Option<PersonId>,
    pub granted_at: DateTime<Utc>,
}

pub async fn insert_grants(conn: &mut Conn, rows: &[GrantRow]) -> Result<u64, DbError> {
    let mut v = Vec::with_capacity(rows.len() * 9);
    for g in rows {
        v.extend([
            t(g.id),
            t(g.person_id),
            t(g.role.code()),
            t(g.role.scope_kind().code()),
            n(g.scope_id.as_ref()),
            t(date_to_sql(g.valid_from)),
            V::N(g.valid_until.map(date_to_sql)),
            n(g.granted_by),
            t(instant_to_sql(g.granted_at)),
        ]);
    }
    insert(
        conn,
        "INSERT INTO role_grants (id, person_id, role, scope_kind, scope_id, valid_from, valid_until, granted_by, granted_at) VALUES",
        9,
        v,
    )
    .await
}

/// A training site, as `reference::insert_site` writes one.
#[derive(Debug, Clone)]
pub struct SiteRow {
    pub id: SiteId,
    pub kind: SiteKind,
    pub name: String,
    pub hospital_id: Option<HospitalId>,
    pub region: PostgraduateRegion,
    pub specialty_id: Option<SpecialtyId>,
    pub address: String,
    pub created_at: DateTime<Utc>,
}

pub async fn insert_sites(conn: &mut Conn, rows: &[SiteRow]) -> Result<u64, DbError> {
    let mut v = Vec::with_capacity(rows.len() * 8);
    for s in rows {
        v.extend([
            t(s.id),
            t(s.kind.code()),
            t(&s.name),
            n(s.hospital_id),
            t(s.region.code()),
            n(s.specialty_id),
            t(&s.address),
            t(instant_to_sql(s.created_at)),
        ]);
    }
    insert(
        conn,
        "INSERT INTO sites (id, kind, name, hospital_id, postgraduate_region_id, specialty_id, address, created_at) VALUES",
        8,
        v,
    )
    .await
}

/// A programme and the curriculum versions it follows, as `programmes::insert_programme` and
/// `programmes::add_curriculum` write them.
#[derive(Debug, Clone)]
pub struct ProgrammeRow {
    pub id: ProgrammeId,
    pub trainee_id: PersonId,
    pub kind: ProgrammeKind,
    pub specialty_id: Option<SpecialtyId>,
    pub region: PostgraduateRegion,
    pub start_date: NaiveDate,
    pub end_date: NaiveDate,
    pub agreement_reference: String,
    pub created_at: DateTime<Utc>,
    pub curricula: Vec<CurriculumVersionId>,
}

pub async fn insert_programmes(conn: &mut Conn, rows: &[ProgrammeRow]) -> Result<u64, DbError> {
    let mut v = Vec::with_capacity(rows.len() * 9);
    let mut links = Vec::new();
    for p in rows {
        v.extend([
            t(p.id),
            t(p.trainee_id),
            t(p.kind.code()),
            n(p.specialty_id),
            t(p.region.code()),
            t(date_to_sql(p.start_date)),
            t(date_to_sql(p.end_date)),
            t(&p.agreement_reference),
            t(instant_to_sql(p.created_at)),
        ]);
        for (i, c) in p.curricula.iter().enumerate() {
            links.extend([t(p.id), t(c), V::I(i as i64 + 1)]);
        }
    }
    let done = insert(
        conn,
        "INSERT INTO programmes (id, trainee_id, kind, specialty_id, postgraduate_region_id, start_date, end_date, agreement_reference, created_at) VALUES",
        9,
        v,
    )
    .await?;
    insert(
        conn,
        "INSERT INTO programme_curricula (programme_id, curriculum_version_id, ordinal) VALUES",
        3,
        links,
    )
    .await?;
    Ok(done)
}

/// An employment, as `employments::insert_employment` writes one.
#[derive(Debug, Clone)]
pub struct EmploymentRow {
    pub id: EmploymentId,
    pub programme_id: ProgrammeId,
    pub site_id: SiteId,
    pub phase_id: Option<PhaseId>,
    pub curriculum_version_id: Option<CurriculumVersionId>,
    pub ordinal: i64,
    pub title: String,
    pub start_date: NaiveDate,
    pub end_date: NaiveDate,
    pub working_percent: WorkingPercent,
}

pub async fn insert_employments(conn: &mut Conn, rows: &[EmploymentRow]) -> Result<u64, DbError> {
    let mut v = Vec::with_capacity(rows.len() * 10);
    for e in rows {
        v.extend([
            t(e.id),
            t(e.programme_id),
            t(e.site_id),
            n(e.phase_id),
            n(e.curriculum_version_id),
            V::I(e.ordinal),
            t(&e.title),
            t(date_to_sql(e.start_date)),
            t(date_to_sql(e.end_date)),
            V::I(i64::from(e.working_percent.get())),
        ]);
    }
    insert(
        conn,
        "INSERT INTO employments (id, programme_id, site_id, phase_id, curriculum_version_id, ordinal, title, start_date, end_date, working_percent) VALUES",
        10,
        v,
    )
    .await
}

/// A supervisor relation, as `supervisions::insert_supervision` writes one.
#[derive(Debug, Clone)]
pub struct SupervisionRow {
    pub id: SupervisionId,
    pub supervisor_id: PersonId,
    pub trainee_id: PersonId,
    pub site_id: SiteId,
    pub kind: SupervisorKind,
    pub valid_from: NaiveDate,
    pub valid_until: Option<NaiveDate>,
    pub granted_by: PersonId,
    pub granted_at: DateTime<Utc>,
}

pub async fn insert_supervisions(conn: &mut Conn, rows: &[SupervisionRow]) -> Result<u64, DbError> {
    let mut v = Vec::with_capacity(rows.len() * 9);
    for s in rows {
        v.extend([
            t(s.id),
            t(s.supervisor_id),
            t(s.trainee_id),
            t(s.site_id),
            t(s.kind.code()),
            t(date_to_sql(s.valid_from)),
            V::N(s.valid_until.map(date_to_sql)),
            t(s.granted_by),
            t(instant_to_sql(s.granted_at)),
        ]);
    }
    insert(
        conn,
        "INSERT INTO supervisions (id, supervisor_id, trainee_id, site_id, kind, valid_from, valid_until, granted_by, granted_at) VALUES",
        9,
        v,
    )
    .await
}

/// A request for approval in its final state, as `requests::insert_request` writes it and
/// `approvals::insert_approval` or `requests::close_request` closes it.
#[derive(Debug, Clone)]
pub struct RequestRow {
    pub id: ApprovalRequestId,
    pub trainee_id: PersonId,
    pub item: ItemRef,
    pub approver_id: PersonId,
    pub approver_role: Role,
    pub message: String,
    pub requested_at: DateTime<Utc>,
    pub state: RequestState,
    pub decided_at: Option<DateTime<Utc>>,
    pub decided_by: Option<PersonId>,
    pub decision_comment: String,
}

pub async fn insert_requests(conn: &mut Conn, rows: &[RequestRow]) -> Result<u64, DbError> {
    let mut v = Vec::with_capacity(rows.len() * 12);
    for r in rows {
        v.extend([
            t(r.id),
            t(r.trainee_id),
            t(r.item.kind().code()),
            t(r.item.id_text()),
            t(r.approver_id),
            t(r.approver_role.code()),
            t(&r.message),
            t(instant_to_sql(r.requested_at)),
            t(r.state.code()),
            V::N(r.decided_at.map(instant_to_sql)),
            n(r.decided_by),
            t(&r.decision_comment),
        ]);
    }
    insert(
        conn,
        "INSERT INTO approval_requests (id, trainee_id, item_kind, item_id, approver_id, approver_role, message, requested_at, \
           state, decided_at, decided_by, decision_comment) VALUES",
        12,
        v,
    )
    .await
}

/// An approval, as `approvals::insert_approval` writes one.
#[derive(Debug, Clone)]
pub struct ApprovalRow {
    pub id: ApprovalId,
    pub trainee_id: PersonId,
    pub item: ItemRef,
    pub generation: i64,
    pub approver_id: PersonId,
    pub approver_role: Role,
    pub approved_at: DateTime<Utc>,
    pub assessment_method: Option<AssessmentMethod>,
    pub comment: String,
    pub request_id: Option<ApprovalRequestId>,
}

pub async fn insert_approvals(conn: &mut Conn, rows: &[ApprovalRow]) -> Result<u64, DbError> {
    let mut v = Vec::with_capacity(rows.len() * 11);
    for a in rows {
        v.extend([
            t(a.id),
            t(a.trainee_id),
            t(a.item.kind().code()),
            t(a.item.id_text()),
            V::I(a.generation),
            t(a.approver_id),
            t(a.approver_role.code()),
            t(instant_to_sql(a.approved_at)),
            n(a.assessment_method.map(AssessmentMethod::code)),
            t(&a.comment),
            n(a.request_id),
        ]);
    }
    insert(
        conn,
        "INSERT INTO approvals (id, trainee_id, item_kind, item_id, generation, approver_id, approver_role, approved_at, \
           assessment_method, comment, request_id) VALUES",
        11,
        v,
    )
    .await
}

/// A notification, stored as `notifications::insert` stores its notice.
#[derive(Debug, Clone)]
pub struct NotificationRow {
    pub id: uuid::Uuid,
    pub recipient_id: PersonId,
    pub notice: Notice,
    pub created_at: DateTime<Utc>,
    pub read_at: Option<DateTime<Utc>>,
    pub emailed_at: Option<DateTime<Utc>>,
    pub dedupe_key: Option<String>,
}

pub async fn insert_notifications(conn: &mut Conn, rows: &[NotificationRow]) -> Result<u64, DbError> {
    let mut v = Vec::with_capacity(rows.len() * 10);
    for r in rows {
        let (kind, payload) = notice_to_parts(&r.notice)?;
        let about = r.notice.about();
        v.extend([
            t(r.id),
            t(r.recipient_id),
            V::T(kind),
            V::T(payload),
            t(instant_to_sql(r.created_at)),
            V::N(r.read_at.map(instant_to_sql)),
            V::N(r.emailed_at.map(instant_to_sql)),
            n(r.dedupe_key.as_ref()),
            V::N(about.map(|a| a.trainee.to_string())),
            V::N(about.and_then(|a| a.item).map(|i| i.id_text())),
        ]);
    }
    insert(
        conn,
        "INSERT INTO notifications (id, recipient_id, kind, payload, created_at, read_at, emailed_at, dedupe_key, \
           about_trainee, about_item) VALUES",
        10,
        v,
    )
    .await
}

/// An event to append with the id and time it happened at (a history written after the fact).
#[derive(Debug, Clone)]
pub struct EventRow {
    pub id: uuid::Uuid,
    pub occurred_at: DateTime<Utc>,
    pub event: NewEvent,
}

/// Append `events` to the audit trail in this order, continuing the chain from its head: each
/// event's hash is computed by [`Event::expected_hash`], as `audit::append` does, and the head
/// moves to the last one. Returns the new head's sequence number.
pub async fn append_events(conn: &mut Conn, events: &[EventRow]) -> Result<i64, DbError> {
    // Updating the head row first takes its lock, which serialises appenders on PostgreSQL.
    let row = sqlx::query("UPDATE audit_head SET seq = seq WHERE id = 1 RETURNING seq, hash")
        .fetch_one(&mut *conn)
        .await?;
    let (mut seq, mut prev) = (row.int("seq")?, row.text("hash")?);
    let mut v = Vec::with_capacity(events.len() * 12);
    for e in events {
        seq += 1;
        let ev = &e.event;
        let mut stored = Event {
            seq,
            id: e.id.to_string(),
            occurred_at: instant_to_sql(e.occurred_at),
            actor_id: ev.actor_id.map(|p| p.to_string()),
            actor_role: ev.actor_role.map(|r| r.code().to_owned()),
            action: ev.action.code().to_owned(),
            subject_kind: ev.subject.map(|s| s.kind().to_owned()),
            subject_id: ev.subject.map(Subject::id_text),
            trainee_id: ev.trainee_id.map(|p| p.to_string()),
            details: ev.details.to_string(),
            prev_hash: prev,
            hash: String::new(),
        };
        stored.hash = stored.expected_hash();
        prev = stored.hash.clone();
        v.extend([
            V::I(stored.seq),
            V::T(stored.id),
            V::T(stored.occurred_at),
            V::N(stored.actor_id),
            V::N(stored.actor_role),
            V::T(stored.action),
            V::N(stored.subject_kind),
            V::N(stored.subject_id),
            V::N(stored.trainee_id),
            V::T(stored.details),
            V::T(stored.prev_hash),
            V::T(stored.hash),
        ]);
    }
    insert(
        conn,
        "INSERT INTO audit_events (seq, id, occurred_at, actor_id, actor_role, action, subject_kind, subject_id, trainee_id, \
           details, prev_hash, hash) VALUES",
        12,
        v,
    )
    .await?;
    sqlx::query("UPDATE audit_head SET seq = $1, hash = $2 WHERE id = 1")
        .bind(seq)
        .bind(&prev)
        .execute(&mut *conn)
        .await?;
    Ok(seq)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn placeholders_number_every_value_once() {
        assert_eq!(placeholders(2, 3, '$'), "($1, $2, $3), ($4, $5, $6)");
        assert_eq!(placeholders(1, 1, '?'), "(?1)");
    }
}
