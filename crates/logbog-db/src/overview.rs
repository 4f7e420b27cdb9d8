//! The overview of medical employment: the employments a trainee adds besides those of her
//! programmes, and whether she has marked the overview complete (of which revision). The rule
//! that no day adds up to more than full time is `logbog_domain::overview`'s.

use crate::{Conn, DbError, RowExt, date_to_sql, instant_to_sql};
use chrono::{DateTime, NaiveDate, Utc};
use logbog_domain::overview::{Extent, OtherEmploymentKind};
use logbog_domain::{MedicalEmploymentId, PersonId};

/// What the trainee writes about an employment.
#[derive(Debug, Clone, PartialEq)]
pub struct MedicalEmploymentText<'a> {
    pub kind: OtherEmploymentKind,
    pub employer: &'a str,
    pub department: &'a str,
    pub position: &'a str,
    pub start_date: NaiveDate,
    pub end_date: NaiveDate,
    pub extent: Extent,
}

/// An employment of the overview that the trainee added.
#[derive(Debug, Clone, PartialEq)]
pub struct MedicalEmployment {
    pub id: MedicalEmploymentId,
    pub trainee_id: PersonId,
    pub kind: OtherEmploymentKind,
    pub employer: String,
    pub department: String,
    pub position: String,
    pub start_date: NaiveDate,
    pub end_date: NaiveDate,
    pub extent: Extent,
    pub updated_at: DateTime<Utc>,
}

fn extent_columns(extent: Extent) -> (Option<i64>, Option<i64>) {
    match extent {
        Extent::Percent(p) => (Some(p.into()), None),
        Extent::HoursPerWeek(h) => (None, Some(h.into())),
    }
}

pub async fn insert(
    conn: &mut Conn,
    trainee: PersonId,
    e: &MedicalEmploymentText<'_>,
    at: DateTime<Utc>,
) -> Result<MedicalEmploymentId, DbError> {
    let id = MedicalEmploymentId::new();
    let (percent, hours) = extent_columns(e.extent);
    sqlx::query(
        "INSERT INTO medical_employments (id, trainee_id, kind, employer, department, position, start_date, end_date, \
         working_percent, hours_per_week, created_at, updated_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $11)",
    )
    .bind(id.to_string())
    .bind(trainee.to_string())
    .bind(e.kind.code())
    .bind(e.employer)
    .bind(e.department)
    .bind(e.position)
    .bind(date_to_sql(e.start_date))
    .bind(date_to_sql(e.end_date))
    .bind(percent)
    .bind(hours)
    .bind(instant_to_sql(at))
    .execute(conn)
    .await?;
    Ok(id)
}

pub async fn update(
    conn: &mut Conn,
    id: MedicalEmploymentId,
    e: &MedicalEmploymentText<'_>,
    at: DateTime<Utc>,
) -> Result<(), DbError> {
    let (percent, hours) = extent_columns(e.extent);
    sqlx::query(
        "UPDATE medical_employments SET kind = $2, employer = $3, department = $4, position = $5, start_date = $6, \
         end_date = $7, working_percent = $8, hours_per_week = $9, updated_at = $10 WHERE id = $1",
    )
    .bind(id.to_string())
    .bind(e.kind.code())
    .bind(e.employer)
    .bind(e.department)
    .bind(e.position)
    .bind(date_to_sql(e.start_date))
    .bind(date_to_sql(e.end_date))
    .bind(percent)
    .bind(hours)
    .bind(instant_to_sql(at))
    .execute(conn)
    .await?;
    Ok(())
}

pub async fn delete(conn: &mut Conn, id: MedicalEmploymentId) -> Result<(), DbError> {
    sqlx::query("DELETE FROM medical_employments WHERE id = $1")
        .bind(id.to_string())
        .execute(conn)
        .await?;
    Ok(())
}

const COLUMNS: &str = "id, trainee_id, kind, employer, department, position, start_date, end_date, working_percent, \
                       hours_per_week, updated_at";

