//! Notifications: in the app (a counter and a list) and by email (each is mailed once).
//! A dedupe key makes a notification happen at most once, e.g. one reminder per request.

use crate::{Conn, DbError, RowExt, instant_to_sql};
use chrono::{DateTime, Utc};
use logbog_domain::{Notice, PersonId};

/// A stored notification.
#[derive(Debug, Clone, PartialEq)]
pub struct Notification {
    pub id: String,
    pub recipient_id: PersonId,
    pub notice: Notice,
    pub created_at: DateTime<Utc>,
    pub read_at: Option<DateTime<Utc>>,
}

fn from_row(row: &sqlx::any::AnyRow) -> Result<Notification, DbError> {
    Ok(Notification {
        id: row.text("id")?,
        recipient_id: row.parse("recipient_id")?,
        notice: notice_from_parts(&row.text("kind")?, &row.text("payload")?)?,
        created_at: row.instant("created_at")?,
        read_at: row.opt_instant("read_at")?,
    })
}

/// The stored kind and payload of a notice.
pub(crate) fn notice_to_parts(notice: &Notice) -> Result<(String, String), DbError> {
    let value = serde_json::to_value(notice).map_err(|e| DbError::Corrupt(e.to_string()))?;
    Ok((notice.kind().code().to_owned(), value["payload"].to_string()))
}

fn notice_from_parts(kind: &str, payload: &str) -> Result<Notice, DbError> {
    let payload: serde_json::Value = serde_json::from_str(payload).map_err(|e| DbError::Corrupt(e.to_string()))?;
    serde_json::from_value(serde_json::json!({ "kind": kind, "payload": payload }))
        .map_err(|e| DbError::Corrupt(format!("notification of kind {kind:?}: {e}")))
}

/// Insert a notification; with a dedupe key that exists already nothing happens. Returns
/// whether a notification was added.
pub async fn insert(
    conn: &mut Conn,
    recipient: PersonId,
    notice: &Notice,
    dedupe_key: Option<&str>,
    now: DateTime<Utc>,
) -> Result<bool, DbError> {
    let (kind, payload) = notice_to_parts(notice)?;
    let about = notice.about();
    let done = sqlx::query(
        "INSERT INTO notifications (id, recipient_id, kind, payload, created_at, dedupe_key, about_trainee, about_item) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT (dedupe_key) DO NOTHING",
    )
    .bind(uuid::Uuid::now_v7().to_string())
    .bind(recipient.to_string())
    .bind(kind)
    .bind(payload)
    .bind(instant_to_sql(now))
    .bind(dedupe_key)
    .bind(about.map(|a| a.trainee.to_string()))
    .bind(about.and_then(|a| a.item).map(|i| i.id_text()))
    .execute(conn)
    .await?;
    Ok(done.rows_affected() > 0)
}

/// The newest notifications of a person.
/// The recipient's notifications, newest first: `limit` of them after skipping `offset`.
pub async fn list_for(
    conn: &mut Conn,
    recipient: PersonId,
    limit: i64,
    offset: i64,
) -> Result<Vec<Notification>, DbError> {
    let rows = sqlx::query(
        "SELECT * FROM notifications WHERE recipient_id = $1 ORDER BY created_at DESC, id DESC LIMIT $2 OFFSET $3",
    )
    .bind(recipient.to_string())
    .bind(limit)
    .bind(offset)
    .fetch_all(conn)
    .await?;
    rows.iter().map(from_row).collect()
}

/// How many notifications the recipient has.
pub async fn count_for(conn: &mut Conn, recipient: PersonId) -> Result<u64, DbError> {
    let n: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM notifications WHERE recipient_id = $1")
        .bind(recipient.to_string())
        .fetch_one(conn)
        .await?;
    Ok(u64::try_from(n).unwrap_or(0))
}

pub async fn count_unread(conn: &mut Conn, recipient: PersonId) -> Result<i64, DbError> {
    Ok(
        sqlx::query_scalar("SELECT COUNT(*) FROM notifications WHERE recipient_id = $1 AND read_at IS NULL")
            .bind(recipient.to_string())
            .fetch_one(conn)
            .await?,
    )
}

