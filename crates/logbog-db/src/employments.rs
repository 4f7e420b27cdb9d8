//! Employments (ansættelser) of a programme: where, when, at what working percentage and in
//! which phase; their leave and the amendments of their end date.

use crate::{Conn, DbError, RowExt, date_to_sql};
use chrono::NaiveDate;
use logbog_domain::{
    CurriculumVersionId, EmploymentId, LeaveKind, PersonId, PhaseId, ProgrammeId, SiteId, SiteKind, WorkingPercent,
};

/// An employment with its site.
#[derive(Debug, Clone, PartialEq)]
pub struct Employment {
    pub id: EmploymentId,
    pub programme_id: ProgrammeId,
    pub site_id: SiteId,
    pub site_name: String,
    pub site_kind: SiteKind,
    pub hospital_name: Option<String>,
    pub phase_id: Option<PhaseId>,
    /// The curriculum version the employment is trained under.
    pub curriculum_version_id: Option<CurriculumVersionId>,
    pub title: String,
    pub start_date: NaiveDate,
    pub end_date: NaiveDate,
    pub working_percent: WorkingPercent,
}

/// A new employment.
#[derive(Debug, Clone)]
pub struct NewEmployment {
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

pub async fn insert_employment(conn: &mut Conn, e: &NewEmployment) -> Result<EmploymentId, DbError> {
    let id = EmploymentId::new();
    sqlx::query(
        "INSERT INTO employments (id, programme_id, site_id, phase_id, curriculum_version_id, ordinal, title, start_date, end_date, working_percent) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)",
    )
    .bind(id.to_string())
    .bind(e.programme_id.to_string())
    .bind(e.site_id.to_string())
    .bind(e.phase_id.map(|p| p.to_string()))
    .bind(e.curriculum_version_id.map(|v| v.to_string()))
    .bind(e.ordinal)
    .bind(&e.title)
    .bind(date_to_sql(e.start_date))
    .bind(date_to_sql(e.end_date))
    .bind(i64::from(e.working_percent.get()))
    .execute(conn)
    .await?;
    Ok(id)
}

fn employment_from_row(row: &sqlx::any::AnyRow) -> Result<Employment, DbError> {
    Ok(Employment {
        id: row.parse("id")?,
        programme_id: row.parse("programme_id")?,
        site_id: row.parse("site_id")?,
        site_name: row.text("site_name")?,
        site_kind: row.parse("site_kind")?,
        hospital_name: row.opt_text("hospital_name")?,
        phase_id: row.opt_parse("phase_id")?,
        curriculum_version_id: row.opt_parse("curriculum_version_id")?,
        title: row.text("title")?,
        start_date: row.date("start_date")?,
        end_date: row.date("end_date")?,
        working_percent: WorkingPercent::new(row.int("working_percent")?)
            .map_err(|e| DbError::Corrupt(e.to_string()))?,
    })
}

/// All employments of a trainee, in time order.
pub async fn employments_of_trainee(conn: &mut Conn, trainee: PersonId) -> Result<Vec<Employment>, DbError> {
    let rows = sqlx::query(
        "SELECT e.id, e.programme_id, e.site_id, s.name AS site_name, s.kind AS site_kind, h.name AS hospital_name, \
                e.phase_id, e.curriculum_version_id, e.title, e.start_date, e.end_date, e.working_percent \
         FROM employments e JOIN programmes p ON p.id = e.programme_id \
         JOIN sites s ON s.id = e.site_id LEFT JOIN hospitals h ON h.id = s.hospital_id \
         WHERE p.trainee_id = $1 ORDER BY e.start_date, e.ordinal",
    )
    .bind(trainee.to_string())
    .fetch_all(conn)
    .await?;
    rows.iter().map(employment_from_row).collect()
}

/// A period of leave within an employment.
#[derive(Debug, Clone, PartialEq)]
pub struct Leave {
    pub employment_id: EmploymentId,
    pub kind: LeaveKind,
    pub start_date: NaiveDate,
    pub end_date: NaiveDate,
}

pub async fn insert_leave(conn: &mut Conn, l: &Leave) -> Result<(), DbError> {
    sqlx::query("INSERT INTO leaves (id, employment_id, kind, start_date, end_date) VALUES ($1, $2, $3, $4, $5)")
        .bind(uuid::Uuid::now_v7().to_string())
        .bind(l.employment_id.to_string())
        .bind(l.kind.code())
        .bind(date_to_sql(l.start_date))
        .bind(date_to_sql(l.end_date))
        .execute(conn)
        .await?;
    Ok(())
}

pub async fn leaves_of_trainee(conn: &mut Conn, trainee: PersonId) -> Result<Vec<Leave>, DbError> {
    let rows = sqlx::query(
        "SELECT l.employment_id, l.kind, l.start_date, l.end_date FROM leaves l \
         JOIN employments e ON e.id = l.employment_id JOIN programmes p ON p.id = e.programme_id \
         WHERE p.trainee_id = $1 ORDER BY l.start_date",
    )
    .bind(trainee.to_string())
    .fetch_all(conn)
    .await?;
    rows.iter()
        .map(|row| {
            Ok(Leave {
                employment_id: row.parse("employment_id")?,
                kind: row.parse("kind")?,
                start_date: row.date("start_date")?,
                end_date: row.date("end_date")?,
            })
        })
        .collect()
}

/// Record a supplementary agreement (tillægsaftale) that moves an employment's end date.
pub async fn amend_end_date(
    conn: &mut Conn,
    employment: EmploymentId,
    issued_on: NaiveDate,
    previous_end: NaiveDate,
    new_end: NaiveDate,
    reason: &str,
) -> Result<(), DbError> {
    sqlx::query(
        "INSERT INTO employment_amendments (id, employment_id, issued_on, previous_end_date, new_end_date, reason) \
         VALUES ($1, $2, $3, $4, $5, $6)",
    )
    .bind(uuid::Uuid::now_v7().to_string())
    .bind(employment.to_string())
    .bind(date_to_sql(issued_on))
    .bind(date_to_sql(previous_end))
    .bind(date_to_sql(new_end))
    .bind(reason)
    .execute(&mut *conn)
    .await?;
    sqlx::query("UPDATE employments SET end_date = $1 WHERE id = $2")
        .bind(date_to_sql(new_end))
        .bind(employment.to_string())
        .execute(conn)
        .await?;
    Ok(())
}

/// One employment with the trainee it belongs to.
pub async fn find_employment(conn: &mut Conn, id: EmploymentId) -> Result<Option<(PersonId, Employment)>, DbError> {
    let row = sqlx::query(
        "SELECT p.trainee_id, e.id, e.programme_id, e.site_id, s.name AS site_name, s.kind AS site_kind, h.name AS hospital_name, \
                e.phase_id, e.curriculum_version_id, e.title, e.start_date, e.end_date, e.working_percent \
         FROM employments e JOIN programmes p ON p.id = e.programme_id \
         JOIN sites s ON s.id = e.site_id LEFT JOIN hospitals h ON h.id = s.hospital_id \
         WHERE e.id = $1",
    )
    .bind(id.to_string())
    .fetch_optional(conn)
    .await?;
    row.map(|row| Ok((row.parse("trainee_id")?, employment_from_row(&row)?)))
        .transpose()
}
