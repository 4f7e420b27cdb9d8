//! Notifications: in the app (a counter and a list) and by email (each is mailed once).
//! A dedupe key makes a notification happen at most once, e.g. one reminder per request.

use crate::{Conn, DbError, RowExt, instant_to_sql};
use chrono::{DateTime, Utc};
use logbog_domain::PersonId;

/// A stored notification.
#[derive(Debug, Clone, PartialEq)]
pub struct Notification {
    pub id: String,
    pub recipient_id: PersonId,
    pub kind: String,
    pub payload: serde_json::Value,
    pub created_at: DateTime<Utc>,
    pub read_at: Option<DateTime<Utc>>,
}

fn from_row(row: &sqlx::any::AnyRow) -> Result<Notification, DbError> {
    Ok(Notification {
        id: row.text("id")?,
        recipient_id: row.parse("recipient_id")?,
        kind: row.text("kind")?,
        payload: serde_json::from_str(&row.text("payload")?).map_err(|e| DbError::Corrupt(e.to_string()))?,
        created_at: row.instant("created_at")?,
        read_at: row.opt_instant("read_at")?,
    })
}

/// Insert a notification; with a dedupe key that exists already nothing happens. Returns
/// whether a notification was added.
pub async fn insert(
    conn: &mut Conn,
    recipient: PersonId,
    kind: &str,
    payload: &serde_json::Value,
    dedupe_key: Option<&str>,
    now: DateTime<Utc>,
) -> Result<bool, DbError> {
    let done = sqlx::query(
        "INSERT INTO notifications (id, recipient_id, kind, payload, created_at, dedupe_key) VALUES ($1, $2, $3, $4, $5, $6) \
         ON CONFLICT (dedupe_key) DO NOTHING",
    )
    .bind(uuid::Uuid::now_v7().to_string())
    .bind(recipient.to_string())
    .bind(kind)
    .bind(payload.to_string())
    .bind(instant_to_sql(now))
    .bind(dedupe_key)
    .execute(conn)
    .await?;
    Ok(done.rows_affected() > 0)
}

/// The newest notifications of a person.
pub async fn list_for(conn: &mut Conn, recipient: PersonId, limit: i64) -> Result<Vec<Notification>, DbError> {
    let rows =
        sqlx::query("SELECT * FROM notifications WHERE recipient_id = $1 ORDER BY created_at DESC, id DESC LIMIT $2")
            .bind(recipient.to_string())
            .bind(limit)
            .fetch_all(conn)
            .await?;
    rows.iter().map(from_row).collect()
}

pub async fn count_unread(conn: &mut Conn, recipient: PersonId) -> Result<i64, DbError> {
    Ok(
        sqlx::query_scalar("SELECT COUNT(*) FROM notifications WHERE recipient_id = $1 AND read_at IS NULL")
            .bind(recipient.to_string())
            .fetch_one(conn)
            .await?,
    )
}

pub async fn mark_all_read(conn: &mut Conn, recipient: PersonId, now: DateTime<Utc>) -> Result<u64, DbError> {
    let done = sqlx::query("UPDATE notifications SET read_at = $1 WHERE recipient_id = $2 AND read_at IS NULL")
        .bind(instant_to_sql(now))
        .bind(recipient.to_string())
        .execute(conn)
        .await?;
    Ok(done.rows_affected())
}

/// A notification to mail, with its recipient's address, name and language.
#[derive(Debug, Clone)]
pub struct Mail {
    pub notification: Notification,
    pub email: String,
    pub name: String,
    pub locale: String,
}

/// Notifications not yet mailed whose recipient has an email address, oldest first.
pub async fn unmailed(conn: &mut Conn, limit: i64) -> Result<Vec<Mail>, DbError> {
    let rows = sqlx::query(
        "SELECT n.*, p.email, p.given_name, p.family_name, COALESCE(a.locale, 'da') AS locale \
         FROM notifications n JOIN people p ON p.id = n.recipient_id LEFT JOIN accounts a ON a.person_id = p.id \
         WHERE n.emailed_at IS NULL AND p.email IS NOT NULL AND p.email <> '' ORDER BY n.created_at, n.id LIMIT $1",
    )
    .bind(limit)
    .fetch_all(conn)
    .await?;
    rows.iter()
        .map(|row| {
            Ok(Mail {
                notification: from_row(row)?,
                email: row.text("email")?,
                name: format!("{} {}", row.text("given_name")?, row.text("family_name")?),
                locale: row.text("locale")?,
            })
        })
        .collect()
}

pub async fn mark_emailed(conn: &mut Conn, id: &str, now: DateTime<Utc>) -> Result<(), DbError> {
    sqlx::query("UPDATE notifications SET emailed_at = $1 WHERE id = $2")
        .bind(instant_to_sql(now))
        .bind(id)
        .execute(conn)
        .await?;
    Ok(())
}

/// A pending request older than some instant, for reminders and escalation.
#[derive(Debug, Clone)]
pub struct StaleRequest {
    pub request_id: logbog_domain::ApprovalRequestId,
    pub trainee_id: PersonId,
    pub trainee_name: String,
    pub approver_id: PersonId,
    pub approver_name: String,
    pub requested_at: DateTime<Utc>,
}

/// Pending requests made before `before`, oldest first. One query.
pub async fn stale_requests(conn: &mut Conn, before: DateTime<Utc>) -> Result<Vec<StaleRequest>, DbError> {
    let rows = sqlx::query(
        "SELECT r.id, r.trainee_id, r.approver_id, r.requested_at, t.given_name AS tg, t.family_name AS tf, \
                a.given_name AS ag, a.family_name AS af \
         FROM approval_requests r JOIN people t ON t.id = r.trainee_id JOIN people a ON a.id = r.approver_id \
         WHERE r.state = 'pending' AND r.requested_at < $1 ORDER BY r.requested_at",
    )
    .bind(instant_to_sql(before))
    .fetch_all(conn)
    .await?;
    rows.iter()
        .map(|row| {
            Ok(StaleRequest {
                request_id: row.parse("id")?,
                trainee_id: row.parse("trainee_id")?,
                trainee_name: format!("{} {}", row.text("tg")?, row.text("tf")?),
                approver_id: row.parse("approver_id")?,
                approver_name: format!("{} {}", row.text("ag")?, row.text("af")?),
                requested_at: row.instant("requested_at")?,
            })
        })
        .collect()
}
