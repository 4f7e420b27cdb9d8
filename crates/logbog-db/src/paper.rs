//! Paper time attestations: the uploaded paper of an employment, waiting for the secretariat
//! of the programme's region, approved or returned. Who may decide is
//! `logbog_domain::paper`'s to say; this module keeps them.

use crate::{Conn, DbError, RowExt, instant_to_sql, is_unique_violation};
use chrono::{DateTime, NaiveDate, Utc};
use logbog_domain::paper::PaperState;
use logbog_domain::{DocumentId, EmploymentId, PersonId, PostgraduateRegion};

/// A paper time attestation with its document and employment, as lists show it.
#[derive(Debug, Clone, PartialEq)]
pub struct Paper {
    pub document_id: DocumentId,
    pub file_name: String,
    pub size_bytes: i64,
    pub employment_id: EmploymentId,
    pub trainee_id: PersonId,
    pub trainee_name: String,
    pub site_name: String,
    pub start_date: NaiveDate,
    pub end_date: NaiveDate,
    pub region: PostgraduateRegion,
    pub message: String,
    pub submitted_at: DateTime<Utc>,
    pub state: PaperState,
    pub decided_at: Option<DateTime<Utc>>,
    pub decided_by_name: Option<String>,
    pub decision_comment: String,
}

/// A new paper, waiting.
#[derive(Debug, Clone, Copy)]
pub struct NewPaper<'a> {
    pub document_id: DocumentId,
    pub employment_id: EmploymentId,
    pub trainee_id: PersonId,
    pub region: PostgraduateRegion,
    pub message: &'a str,
}

/// Record a waiting paper. [`DbError::AlreadyWaiting`] when one waits for the employment
/// already (the partial unique key decides a race).
pub async fn insert(conn: &mut Conn, p: &NewPaper<'_>, now: DateTime<Utc>) -> Result<(), DbError> {
    sqlx::query(
        "INSERT INTO paper_attestations (document_id, employment_id, trainee_id, postgraduate_region_id, message, submitted_at, state) \
         VALUES ($1, $2, $3, $4, $5, $6, 'waiting')",
    )
    .bind(p.document_id.to_string())
    .bind(p.employment_id.to_string())
    .bind(p.trainee_id.to_string())
    .bind(p.region.code())
    .bind(p.message)
    .bind(instant_to_sql(now))
    .execute(conn)
    .await
    .map_err(DbError::from)
    .map_err(|e| if is_unique_violation(&e) { DbError::AlreadyWaiting } else { e })?;
    Ok(())
}

/// Decide a waiting paper. False when it was decided meanwhile (nothing changes).
pub async fn close(
    conn: &mut Conn,
    document: DocumentId,
    state: PaperState,
    by: PersonId,
    comment: &str,
    now: DateTime<Utc>,
) -> Result<bool, DbError> {
    let done = sqlx::query(
        "UPDATE paper_attestations SET state = $2, decided_by = $3, decision_comment = $4, decided_at = $5 \
         WHERE document_id = $1 AND state = 'waiting'",
    )
    .bind(document.to_string())
    .bind(state.code())
    .bind(by.to_string())
    .bind(comment)
    .bind(instant_to_sql(now))
    .execute(conn)
    .await?;
    Ok(done.rows_affected() == 1)
}

const SELECT: &str = "SELECT pa.document_id, d.original_filename AS file_name, d.size_bytes, pa.employment_id, pa.trainee_id, \
    p.given_name, p.family_name, s.name AS site_name, e.start_date, e.end_date, pa.postgraduate_region_id, \
    pa.message, pa.submitted_at, pa.state, pa.decided_at, dp.given_name AS decider_given, \
    dp.family_name AS decider_family, pa.decision_comment \
    FROM paper_attestations pa JOIN documents d ON d.id = pa.document_id \
    JOIN employments e ON e.id = pa.employment_id JOIN sites s ON s.id = e.site_id \
    JOIN people p ON p.id = pa.trainee_id LEFT JOIN people dp ON dp.id = pa.decided_by";

