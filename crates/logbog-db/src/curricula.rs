//! Curricula (målbeskrivelser): versions, phases and competencies.

use crate::{Conn, DbError, RowExt, date_to_sql};
use chrono::NaiveDate;
use logbog_domain::{
    AssessmentMethod, CompetencyId, CurriculumId, CurriculumVersionId, DoctorRole, PhaseId, ProgrammeKind, SpecialtyId,
};
use sqlx::any::AnyRow;

/// A phase of a curriculum version.
#[derive(Debug, Clone, PartialEq)]
pub struct Phase {
    pub id: PhaseId,
    pub curriculum_version_id: CurriculumVersionId,
    pub code: String,
    pub ordinal: i64,
    pub name_da: String,
    pub name_en: String,
}

/// A competency with everything its page shows.
#[derive(Debug, Clone, PartialEq)]
pub struct Competency {
    pub id: CompetencyId,
    pub curriculum_version_id: CurriculumVersionId,
    pub phase_id: PhaseId,
    pub code: String,
    pub ordinal: i64,
    pub title_da: String,
    pub title_en: String,
    pub description_da: String,
    pub description_en: String,
    pub doctor_roles: Vec<DoctorRole>,
    pub assessment_methods: Vec<AssessmentMethod>,
    pub learning_methods_da: Vec<String>,
    pub learning_methods_en: Vec<String>,
    pub competency_card: Option<String>,
}

/// A curriculum version with its curriculum's names.
#[derive(Debug, Clone, PartialEq)]
pub struct CurriculumVersion {
    pub id: CurriculumVersionId,
    pub curriculum_id: CurriculumId,
    pub kind: ProgrammeKind,
    pub name_da: String,
    pub name_en: String,
    pub label: String,
    pub valid_from: NaiveDate,
    pub valid_until: Option<NaiveDate>,
}

pub async fn find_curriculum_by_code(conn: &mut Conn, code: &str) -> Result<Option<CurriculumId>, DbError> {
    sqlx::query_scalar::<_, String>("SELECT id FROM curricula WHERE code = $1")
        .bind(code)
        .fetch_optional(conn)
        .await?
        .map(|s| s.parse().map_err(|_| DbError::Corrupt("bad curriculum id".into())))
        .transpose()
}

pub async fn insert_curriculum(
    conn: &mut Conn,
    code: &str,
    kind: ProgrammeKind,
    name_da: &str,
    name_en: &str,
    specialties: &[SpecialtyId],
) -> Result<CurriculumId, DbError> {
    let id = CurriculumId::new();
    sqlx::query("INSERT INTO curricula (id, code, kind, name_da, name_en) VALUES ($1, $2, $3, $4, $5)")
        .bind(id.to_string())
        .bind(code)
        .bind(kind.code())
        .bind(name_da)
        .bind(name_en)
        .execute(&mut *conn)
        .await?;
    for s in specialties {
        sqlx::query("INSERT INTO curriculum_specialties (curriculum_id, specialty_id) VALUES ($1, $2)")
            .bind(id.to_string())
            .bind(s.to_string())
            .execute(&mut *conn)
            .await?;
    }
    Ok(id)
}

pub async fn insert_version(
    conn: &mut Conn,
    curriculum_id: CurriculumId,
    label: &str,
    valid_from: NaiveDate,
    valid_until: Option<NaiveDate>,
) -> Result<CurriculumVersionId, DbError> {
    let id = CurriculumVersionId::new();
    sqlx::query(
        "INSERT INTO curriculum_versions (id, curriculum_id, label, valid_from, valid_until) VALUES ($1, $2, $3, $4, $5)",
    )
    .bind(id.to_string())
    .bind(curriculum_id.to_string())
    .bind(label)
    .bind(date_to_sql(valid_from))
    .bind(valid_until.map(date_to_sql))
    .execute(conn)
    .await?;
    Ok(id)
}

pub async fn insert_phase(
    conn: &mut Conn,
    version_id: CurriculumVersionId,
    code: &str,
    ordinal: i64,
    name_da: &str,
    name_en: &str,
) -> Result<PhaseId, DbError> {
    let id = PhaseId::new();
    sqlx::query(
        "INSERT INTO phases (id, curriculum_version_id, code, ordinal, name_da, name_en) VALUES ($1, $2, $3, $4, $5, $6)",
    )
    .bind(id.to_string())
    .bind(version_id.to_string())
    .bind(code)
    .bind(ordinal)
    .bind(name_da)
    .bind(name_en)
    .execute(conn)
    .await?;
    Ok(id)
}

