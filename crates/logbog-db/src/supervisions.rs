//! Supervisor relations (vejlederrelationer): a training lead or tutor gives a supervisor access
//! to a trainee of the site for a period; ending moves the period's end to yesterday.

use crate::{Conn, DbError, RowExt, date_to_sql, instant_to_sql};
use chrono::{DateTime, NaiveDate, Utc};
use logbog_domain::{PersonId, SiteId, SupervisionId, SupervisorKind};

/// A new supervisor relation.
#[derive(Debug, Clone)]
pub struct NewSupervision {
    pub supervisor_id: PersonId,
    pub trainee_id: PersonId,
    pub site_id: SiteId,
    pub kind: SupervisorKind,
    pub valid_from: NaiveDate,
    pub valid_until: Option<NaiveDate>,
    pub granted_by: PersonId,
}

pub async fn insert_supervision(
    conn: &mut Conn,
    s: &NewSupervision,
    now: DateTime<Utc>,
) -> Result<SupervisionId, DbError> {
    let id = SupervisionId::new();
    sqlx::query(
        "INSERT INTO supervisions (id, supervisor_id, trainee_id, site_id, kind, valid_from, valid_until, granted_by, granted_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
    )
    .bind(id.to_string())
    .bind(s.supervisor_id.to_string())
    .bind(s.trainee_id.to_string())
    .bind(s.site_id.to_string())
    .bind(s.kind.code())
    .bind(date_to_sql(s.valid_from))
    .bind(s.valid_until.map(date_to_sql))
    .bind(s.granted_by.to_string())
    .bind(instant_to_sql(now))
    .execute(conn)
    .await?;
    Ok(id)
}

/// End a supervisor relation early: the last day of access becomes `last_day`.
pub async fn end_supervision(
    conn: &mut Conn,
    id: SupervisionId,
    last_day: NaiveDate,
    ended_by: PersonId,
    now: DateTime<Utc>,
) -> Result<bool, DbError> {
    let done = sqlx::query(
        "UPDATE supervisions SET valid_until = $1, ended_by = $2, ended_at = $3 WHERE id = $4 AND ended_at IS NULL",
    )
    .bind(date_to_sql(last_day))
    .bind(ended_by.to_string())
    .bind(instant_to_sql(now))
    .bind(id.to_string())
    .execute(conn)
    .await?;
    Ok(done.rows_affected() > 0)
}

/// A supervisor relation as seen from the trainee.
#[derive(Debug, Clone, PartialEq)]
pub struct SupervisorOfTrainee {
    pub supervisor_id: PersonId,
    pub name: String,
    pub kind: SupervisorKind,
    pub site_name: String,
    pub valid_from: NaiveDate,
    pub valid_until: Option<NaiveDate>,
}

/// Supervisor relations of a trainee that are in force on `day`.
pub async fn current_supervisors(
    conn: &mut Conn,
    trainee: PersonId,
    day: NaiveDate,
) -> Result<Vec<SupervisorOfTrainee>, DbError> {
    let d = date_to_sql(day);
    let rows = sqlx::query(
        concat!("SELECT s.supervisor_id, p.given_name, p.family_name, s.kind, si.name AS site_name, s.valid_from, s.valid_until \
         FROM supervisions s JOIN people p ON p.id = s.supervisor_id JOIN sites si ON si.id = s.site_id \
         WHERE s.trainee_id = $1 AND ", crate::supervision_in_force!("s", "$2"), " \
         ORDER BY s.kind, p.family_name"),
    )
    .bind(trainee.to_string())
    .bind(d)
    .fetch_all(conn)
    .await?;
    rows.iter()
        .map(|row| {
            Ok(SupervisorOfTrainee {
                supervisor_id: row.parse("supervisor_id")?,
                name: format!("{} {}", row.text("given_name")?, row.text("family_name")?),
                kind: row.parse("kind")?,
                site_name: row.text("site_name")?,
                valid_from: row.date("valid_from")?,
                valid_until: row.opt_date("valid_until")?,
            })
        })
        .collect()
}

/// A supervisor relation as a training lead or tutor manages it.
#[derive(Debug, Clone, PartialEq)]
pub struct SupervisionRow {
    pub id: SupervisionId,
    pub supervisor_name: String,
    pub trainee_id: PersonId,
    pub trainee_name: String,
    pub site_id: SiteId,
    pub site_name: String,
    pub kind: SupervisorKind,
    pub valid_from: NaiveDate,
    pub valid_until: Option<NaiveDate>,
    pub ended_at: Option<DateTime<Utc>>,
    /// Who gave it, and when.
    pub granted_by_name: String,
    pub granted_at: DateTime<Utc>,
}

