//! Specialty-specific files: which curriculum a published form serves, what it is, and the
//! competencies (by code) it belongs to. The file itself is a document row; its versions are
//! a chain through `documents.replaces_id`.

use crate::documents::{Document, document_columns, document_from_row};
use crate::{Conn, DbError, RowExt};
use logbog_domain::specialty_files::SpecialtyFileForm;
use logbog_domain::{CurriculumId, DocumentId, ProgrammeKind, SpecialtyId};
use std::collections::HashMap;

/// A published file with its description.
#[derive(Debug, Clone, PartialEq)]
pub struct SpecialtyFile {
    pub document: Document,
    pub curriculum_id: CurriculumId,
    pub title: String,
    pub form: SpecialtyFileForm,
    /// The codes of the competencies it belongs to, in code order.
    pub competency_codes: Vec<String>,
}

/// Describe a recorded document as a specialty file of `curriculum`.
pub async fn insert(
    conn: &mut Conn,
    document: DocumentId,
    curriculum: CurriculumId,
    title: &str,
    form: SpecialtyFileForm,
    competency_codes: &[String],
) -> Result<(), DbError> {
    sqlx::query("INSERT INTO specialty_files (document_id, curriculum_id, title, form) VALUES ($1, $2, $3, $4)")
        .bind(document.to_string())
        .bind(curriculum.to_string())
        .bind(title)
        .bind(form.code())
        .execute(&mut *conn)
        .await?;
    for code in competency_codes {
        sqlx::query(
            "INSERT INTO specialty_file_competencies (document_id, curriculum_id, competency_code) VALUES ($1, $2, $3) \
             ON CONFLICT DO NOTHING",
        )
        .bind(document.to_string())
        .bind(curriculum.to_string())
        .bind(code)
        .execute(&mut *conn)
        .await?;
    }
    Ok(())
}

/// Every live file of `curricula`, replaced versions included, by title and then upload.
/// Two queries whatever the number of files.
pub async fn files_of(conn: &mut Conn, curricula: &[CurriculumId]) -> Result<Vec<SpecialtyFile>, DbError> {
    if curricula.is_empty() {
        return Ok(Vec::new());
    }
    // Only numbered parameters are formatted in; the values are bound.
    let sql = format!(
        concat!(
            "SELECT ",
            document_columns!(),
            ", f.curriculum_id, f.title, f.form \
             FROM specialty_files f JOIN documents d ON d.id = f.document_id JOIN people u ON u.id = d.uploaded_by \
             WHERE d.deleted_at IS NULL AND f.curriculum_id IN ({}) ORDER BY f.title, d.uploaded_at, d.id"
        ),
        crate::sql::in_list_params(1, curricula.len())
    );
    let mut q = sqlx::query(sqlx::AssertSqlSafe(sql));
    for c in curricula {
        q = q.bind(c.to_string());
    }
    let rows = q.fetch_all(&mut *conn).await?;
    let mut files: Vec<SpecialtyFile> = rows.iter().map(file_from_row).collect::<Result<_, _>>()?;
    let codes = codes_of(conn, curricula).await?;
    for f in &mut files {
        f.competency_codes = codes.get(&f.document.id).cloned().unwrap_or_default();
    }
    Ok(files)
}

/// The competency codes of the live files of `curricula`, per document, in code order.
async fn codes_of(conn: &mut Conn, curricula: &[CurriculumId]) -> Result<HashMap<DocumentId, Vec<String>>, DbError> {
    let sql = format!(
        "SELECT c.document_id, c.competency_code FROM specialty_file_competencies c \
         JOIN documents d ON d.id = c.document_id \
         WHERE d.deleted_at IS NULL AND c.curriculum_id IN ({}) ORDER BY c.competency_code",
        crate::sql::in_list_params(1, curricula.len())
    );
    let mut q = sqlx::query(sqlx::AssertSqlSafe(sql));
    for c in curricula {
        q = q.bind(c.to_string());
    }
    let mut out: HashMap<DocumentId, Vec<String>> = HashMap::new();
    for row in q.fetch_all(&mut *conn).await? {
        out.entry(row.parse("document_id")?)
            .or_default()
            .push(row.text("competency_code")?);
    }
    Ok(out)
}

fn file_from_row(row: &sqlx::any::AnyRow) -> Result<SpecialtyFile, DbError> {
    Ok(SpecialtyFile {
        document: document_from_row(row)?,
        curriculum_id: row.parse("curriculum_id")?,
        title: row.text("title")?,
        form: row.parse("form")?,
        competency_codes: Vec::new(),
    })
}

/// The specialty file a document is, if it is one (deleted or not).
pub async fn of_document(conn: &mut Conn, document: DocumentId) -> Result<Option<SpecialtyFile>, DbError> {
    let row = sqlx::query(concat!(
        "SELECT ",
        document_columns!(),
        ", f.curriculum_id, f.title, f.form \
         FROM specialty_files f JOIN documents d ON d.id = f.document_id JOIN people u ON u.id = d.uploaded_by \
         WHERE f.document_id = $1"
    ))
    .bind(document.to_string())
    .fetch_optional(&mut *conn)
    .await?;
    let Some(row) = row else { return Ok(None) };
    let mut file = file_from_row(&row)?;
    file.competency_codes = sqlx::query_scalar(
        "SELECT competency_code FROM specialty_file_competencies WHERE document_id = $1 ORDER BY competency_code",
    )
    .bind(document.to_string())
    .fetch_all(&mut *conn)
    .await?;
    Ok(Some(file))
}