/// The recipient's notification `id`, marked read now if it was not. None if it is not theirs.
pub async fn open(
    conn: &mut Conn,
    recipient: PersonId,
    id: &str,
    now: DateTime<Utc>,
) -> Result<Option<Notification>, DbError> {
    sqlx::query("UPDATE notifications SET read_at = $1 WHERE id = $2 AND recipient_id = $3 AND read_at IS NULL")
        .bind(instant_to_sql(now))
        .bind(id)
        .bind(recipient.to_string())
        .execute(&mut *conn)
        .await?;
    let row = sqlx::query("SELECT * FROM notifications WHERE id = $1 AND recipient_id = $2")
        .bind(id)
        .bind(recipient.to_string())
        .fetch_optional(&mut *conn)
        .await?;
    row.as_ref().map(from_row).transpose()
}

/// Whether the recipient has unread notifications about `trainee` (and `item`, if given).
/// One indexed read, so that a page can ask before it writes.
pub async fn any_unread_about(
    conn: &mut Conn,
    recipient: PersonId,
    trainee: PersonId,
    item: Option<&str>,
) -> Result<bool, DbError> {
    let base = "SELECT 1 FROM notifications WHERE recipient_id = $1 AND read_at IS NULL AND about_trainee = $2";
    let found: Option<i64> = match item {
        Some(item) => {
            sqlx::query_scalar(sqlx::AssertSqlSafe(format!("{base} AND about_item = $3 LIMIT 1")))
                .bind(recipient.to_string())
                .bind(trainee.to_string())
                .bind(item)
                .fetch_optional(conn)
                .await?
        }
        None => {
            sqlx::query_scalar(sqlx::AssertSqlSafe(format!("{base} LIMIT 1")))
                .bind(recipient.to_string())
                .bind(trainee.to_string())
                .fetch_optional(conn)
                .await?
        }
    };
    Ok(found.is_some())
}

/// Mark read the recipient's notifications about `trainee` (and `item`, if given): the user has
/// opened what they point to. Returns how many.
pub async fn mark_read_about(
    conn: &mut Conn,
    recipient: PersonId,
    trainee: PersonId,
    item: Option<&str>,
    now: DateTime<Utc>,
) -> Result<u64, DbError> {
    let base =
        "UPDATE notifications SET read_at = $1 WHERE recipient_id = $2 AND read_at IS NULL AND about_trainee = $3";
    let q = match item {
        Some(item) => sqlx::query(sqlx::AssertSqlSafe(format!("{base} AND about_item = $4")))
            .bind(instant_to_sql(now))
            .bind(recipient.to_string())
            .bind(trainee.to_string())
            .bind(item.to_owned()),
        None => sqlx::query(sqlx::AssertSqlSafe(base.to_owned()))
            .bind(instant_to_sql(now))
            .bind(recipient.to_string())
            .bind(trainee.to_string()),
    };
    let done = q.execute(conn).await?;
    Ok(done.rows_affected())
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

/// Mark every notification made before `before` and not yet read or mailed as read and mailed
/// when it was made: for a history written after the fact (the demo), whose older notices were
/// seen and sent long ago while the latest still wait for their reader.
pub async fn settle_before(conn: &mut Conn, before: DateTime<Utc>) -> Result<u64, DbError> {
    let done = sqlx::query(
        "UPDATE notifications SET read_at = COALESCE(read_at, created_at), emailed_at = COALESCE(emailed_at, created_at) \
         WHERE (read_at IS NULL OR emailed_at IS NULL) AND created_at < $1",
    )
    .bind(instant_to_sql(before))
    .execute(conn)
    .await?;
    Ok(done.rows_affected())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_notice_round_trips_through_its_stored_parts() {
        for notice in Notice::examples() {
            let (kind, payload) = notice_to_parts(&notice).unwrap();
            assert_eq!(notice_from_parts(&kind, &payload).unwrap(), notice);
        }
        // As written before the kinds were typed.
        let old = notice_from_parts("reminder", r#"{"trainee_name":"Ida","days":8}"#).unwrap();
        assert_eq!(
            old,
            Notice::Reminder {
                trainee_name: "Ida".into(),
                days: 8,
                codes: Vec::new(),
                about: None,
            }
        );
    }
}
