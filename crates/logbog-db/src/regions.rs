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

/// Trainees with a programme in `region` whose name contains `query` (all when empty), by name,
/// at most `limit`. One query.
pub async fn trainees_in_region(
    conn: &mut Conn,
    region: PostgraduateRegion,
    query: &str,
    limit: i64,
) -> Result<Vec<(PersonId, String)>, DbError> {
    // LIKE's wildcards in the query are taken literally (escaped), not dropped.
    let folded = query.trim().to_lowercase();
    let escaped = folded.replace('\\', "\\\\").replace('%', "\\%").replace('_', "\\_");
    let pattern = format!("%{escaped}%");
    let rows = sqlx::query(
        "SELECT DISTINCT p.id, p.given_name, p.family_name FROM people p JOIN programmes pr ON pr.trainee_id = p.id \
         WHERE pr.postgraduate_region_id = $1 AND p.search_name LIKE $2 ESCAPE '\\' \
         ORDER BY p.family_name, p.given_name, p.id LIMIT $3",
    )
    .bind(region.code())
    .bind(pattern)
    .bind(limit)
    .fetch_all(conn)
    .await?;
    rows.iter()
        .map(|row| {
            Ok((
                row.parse("id")?,
                format!("{} {}", row.text("given_name")?, row.text("family_name")?),
            ))
        })
        .collect()
}