fn from_row(row: &sqlx::any::AnyRow) -> Result<MedicalEmployment, DbError> {
    let corrupt = |e: logbog_domain::overview::InvalidExtent| DbError::Corrupt(e.to_string());
    let extent = match (row.opt_int("working_percent")?, row.opt_int("hours_per_week")?) {
        (Some(p), None) => Extent::percent(p).map_err(corrupt)?,
        (None, Some(h)) => Extent::hours_per_week(h).map_err(corrupt)?,
        _ => return Err(DbError::Corrupt("a medical employment needs one extent".into())),
    };
    Ok(MedicalEmployment {
        id: row.parse("id")?,
        trainee_id: row.parse("trainee_id")?,
        kind: row.parse("kind")?,
        employer: row.text("employer")?,
        department: row.text("department")?,
        position: row.text("position")?,
        start_date: row.date("start_date")?,
        end_date: row.date("end_date")?,
        extent,
        updated_at: row.instant("updated_at")?,
    })
}

pub async fn find(conn: &mut Conn, id: MedicalEmploymentId) -> Result<Option<MedicalEmployment>, DbError> {
    let row = sqlx::query(sqlx::AssertSqlSafe(format!(
        "SELECT {COLUMNS} FROM medical_employments WHERE id = $1"
    )))
    .bind(id.to_string())
    .fetch_optional(conn)
    .await?;
    row.as_ref().map(from_row).transpose()
}

/// The employments `trainee` added, in time order.
pub async fn of_trainee(conn: &mut Conn, trainee: PersonId) -> Result<Vec<MedicalEmployment>, DbError> {
    let rows = sqlx::query(sqlx::AssertSqlSafe(format!(
        "SELECT {COLUMNS} FROM medical_employments WHERE trainee_id = $1 ORDER BY start_date, id"
    )))
    .bind(trainee.to_string())
    .fetch_all(conn)
    .await?;
    rows.iter().map(from_row).collect()
}

/// Where an overview stands: its revision, and when it was marked complete if it is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct OverviewState {
    pub revision: i64,
    pub completed_at: Option<DateTime<Utc>>,
}

pub async fn state(conn: &mut Conn, trainee: PersonId) -> Result<OverviewState, DbError> {
    let row = sqlx::query("SELECT revision, completed_at FROM employment_overviews WHERE trainee_id = $1")
        .bind(trainee.to_string())
        .fetch_optional(conn)
        .await?;
    match row {
        Some(r) => Ok(OverviewState {
            revision: r.int("revision")?,
            completed_at: r.opt_instant("completed_at")?,
        }),
        None => Ok(OverviewState::default()),
    }
}

/// Count the overview's revision up and clear its completion, as the first write of a change:
/// on PostgreSQL the row lock makes a second change of the same overview wait until this one
/// commits, so both see each other's employments when the overlap is checked. Returns the
/// state before.
pub async fn begin_change(conn: &mut Conn, trainee: PersonId) -> Result<OverviewState, DbError> {
    sqlx::query(
        "INSERT INTO employment_overviews (trainee_id, revision) VALUES ($1, 0) \
         ON CONFLICT (trainee_id) DO NOTHING",
    )
    .bind(trainee.to_string())
    .execute(&mut *conn)
    .await?;
    // Lock first (an UPDATE that changes nothing yet), then read what is now current.
    sqlx::query("UPDATE employment_overviews SET revision = revision WHERE trainee_id = $1")
        .bind(trainee.to_string())
        .execute(&mut *conn)
        .await?;
    let before = state(conn, trainee).await?;
    sqlx::query("UPDATE employment_overviews SET revision = revision + 1, completed_at = NULL WHERE trainee_id = $1")
        .bind(trainee.to_string())
        .execute(&mut *conn)
        .await?;
    Ok(before)
}

/// Mark the overview complete as of `revision`, the one the trainee saw. False when it has
/// changed since (nothing is marked).
pub async fn complete(conn: &mut Conn, trainee: PersonId, revision: i64, at: DateTime<Utc>) -> Result<bool, DbError> {
    sqlx::query(
        "INSERT INTO employment_overviews (trainee_id, revision) VALUES ($1, 0) \
         ON CONFLICT (trainee_id) DO NOTHING",
    )
    .bind(trainee.to_string())
    .execute(&mut *conn)
    .await?;
    let done = sqlx::query(
        "UPDATE employment_overviews SET completed_at = $3 \
         WHERE trainee_id = $1 AND revision = $2 AND completed_at IS NULL",
    )
    .bind(trainee.to_string())
    .bind(revision)
    .bind(instant_to_sql(at))
    .execute(conn)
    .await?;
    Ok(done.rows_affected() == 1)
}