fn join_codes<T: Copy>(items: &[T], code: impl Fn(T) -> &'static str) -> String {
    items.iter().map(|i| code(*i)).collect::<Vec<_>>().join(",")
}

/// Insert a competency; `c.id` is used as given so that callers can refer to it.
pub async fn insert_competency(conn: &mut Conn, c: &Competency) -> Result<(), DbError> {
    sqlx::query(
        "INSERT INTO competencies (id, curriculum_version_id, phase_id, code, ordinal, title_da, title_en, \
           description_da, description_en, doctor_roles, assessment_methods, learning_methods_da, learning_methods_en, competency_card) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)",
    )
    .bind(c.id.to_string())
    .bind(c.curriculum_version_id.to_string())
    .bind(c.phase_id.to_string())
    .bind(&c.code)
    .bind(c.ordinal)
    .bind(&c.title_da)
    .bind(&c.title_en)
    .bind(&c.description_da)
    .bind(&c.description_en)
    .bind(join_codes(&c.doctor_roles, DoctorRole::code))
    .bind(join_codes(&c.assessment_methods, AssessmentMethod::code))
    .bind(c.learning_methods_da.join("\n"))
    .bind(c.learning_methods_en.join("\n"))
    .bind(c.competency_card.as_deref())
    .execute(conn)
    .await?;
    Ok(())
}

pub(crate) fn competency_from_row(row: &AnyRow) -> Result<Competency, DbError> {
    let lines = |s: String| {
        s.lines()
            .map(str::to_owned)
            .filter(|l| !l.is_empty())
            .collect::<Vec<_>>()
    };
    Ok(Competency {
        id: row.parse("id")?,
        curriculum_version_id: row.parse("curriculum_version_id")?,
        phase_id: row.parse("phase_id")?,
        code: row.text("code")?,
        ordinal: row.int("ordinal")?,
        title_da: row.text("title_da")?,
        title_en: row.text("title_en")?,
        description_da: row.text("description_da")?,
        description_en: row.text("description_en")?,
        doctor_roles: row.codes("doctor_roles")?,
        assessment_methods: row.codes("assessment_methods")?,
        learning_methods_da: lines(row.text("learning_methods_da")?),
        learning_methods_en: lines(row.text("learning_methods_en")?),
        competency_card: row.opt_text("competency_card")?,
    })
}

pub async fn find_competency(conn: &mut Conn, id: CompetencyId) -> Result<Option<Competency>, DbError> {
    let row = sqlx::query("SELECT * FROM competencies WHERE id = $1")
        .bind(id.to_string())
        .fetch_optional(conn)
        .await?;
    row.as_ref().map(competency_from_row).transpose()
}

/// Whether a curriculum version serves `specialty` (by its code).
pub async fn version_serves_specialty(
    conn: &mut Conn,
    version: CurriculumVersionId,
    specialty: &str,
) -> Result<bool, DbError> {
    let n: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM curriculum_versions v JOIN curriculum_specialties cs ON cs.curriculum_id = v.curriculum_id \
         JOIN specialties s ON s.id = cs.specialty_id WHERE v.id = $1 AND s.code = $2",
    )
    .bind(version.to_string())
    .bind(specialty)
    .fetch_one(conn)
    .await?;
    Ok(n > 0)
}

/// The phases of several curriculum versions, in order.
pub async fn phases_of_versions(conn: &mut Conn, versions: &[CurriculumVersionId]) -> Result<Vec<Phase>, DbError> {
    if versions.is_empty() {
        return Ok(Vec::new());
    }
    let params = crate::sql::in_list_params(1, versions.len());
    let sql = format!(
        "SELECT * FROM phases WHERE curriculum_version_id IN ({params}) ORDER BY curriculum_version_id, ordinal"
    );
    // Only numbered parameters are formatted in; the values are bound.
    let mut q = sqlx::query(sqlx::AssertSqlSafe(sql));
    for v in versions {
        q = q.bind(v.to_string());
    }
    let rows = q.fetch_all(conn).await?;
    rows.iter()
        .map(|row| {
            Ok(Phase {
                id: row.parse("id")?,
                curriculum_version_id: row.parse("curriculum_version_id")?,
                code: row.text("code")?,
                ordinal: row.int("ordinal")?,
                name_da: row.text("name_da")?,
                name_en: row.text("name_en")?,
            })
        })
        .collect()
}

