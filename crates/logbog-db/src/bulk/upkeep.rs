//! Around a bulk load: the row counts the seed reports, a connection tuned for long
//! transactions, and the planner's statistics afterwards.

use crate::{Backend, Conn, Db, DbError};

/// `(table, SQL counting its rows)`, one literal each.
macro_rules! counted {
    ($($table:literal),* $(,)?) => {
        &[$(($table, concat!("SELECT COUNT(*) FROM ", $table))),*]
    };
}

/// The tables the seed fills, for its report and its tests.
const COUNTED: &[(&str, &str)] = counted!(
    "people",
    "accounts",
    "role_grants",
    "sites",
    "curricula",
    "curriculum_versions",
    "competencies",
    "programmes",
    "programme_curricula",
    "employments",
    "supervisions",
    "approval_requests",
    "approvals",
    "notifications",
    "audit_events",
);

/// The number of rows of each table the seed fills, in a fixed order.
pub async fn table_counts(conn: &mut Conn) -> Result<Vec<(&'static str, i64)>, DbError> {
    let mut out = Vec::with_capacity(COUNTED.len());
    for (table, sql) in COUNTED {
        let n: i64 = sqlx::query_scalar(*sql).fetch_one(&mut *conn).await?;
        out.push((*table, n));
    }
    Ok(out)
}

/// Make one connection fit for long bulk transactions: on SQLite a larger page cache, so that
/// the indexes of millions of rows are not re-read from the file for every statement.
pub async fn tune_connection(backend: Backend, conn: &mut Conn) -> Result<(), DbError> {
    if backend == Backend::Sqlite {
        sqlx::query("PRAGMA cache_size = -262144").execute(conn).await?;
    }
    Ok(())
}

/// Refresh the planner's statistics after a bulk load (and on PostgreSQL the visibility map).
pub async fn analyze(db: &Db) -> Result<(), DbError> {
    let mut conn = db.conn().await?;
    // On PostgreSQL also VACUUM: after a bulk load no page is marked all-visible, so every
    // index-only scan would visit the table (the secretariat's count of a region's trainees took
    // 15 ms instead of 1.4) until autovacuum came by.
    let sql = match db.backend() {
        crate::Backend::Sqlite => "ANALYZE",
        crate::Backend::Postgres => "VACUUM (ANALYZE)",
    };
    sqlx::query(sql).execute(&mut *conn).await?;
    Ok(())
}
