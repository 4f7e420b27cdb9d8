//! Training programmes of a trainee (uddannelsesforløb): their curricula, the facts of the
//! trainee's access window and specialist recognition.

use crate::curricula::{CurriculumVersion, version_from_row};
use crate::{Conn, DbError, RowExt, date_to_sql, instant_to_sql};
use chrono::{DateTime, NaiveDate, Utc};
use logbog_domain::{CurriculumVersionId, PersonId, PostgraduateRegion, ProgrammeId, ProgrammeKind, SpecialtyId};

/// A programme with its specialty's names.
#[derive(Debug, Clone, PartialEq)]
pub struct Programme {
    pub id: ProgrammeId,
    pub trainee_id: PersonId,
    pub kind: ProgrammeKind,
    pub specialty_id: Option<SpecialtyId>,
    pub specialty_name_da: Option<String>,
    pub specialty_name_en: Option<String>,
    pub region: PostgraduateRegion,
    pub start_date: NaiveDate,
    pub end_date: NaiveDate,
}

/// A new programme.
#[derive(Debug, Clone)]
pub struct NewProgramme {
    pub trainee_id: PersonId,
    pub kind: ProgrammeKind,
    pub specialty_id: Option<SpecialtyId>,
    pub region: PostgraduateRegion,
    pub start_date: NaiveDate,
    pub end_date: NaiveDate,
    pub agreement_reference: String,
}

pub async fn insert_programme(conn: &mut Conn, p: &NewProgramme, now: DateTime<Utc>) -> Result<ProgrammeId, DbError> {
    let id = ProgrammeId::new();
    sqlx::query(
        "INSERT INTO programmes (id, trainee_id, kind, specialty_id, postgraduate_region_id, start_date, end_date, agreement_reference, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
    )
    .bind(id.to_string())
    .bind(p.trainee_id.to_string())
    .bind(p.kind.code())
    .bind(p.specialty_id.map(|s| s.to_string()))
    .bind(p.region.code())
    .bind(date_to_sql(p.start_date))
    .bind(date_to_sql(p.end_date))
    .bind(&p.agreement_reference)
    .bind(instant_to_sql(now))
    .execute(conn)
    .await?;
    Ok(id)
}

pub async fn add_curriculum(
    conn: &mut Conn,
    programme: ProgrammeId,
    version: CurriculumVersionId,
    ordinal: i64,
) -> Result<(), DbError> {
    sqlx::query("INSERT INTO programme_curricula (programme_id, curriculum_version_id, ordinal) VALUES ($1, $2, $3)")
        .bind(programme.to_string())
        .bind(version.to_string())
        .bind(ordinal)
        .execute(conn)
        .await?;
    Ok(())
}

macro_rules! programme_select {
    () => {
        "SELECT p.id, p.trainee_id, p.kind, p.specialty_id, s.name_da AS specialty_name_da, \
     s.name_en AS specialty_name_en, p.postgraduate_region_id, p.start_date, p.end_date \
     FROM programmes p LEFT JOIN specialties s ON s.id = p.specialty_id"
    };
}

fn programme_from_row(row: &sqlx::any::AnyRow) -> Result<Programme, DbError> {
    Ok(Programme {
        id: row.parse("id")?,
        trainee_id: row.parse("trainee_id")?,
        kind: row.parse("kind")?,
        specialty_id: row.opt_parse("specialty_id")?,
        specialty_name_da: row.opt_text("specialty_name_da")?,
        specialty_name_en: row.opt_text("specialty_name_en")?,
        region: row.parse("postgraduate_region_id")?,
        start_date: row.date("start_date")?,
        end_date: row.date("end_date")?,
    })
}

/// A trainee's programmes, oldest first.
pub async fn programmes_of(conn: &mut Conn, trainee: PersonId) -> Result<Vec<Programme>, DbError> {
    let rows = sqlx::query(concat!(
        programme_select!(),
        " WHERE p.trainee_id = $1 ORDER BY p.start_date, p.id"
    ))
    .bind(trainee.to_string())
    .fetch_all(conn)
    .await?;
    rows.iter().map(programme_from_row).collect()
}

/// One programme.
pub async fn find_programme(conn: &mut Conn, id: ProgrammeId) -> Result<Option<Programme>, DbError> {
    let row = sqlx::query(concat!(programme_select!(), " WHERE p.id = $1"))
        .bind(id.to_string())
        .fetch_optional(conn)
        .await?;
    row.as_ref().map(programme_from_row).transpose()
}

/// The curriculum versions of all a trainee's programmes, in programme order.
pub async fn curricula_of_trainee(
    conn: &mut Conn,
    trainee: PersonId,
) -> Result<Vec<(ProgrammeId, CurriculumVersion)>, DbError> {
    let rows = sqlx::query(
        "SELECT pc.programme_id, v.id AS version_id, v.curriculum_id, c.kind, c.name_da, c.name_en, v.label, v.valid_from, v.valid_until \
         FROM programme_curricula pc \
         JOIN programmes p ON p.id = pc.programme_id \
         JOIN curriculum_versions v ON v.id = pc.curriculum_version_id \
         JOIN curricula c ON c.id = v.curriculum_id \
         WHERE p.trainee_id = $1 ORDER BY p.start_date, pc.ordinal",
    )
    .bind(trainee.to_string())
    .fetch_all(conn)
    .await?;
    rows.iter()
        .map(|row| Ok((row.parse("programme_id")?, version_from_row(row)?)))
        .collect()
}

/// The facts the login rule needs: the start of the first programme and the latest recognition.
pub async fn access_facts(
    conn: &mut Conn,
    trainee: PersonId,
) -> Result<(Option<NaiveDate>, Option<NaiveDate>), DbError> {
    // One statement: a login and every page of a trainee ask it.
    let row = sqlx::query(
        "SELECT (SELECT MIN(start_date) FROM programmes WHERE trainee_id = $1) AS first, \
                (SELECT MAX(recognised_on) FROM specialist_recognitions WHERE trainee_id = $1) AS recognised",
    )
    .bind(trainee.to_string())
    .fetch_one(conn)
    .await?;
    let first = row.opt_text("first")?;
    let recognised = row.opt_text("recognised")?;
    Ok((
        first.map(|s| crate::date_from_sql(&s)).transpose()?,
        recognised.map(|s| crate::date_from_sql(&s)).transpose()?,
    ))
}

pub async fn insert_recognition(
    conn: &mut Conn,
    trainee: PersonId,
    specialty: SpecialtyId,
    recognised_on: NaiveDate,
    now: DateTime<Utc>,
) -> Result<(), DbError> {
    sqlx::query(
        "INSERT INTO specialist_recognitions (id, trainee_id, specialty_id, recognised_on, recorded_at) VALUES ($1, $2, $3, $4, $5)",
    )
    .bind(uuid::Uuid::now_v7().to_string())
    .bind(trainee.to_string())
    .bind(specialty.to_string())
    .bind(date_to_sql(recognised_on))
    .bind(instant_to_sql(now))
    .execute(conn)
    .await?;
    Ok(())
}
