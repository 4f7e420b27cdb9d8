//! A region's sites and trainees, for the secretariat.

use crate::{Conn, DbError, RowExt};
use logbog_domain::{PersonId, PostgraduateRegion, SiteId, SiteKind};

/// Trainees with a programme in a region, counted (for the secretariat's overview).
pub async fn count_trainees_in_region(conn: &mut Conn, region: PostgraduateRegion) -> Result<i64, DbError> {
    Ok(
        sqlx::query_scalar("SELECT COUNT(DISTINCT trainee_id) FROM programmes WHERE postgraduate_region_id = $1")
            .bind(region.code())
            .fetch_one(conn)
            .await?,
    )
}

/// The sites of a region, by name: (id, name, kind).
pub async fn sites_in_region(
    conn: &mut Conn,
    region: PostgraduateRegion,
) -> Result<Vec<(SiteId, String, SiteKind)>, DbError> {
    let rows = sqlx::query(
        "SELECT s.id, s.name, s.kind, h.name AS hospital FROM sites s LEFT JOIN hospitals h ON h.id = s.hospital_id \
         WHERE s.postgraduate_region_id = $1 ORDER BY h.name, s.name",
    )
    .bind(region.code())
    .fetch_all(conn)
    .await?;
    rows.iter()
        .map(|row| {
            let name = match row.opt_text("hospital")? {
                Some(h) => format!("{}, {h}", row.text("name")?),
                None => row.text("name")?,
            };
            Ok((row.parse("id")?, name, row.parse("kind")?))
        })
        .collect()
}

/// The `LIKE` pattern of a name search: folded as `people.search_name` is, and with `LIKE`'s
/// wildcards in the query taken literally (escaped), not dropped.
fn name_pattern(query: &str) -> String {
    let folded = query.trim().to_lowercase();
    let escaped = folded.replace('\\', "\\\\").replace('%', "\\%").replace('_', "\\_");
    format!("%{escaped}%")
}

/// Trainees with a programme in one of `regions` whose name contains `query` (all when empty),
/// by name: `limit` of them after skipping `offset`. One query, which walks people in name order
/// (index `people_by_name`) and stops at the page: the first pages cost the same in a region of
/// any size.
pub async fn trainees_in_regions(
    conn: &mut Conn,
    regions: &[PostgraduateRegion],
    query: &str,
    limit: i64,
    offset: i64,
) -> Result<Vec<(PersonId, String)>, DbError> {
    if regions.is_empty() {
        return Ok(Vec::new());
    }
    let params = crate::sql::in_list_params(4, regions.len());
    // Only numbered parameters are formatted in; the values are bound.
    let mut q = sqlx::query(sqlx::AssertSqlSafe(format!(
        "SELECT p.id, p.given_name, p.family_name FROM people p \
         WHERE EXISTS (SELECT 1 FROM programmes pr WHERE pr.trainee_id = p.id AND pr.postgraduate_region_id IN ({params})) \
           AND p.search_name LIKE $1 ESCAPE '\\' \
         ORDER BY p.family_name, p.given_name, p.id LIMIT $2 OFFSET $3"
    )))
    .bind(name_pattern(query))
    .bind(limit)
    .bind(offset);
    for r in regions {
        q = q.bind(r.code());
    }
    q.fetch_all(conn)
        .await?
        .iter()
        .map(|row| {
            Ok((
                row.parse("id")?,
                format!("{} {}", row.text("given_name")?, row.text("family_name")?),
            ))
        })
        .collect()
}

/// How many trainees [`trainees_in_regions`] pages through. Without a query, counted from the
/// programmes' region index alone.
pub async fn count_trainees_in_regions(
    conn: &mut Conn,
    regions: &[PostgraduateRegion],
    query: &str,
) -> Result<u64, DbError> {
    if regions.is_empty() {
        return Ok(0);
    }
    let n = if query.trim().is_empty() {
        let params = crate::sql::in_list_params(1, regions.len());
        let mut q = sqlx::query_scalar::<_, i64>(sqlx::AssertSqlSafe(format!(
            "SELECT COUNT(DISTINCT trainee_id) FROM programmes WHERE postgraduate_region_id IN ({params})"
        )));
        for r in regions {
            q = q.bind(r.code());
        }
        q.fetch_one(conn).await?
    } else {
        let params = crate::sql::in_list_params(2, regions.len());
        let mut q = sqlx::query_scalar::<_, i64>(sqlx::AssertSqlSafe(format!(
            "SELECT COUNT(*) FROM people p \
             WHERE p.id IN (SELECT pr.trainee_id FROM programmes pr WHERE pr.postgraduate_region_id IN ({params})) \
               AND p.search_name LIKE $1 ESCAPE '\\'"
        )))
        .bind(name_pattern(query));
        for r in regions {
            q = q.bind(r.code());
        }
        q.fetch_one(conn).await?
    };
    Ok(u64::try_from(n).unwrap_or(0))
}

/// The page of [`trainees_in_regions`] for a search, and the count of all that match, from one
/// walk over the region's trainees (a search reads every name anyway). The count is `None` when
/// the page is past the end (no row to carry it).
pub async fn search_trainees_in_regions(
    conn: &mut Conn,
    regions: &[PostgraduateRegion],
    query: &str,
    limit: i64,
    offset: i64,
) -> Result<(Vec<(PersonId, String)>, Option<u64>), DbError> {
    if regions.is_empty() {
        return Ok((Vec::new(), Some(0)));
    }
    let params = crate::sql::in_list_params(4, regions.len());
    // Only numbered parameters are formatted in; the values are bound.
    let mut q = sqlx::query(sqlx::AssertSqlSafe(format!(
        "SELECT p.id, p.given_name, p.family_name, COUNT(*) OVER () AS total FROM people p \
         WHERE p.id IN (SELECT pr.trainee_id FROM programmes pr WHERE pr.postgraduate_region_id IN ({params})) \
           AND p.search_name LIKE $1 ESCAPE '\\' \
         ORDER BY p.family_name, p.given_name, p.id LIMIT $2 OFFSET $3"
    )))
    .bind(name_pattern(query))
    .bind(limit)
    .bind(offset);
    for r in regions {
        q = q.bind(r.code());
    }
    let rows = q.fetch_all(conn).await?;
    let total = match rows.first() {
        Some(row) => Some(u64::try_from(row.int("total")?).unwrap_or(0)),
        None => None,
    };
    let items = rows
        .iter()
        .map(|row| {
            Ok((
                row.parse("id")?,
                format!("{} {}", row.text("given_name")?, row.text("family_name")?),
            ))
        })
        .collect::<Result<_, DbError>>()?;
    Ok((items, total))
}
