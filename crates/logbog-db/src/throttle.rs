//! Failed-login counters in the database, so that every server process on it sees the same
//! attacker. What the counts mean (who is refused or slowed, for how long) is decided by the
//! caller (`logbog_app::throttle`); this module only counts and remembers locks.

use crate::{Conn, DbError, RowExt, instant_to_sql};
use chrono::{DateTime, Utc};
use std::collections::HashMap;

/// A key's failures since it was last quiet, and the lock on it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Failures {
    pub count: i64,
    pub last_at: DateTime<Utc>,
    pub locked_until: Option<DateTime<Utc>>,
}

/// The counters of `keys` that have failed since `since` (older ones count as none).
pub async fn failures(
    conn: &mut Conn,
    keys: &[String],
    since: DateTime<Utc>,
) -> Result<HashMap<String, Failures>, DbError> {
    if keys.is_empty() {
        return Ok(HashMap::new());
    }
    let params = crate::sql::in_list_params(2, keys.len());
    // Only numbered parameters are formatted in; the values are bound.
    let mut q = sqlx::query(sqlx::AssertSqlSafe(format!(
        "SELECT key, failures, last_at, locked_until FROM login_failures WHERE last_at >= $1 AND key IN ({params})"
    )))
    .bind(instant_to_sql(since));
    for k in keys {
        q = q.bind(k.clone());
    }
    q.fetch_all(conn)
        .await?
        .iter()
        .map(|row| {
            Ok((
                row.text("key")?,
                Failures {
                    count: row.int("failures")?,
                    last_at: row.instant("last_at")?,
                    locked_until: row.opt_instant("locked_until")?,
                },
            ))
        })
        .collect()
}

/// Count one more failure of `key` at `now` (starting again from one when its last failure was
/// before `since`); returns the new count.
pub async fn add_failure(conn: &mut Conn, key: &str, now: DateTime<Utc>, since: DateTime<Utc>) -> Result<i64, DbError> {
    let row = sqlx::query(
        "INSERT INTO login_failures (key, failures, last_at) VALUES ($1, 1, $2) \
         ON CONFLICT (key) DO UPDATE SET \
           failures = CASE WHEN login_failures.last_at < $3 THEN 1 ELSE login_failures.failures + 1 END, \
           locked_until = CASE WHEN login_failures.last_at < $3 THEN NULL ELSE login_failures.locked_until END, \
           last_at = $2 \
         RETURNING failures",
    )
    .bind(key)
    .bind(instant_to_sql(now))
    .bind(instant_to_sql(since))
    .fetch_one(conn)
    .await?;
    row.int("failures")
}

/// Lock `key` until `until`.
pub async fn lock(conn: &mut Conn, key: &str, until: DateTime<Utc>) -> Result<(), DbError> {
    sqlx::query("UPDATE login_failures SET locked_until = $1 WHERE key = $2")
        .bind(instant_to_sql(until))
        .bind(key)
        .execute(conn)
        .await?;
    Ok(())
}

/// Forget `key` (after a successful login).
pub async fn clear(conn: &mut Conn, key: &str) -> Result<(), DbError> {
    sqlx::query("DELETE FROM login_failures WHERE key = $1")
        .bind(key)
        .execute(conn)
        .await?;
    Ok(())
}

/// Remove counters whose last failure was before `before` and whose lock has passed; returns
/// how many.
pub async fn forget(conn: &mut Conn, before: DateTime<Utc>) -> Result<u64, DbError> {
    let done =
        sqlx::query("DELETE FROM login_failures WHERE last_at < $1 AND (locked_until IS NULL OR locked_until < $1)")
            .bind(instant_to_sql(before))
            .execute(conn)
            .await?;
    Ok(done.rows_affected())
}