/// Supervisions at `sites`, except those of `except_trainee` (nobody manages their own
/// access): those in force first, then by trainee; `limit` of them after skipping `offset`.
pub async fn supervisions_at_sites(
    conn: &mut Conn,
    sites: &[String],
    except_trainee: PersonId,
    limit: i64,
    offset: i64,
) -> Result<Vec<SupervisionRow>, DbError> {
    if sites.is_empty() {
        return Ok(Vec::new());
    }
    let params = crate::sql::in_list_params(4, sites.len());
    // Only numbered parameters are formatted in; the values are bound.
    let mut q = sqlx::query(sqlx::AssertSqlSafe(format!(
        "SELECT s.id, s.trainee_id, s.site_id, s.kind, s.valid_from, s.valid_until, s.ended_at, s.granted_at, si.name AS site_name, \
                sp.given_name AS s_given, sp.family_name AS s_family, tp.given_name AS t_given, tp.family_name AS t_family, \
                bp.given_name AS b_given, bp.family_name AS b_family \
         FROM supervisions s JOIN sites si ON si.id = s.site_id \
         JOIN people sp ON sp.id = s.supervisor_id JOIN people tp ON tp.id = s.trainee_id \
         JOIN people bp ON bp.id = s.granted_by \
         WHERE s.site_id IN ({params}) AND s.trainee_id <> $1 \
         ORDER BY s.ended_at IS NOT NULL, tp.family_name, s.valid_from DESC, s.id LIMIT $2 OFFSET $3"
    )))
    .bind(except_trainee.to_string())
    .bind(limit)
    .bind(offset);
    for s in sites {
        q = q.bind(s.clone());
    }
    q.fetch_all(conn)
        .await?
        .iter()
        .map(|row| {
            Ok(SupervisionRow {
                id: row.parse("id")?,
                supervisor_name: format!("{} {}", row.text("s_given")?, row.text("s_family")?),
                trainee_id: row.parse("trainee_id")?,
                trainee_name: format!("{} {}", row.text("t_given")?, row.text("t_family")?),
                site_id: row.parse("site_id")?,
                site_name: row.text("site_name")?,
                kind: row.parse("kind")?,
                valid_from: row.date("valid_from")?,
                valid_until: row.opt_date("valid_until")?,
                ended_at: row.opt_instant("ended_at")?,
                granted_by_name: format!("{} {}", row.text("b_given")?, row.text("b_family")?),
                granted_at: row.instant("granted_at")?,
            })
        })
        .collect()
}

/// How many supervisions [`supervisions_at_sites`] pages through.
pub async fn count_supervisions_at_sites(
    conn: &mut Conn,
    sites: &[String],
    except_trainee: PersonId,
) -> Result<u64, DbError> {
    if sites.is_empty() {
        return Ok(0);
    }
    let params = crate::sql::in_list_params(2, sites.len());
    let mut q = sqlx::query_scalar::<_, i64>(sqlx::AssertSqlSafe(format!(
        "SELECT COUNT(*) FROM supervisions s WHERE s.site_id IN ({params}) AND s.trainee_id <> $1"
    )))
    .bind(except_trainee.to_string());
    for s in sites {
        q = q.bind(s.clone());
    }
    Ok(u64::try_from(q.fetch_one(conn).await?).unwrap_or(0))
}

/// A supervision's site, trainee and whether it was ended.
#[derive(Debug, Clone, PartialEq)]
pub struct SupervisionFacts {
    pub site_id: SiteId,
    pub trainee_id: PersonId,
    pub ended_at: Option<DateTime<Utc>>,
}

pub async fn find_supervision(conn: &mut Conn, id: SupervisionId) -> Result<Option<SupervisionFacts>, DbError> {
    let row = sqlx::query("SELECT site_id, trainee_id, ended_at FROM supervisions WHERE id = $1")
        .bind(id.to_string())
        .fetch_optional(conn)
        .await?;
    row.map(|row| {
        Ok(SupervisionFacts {
            site_id: row.parse("site_id")?,
            trainee_id: row.parse("trainee_id")?,
            ended_at: row.opt_instant("ended_at")?,
        })
    })
    .transpose()
}