fn from_row(row: &sqlx::any::AnyRow) -> Result<Paper, DbError> {
    let decider = match (row.opt_text("decider_given")?, row.opt_text("decider_family")?) {
        (Some(g), Some(f)) => Some(format!("{g} {f}")),
        _ => None,
    };
    Ok(Paper {
        document_id: row.parse("document_id")?,
        file_name: row.text("file_name")?,
        size_bytes: row.int("size_bytes")?,
        employment_id: row.parse("employment_id")?,
        trainee_id: row.parse("trainee_id")?,
        trainee_name: format!("{} {}", row.text("given_name")?, row.text("family_name")?),
        site_name: row.text("site_name")?,
        start_date: row.date("start_date")?,
        end_date: row.date("end_date")?,
        region: row.parse("postgraduate_region_id")?,
        message: row.text("message")?,
        submitted_at: row.instant("submitted_at")?,
        state: row.parse("state")?,
        decided_at: row.opt_instant("decided_at")?,
        decided_by_name: decider,
        decision_comment: row.text("decision_comment")?,
    })
}

pub async fn find(conn: &mut Conn, document: DocumentId) -> Result<Option<Paper>, DbError> {
    let row = sqlx::query(sqlx::AssertSqlSafe(format!("{SELECT} WHERE pa.document_id = $1")))
        .bind(document.to_string())
        .fetch_optional(conn)
        .await?;
    row.as_ref().map(from_row).transpose()
}

/// The papers of an employment, the newest first.
pub async fn of_employment(conn: &mut Conn, employment: EmploymentId) -> Result<Vec<Paper>, DbError> {
    let rows = sqlx::query(sqlx::AssertSqlSafe(format!(
        "{SELECT} WHERE pa.employment_id = $1 ORDER BY pa.submitted_at DESC, pa.document_id DESC"
    )))
    .bind(employment.to_string())
    .fetch_all(conn)
    .await?;
    rows.iter().map(from_row).collect()
}

/// The employments of `trainee` whose paper waits for the secretariat. One query.
pub async fn waiting_employments_of(
    conn: &mut Conn,
    trainee: logbog_domain::PersonId,
) -> Result<std::collections::HashSet<EmploymentId>, DbError> {
    let ids: Vec<String> =
        sqlx::query_scalar("SELECT employment_id FROM paper_attestations WHERE trainee_id = $1 AND state = 'waiting'")
            .bind(trainee.to_string())
            .fetch_all(conn)
            .await?;
    ids.iter()
        .map(|i| i.parse().map_err(|_| DbError::Corrupt(format!("employment id {i:?}"))))
        .collect()
}

/// The paper that waits for an employment, if one does.
pub async fn waiting_of_employment(conn: &mut Conn, employment: EmploymentId) -> Result<Option<Paper>, DbError> {
    Ok(of_employment(conn, employment)
        .await?
        .into_iter()
        .find(|p| p.state == PaperState::Waiting))
}

fn region_list(regions: &[PostgraduateRegion]) -> String {
    // Codes of a closed enum, never user input.
    regions
        .iter()
        .map(|r| format!("'{}'", r.code()))
        .collect::<Vec<_>>()
        .join(", ")
}

/// How many papers wait in `regions`.
pub async fn count_waiting(conn: &mut Conn, regions: &[PostgraduateRegion]) -> Result<u64, DbError> {
    if regions.is_empty() {
        return Ok(0);
    }
    let n = sqlx::query_scalar::<_, i64>(sqlx::AssertSqlSafe(format!(
        "SELECT COUNT(*) FROM paper_attestations WHERE state = 'waiting' AND postgraduate_region_id IN ({})",
        region_list(regions)
    )))
    .fetch_one(conn)
    .await?;
    Ok(u64::try_from(n).unwrap_or(0))
}

/// A page of the papers waiting in `regions`, the longest waiting first.
pub async fn waiting(
    conn: &mut Conn,
    regions: &[PostgraduateRegion],
    limit: i64,
    offset: i64,
) -> Result<Vec<Paper>, DbError> {
    if regions.is_empty() {
        return Ok(Vec::new());
    }
    let rows = sqlx::query(sqlx::AssertSqlSafe(format!(
        "{SELECT} WHERE pa.state = 'waiting' AND pa.postgraduate_region_id IN ({}) \
         ORDER BY pa.submitted_at, pa.document_id LIMIT $1 OFFSET $2",
        region_list(regions)
    )))
    .bind(limit)
    .bind(offset)
    .fetch_all(conn)
    .await?;
    rows.iter().map(from_row).collect()
}
