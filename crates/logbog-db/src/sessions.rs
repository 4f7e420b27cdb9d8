//! Server-side sessions (web) and bearer tokens (API). Only a hash of each secret is stored.

use crate::accounts::Account;
use crate::{Conn, DbError, RowExt, instant_to_sql};
use chrono::{DateTime, Utc};
use logbog_domain::{AccountId, PersonId};

/// What a session is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SessionKind {
    Web,
    Api,
}

impl SessionKind {
    fn code(self) -> &'static str {
        match self {
            SessionKind::Web => "web",
            SessionKind::Api => "api",
        }
    }
}

/// A live session and the account it belongs to.
#[derive(Debug, Clone)]
pub struct SessionRecord {
    pub account_id: AccountId,
    pub person_id: PersonId,
    pub username: String,
    pub locale: String,
    pub csrf_token: String,
    pub created_at: DateTime<Utc>,
    pub last_seen_at: DateTime<Utc>,
    pub expires_at: DateTime<Utc>,
}

#[allow(clippy::too_many_arguments)]
pub async fn insert(
    conn: &mut Conn,
    id_hash: &str,
    account_id: AccountId,
    kind: SessionKind,
    csrf_token: &str,
    now: DateTime<Utc>,
    expires_at: DateTime<Utc>,
    label: &str,
) -> Result<(), DbError> {
    sqlx::query(
        "INSERT INTO sessions (id_hash, account_id, kind, csrf_token, created_at, last_seen_at, expires_at, label) \
         VALUES ($1, $2, $3, $4, $5, $5, $6, $7)",
    )
    .bind(id_hash)
    .bind(account_id.to_string())
    .bind(kind.code())
    .bind(csrf_token)
    .bind(instant_to_sql(now))
    .bind(instant_to_sql(expires_at))
    .bind(label)
    .execute(conn)
    .await?;
    Ok(())
}

/// The session with this hash and kind, if it exists, has not expired and its account is enabled.
pub async fn find(
    conn: &mut Conn,
    id_hash: &str,
    kind: SessionKind,
    now: DateTime<Utc>,
) -> Result<Option<SessionRecord>, DbError> {
    Ok(find_with_account(conn, id_hash, kind, now).await?.map(|(s, _)| s))
}

/// [`find`], with the session's account and person read in the same statement (every page
/// asks this first).
pub async fn find_with_account(
    conn: &mut Conn,
    id_hash: &str,
    kind: SessionKind,
    now: DateTime<Utc>,
) -> Result<Option<(SessionRecord, Account)>, DbError> {
    let row = sqlx::query(concat!(
        "SELECT s.csrf_token, s.created_at, s.last_seen_at, s.expires_at, ",
        crate::accounts::account_columns!(),
        " FROM sessions s JOIN accounts a ON a.id = s.account_id JOIN people p ON p.id = a.person_id \
         WHERE s.id_hash = $1 AND s.kind = $2 AND s.expires_at > $3 AND a.disabled = 0"
    ))
    .bind(id_hash)
    .bind(kind.code())
    .bind(instant_to_sql(now))
    .fetch_optional(conn)
    .await?;
    row.map(|row| {
        let account = crate::accounts::account_from_row(&row)?;
        Ok((
            SessionRecord {
                account_id: account.id,
                person_id: account.person.id,
                username: account.username.clone(),
                locale: account.locale.clone(),
                csrf_token: row.text("csrf_token")?,
                created_at: row.instant("created_at")?,
                last_seen_at: row.instant("last_seen_at")?,
                expires_at: row.instant("expires_at")?,
            },
            account,
        ))
    })
    .transpose()
}

/// Slide the session's expiry forward.
pub async fn touch(
    conn: &mut Conn,
    id_hash: &str,
    now: DateTime<Utc>,
    expires_at: DateTime<Utc>,
) -> Result<(), DbError> {
    sqlx::query("UPDATE sessions SET last_seen_at = $1, expires_at = $2 WHERE id_hash = $3")
        .bind(instant_to_sql(now))
        .bind(instant_to_sql(expires_at))
        .bind(id_hash)
        .execute(conn)
        .await?;
    Ok(())
}

/// Delete one session; returns whether it existed.
pub async fn delete(conn: &mut Conn, id_hash: &str) -> Result<bool, DbError> {
    let done = sqlx::query("DELETE FROM sessions WHERE id_hash = $1")
        .bind(id_hash)
        .execute(conn)
        .await?;
    Ok(done.rows_affected() > 0)
}

/// Remove expired sessions; returns how many.
pub async fn delete_expired(conn: &mut Conn, now: DateTime<Utc>) -> Result<u64, DbError> {
    let done = sqlx::query("DELETE FROM sessions WHERE expires_at <= $1")
        .bind(instant_to_sql(now))
        .execute(conn)
        .await?;
    Ok(done.rows_affected())
}