/// The current files (live, not replaced) that belong to the competency `code` of the
/// curriculum of `version`: id, title and file name, by title.
pub async fn current_for_competency(
    conn: &mut Conn,
    version: logbog_domain::CurriculumVersionId,
    code: &str,
) -> Result<Vec<(DocumentId, String, String)>, DbError> {
    let rows = sqlx::query(
        "SELECT d.id, f.title, d.original_filename FROM specialty_file_competencies c \
         JOIN specialty_files f ON f.document_id = c.document_id JOIN documents d ON d.id = c.document_id \
         WHERE c.curriculum_id = (SELECT curriculum_id FROM curriculum_versions WHERE id = $1) \
           AND c.competency_code = $2 AND d.deleted_at IS NULL \
           AND NOT EXISTS (SELECT 1 FROM documents r WHERE r.replaces_id = d.id AND r.deleted_at IS NULL) \
         ORDER BY f.title, d.id",
    )
    .bind(version.to_string())
    .bind(code)
    .fetch_all(&mut *conn)
    .await?;
    rows.iter()
        .map(|r| Ok((r.parse("id")?, r.text("title")?, r.text("original_filename")?)))
        .collect()
}

/// A curriculum as the files page offers it: which specialties it serves.
#[derive(Debug, Clone, PartialEq)]
pub struct CurriculumEntry {
    pub id: CurriculumId,
    pub code: String,
    pub kind: ProgrammeKind,
    pub name_da: String,
    pub name_en: String,
    pub specialties: Vec<SpecialtyId>,
}

/// One curriculum with the specialties it serves.
pub async fn curriculum(conn: &mut Conn, id: CurriculumId) -> Result<Option<CurriculumEntry>, DbError> {
    let row = sqlx::query("SELECT id, code, kind, name_da, name_en FROM curricula WHERE id = $1")
        .bind(id.to_string())
        .fetch_optional(&mut *conn)
        .await?;
    let Some(row) = row else { return Ok(None) };
    let specialties: Vec<String> =
        sqlx::query_scalar("SELECT specialty_id FROM curriculum_specialties WHERE curriculum_id = $1")
            .bind(id.to_string())
            .fetch_all(&mut *conn)
            .await?;
    Ok(Some(CurriculumEntry {
        id,
        code: row.text("code")?,
        kind: row.parse("kind")?,
        name_da: row.text("name_da")?,
        name_en: row.text("name_en")?,
        specialties: specialties
            .iter()
            .map(|s| s.parse().map_err(|_| DbError::Corrupt(format!("specialty id {s:?}"))))
            .collect::<Result<_, _>>()?,
    }))
}

/// Every curriculum, by kind and name, with the specialties it serves (two queries).
pub async fn curricula(conn: &mut Conn) -> Result<Vec<CurriculumEntry>, DbError> {
    let rows = sqlx::query("SELECT id, code, kind, name_da, name_en FROM curricula ORDER BY name_da, code")
        .fetch_all(&mut *conn)
        .await?;
    let mut served: HashMap<CurriculumId, Vec<SpecialtyId>> = HashMap::new();
    for row in sqlx::query("SELECT curriculum_id, specialty_id FROM curriculum_specialties")
        .fetch_all(&mut *conn)
        .await?
    {
        served
            .entry(row.parse("curriculum_id")?)
            .or_default()
            .push(row.parse("specialty_id")?);
    }
    rows.iter()
        .map(|row| {
            let id: CurriculumId = row.parse("id")?;
            Ok(CurriculumEntry {
                id,
                code: row.text("code")?,
                kind: row.parse("kind")?,
                name_da: row.text("name_da")?,
                name_en: row.text("name_en")?,
                specialties: served.remove(&id).unwrap_or_default(),
            })
        })
        .collect()
}

/// The competency codes and Danish and English titles of the newest version of `curriculum`,
/// in the curriculum's order: what a file may belong to.
pub async fn competencies_of(
    conn: &mut Conn,
    curriculum: CurriculumId,
) -> Result<Vec<(String, String, String)>, DbError> {
    let rows = sqlx::query(
        "SELECT c.code, c.title_da, c.title_en FROM competencies c \
         JOIN curriculum_versions v ON v.id = c.curriculum_version_id \
         WHERE v.curriculum_id = $1 AND v.valid_from = \
           (SELECT MAX(valid_from) FROM curriculum_versions WHERE curriculum_id = $1) \
         ORDER BY c.ordinal, c.code",
    )
    .bind(curriculum.to_string())
    .fetch_all(&mut *conn)
    .await?;
    rows.iter()
        .map(|r| Ok((r.text("code")?, r.text("title_da")?, r.text("title_en")?)))
        .collect()
}

/// The curricula the programmes of `trainees` follow, without repeats.
pub async fn curricula_of_trainees(
    conn: &mut Conn,
    trainees: &[logbog_domain::PersonId],
) -> Result<Vec<CurriculumId>, DbError> {
    if trainees.is_empty() {
        return Ok(Vec::new());
    }
    let sql = format!(
        "SELECT DISTINCT v.curriculum_id FROM programme_curricula pc \
         JOIN programmes p ON p.id = pc.programme_id JOIN curriculum_versions v ON v.id = pc.curriculum_version_id \
         WHERE p.trainee_id IN ({})",
        crate::sql::in_list_params(1, trainees.len())
    );
    let mut q = sqlx::query_scalar::<_, String>(sqlx::AssertSqlSafe(sql));
    for t in trainees {
        q = q.bind(t.to_string());
    }
    q.fetch_all(&mut *conn)
        .await?
        .iter()
        .map(|c| c.parse().map_err(|_| DbError::Corrupt(format!("curriculum id {c:?}"))))
        .collect()
}