pub async fn find_phase(conn: &mut Conn, id: PhaseId) -> Result<Option<Phase>, DbError> {
    let row = sqlx::query("SELECT * FROM phases WHERE id = $1")
        .bind(id.to_string())
        .fetch_optional(conn)
        .await?;
    row.map(|row| {
        Ok(Phase {
            id: row.parse("id")?,
            curriculum_version_id: row.parse("curriculum_version_id")?,
            code: row.text("code")?,
            ordinal: row.int("ordinal")?,
            name_da: row.text("name_da")?,
            name_en: row.text("name_en")?,
        })
    })
    .transpose()
}

/// What a list of competencies shows of each: no descriptions or methods, which a logbook page
/// of fifty competencies would otherwise read and copy for nothing.
#[derive(Debug, Clone, PartialEq)]
pub struct CompetencyListing {
    pub id: CompetencyId,
    pub phase_id: PhaseId,
    pub code: String,
    pub ordinal: i64,
    pub title_da: String,
    pub title_en: String,
}

impl Competency {
    /// What a list shows of this competency.
    pub fn listing(&self) -> CompetencyListing {
        CompetencyListing {
            id: self.id,
            phase_id: self.phase_id,
            code: self.code.clone(),
            ordinal: self.ordinal,
            title_da: self.title_da.clone(),
            title_en: self.title_en.clone(),
        }
    }
}

/// The competencies of a curriculum version as lists show them, phase by phase. One query.
pub async fn listing_of_version(
    conn: &mut Conn,
    version: CurriculumVersionId,
) -> Result<Vec<CompetencyListing>, DbError> {
    let rows = sqlx::query(
        "SELECT c.id, c.phase_id, c.code, c.ordinal, c.title_da, c.title_en FROM competencies c \
         JOIN phases p ON p.id = c.phase_id WHERE c.curriculum_version_id = $1 ORDER BY p.ordinal, c.ordinal",
    )
    .bind(version.to_string())
    .fetch_all(conn)
    .await?;
    rows.iter()
        .map(|row| {
            Ok(CompetencyListing {
                id: row.parse("id")?,
                phase_id: row.parse("phase_id")?,
                code: row.text("code")?,
                ordinal: row.int("ordinal")?,
                title_da: row.text("title_da")?,
                title_en: row.text("title_en")?,
            })
        })
        .collect()
}

pub async fn competencies_of_version(
    conn: &mut Conn,
    version: CurriculumVersionId,
) -> Result<Vec<Competency>, DbError> {
    let rows = sqlx::query(
        "SELECT c.* FROM competencies c JOIN phases p ON p.id = c.phase_id \
         WHERE c.curriculum_version_id = $1 ORDER BY p.ordinal, c.ordinal",
    )
    .bind(version.to_string())
    .fetch_all(conn)
    .await?;
    rows.iter().map(competency_from_row).collect()
}

pub(crate) fn version_from_row(row: &AnyRow) -> Result<CurriculumVersion, DbError> {
    Ok(CurriculumVersion {
        id: row.parse("version_id")?,
        curriculum_id: row.parse("curriculum_id")?,
        kind: row.parse("kind")?,
        name_da: row.text("name_da")?,
        name_en: row.text("name_en")?,
        label: row.text("label")?,
        valid_from: row.date("valid_from")?,
        valid_until: row.opt_date("valid_until")?,
    })
}

/// One curriculum version with its curriculum's names.
pub async fn find_version(conn: &mut Conn, id: CurriculumVersionId) -> Result<Option<CurriculumVersion>, DbError> {
    let row = sqlx::query(
        "SELECT v.id AS version_id, v.curriculum_id, c.kind, c.name_da, c.name_en, v.label, v.valid_from, v.valid_until \
         FROM curriculum_versions v JOIN curricula c ON c.id = v.curriculum_id WHERE v.id = $1",
    )
    .bind(id.to_string())
    .fetch_optional(conn)
    .await?;
    row.as_ref().map(version_from_row).transpose()
}

/// The version of a curriculum in force for someone hired on `hired_on`: the newest that started
/// on or before that day.
pub async fn version_for_hire_date(
    conn: &mut Conn,
    curriculum_id: CurriculumId,
    hired_on: NaiveDate,
) -> Result<Option<CurriculumVersionId>, DbError> {
    sqlx::query_scalar::<_, String>(
        "SELECT id FROM curriculum_versions WHERE curriculum_id = $1 AND valid_from <= $2 \
         ORDER BY valid_from DESC LIMIT 1",
    )
    .bind(curriculum_id.to_string())
    .bind(date_to_sql(hired_on))
    .fetch_optional(conn)
    .await?
    .map(|s| s.parse().map_err(|_| DbError::Corrupt("bad version id".into())))
    .transpose()
}
