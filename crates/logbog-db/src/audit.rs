//! The audit trail: append-only, hash-chained events. Each event's hash covers its predecessor's
//! hash and its own content, so altering, removing or reordering an event breaks the chain.

use crate::{Conn, DbError, RowExt, instant_to_sql};
use chrono::{DateTime, Utc};
use logbog_domain::{AuditAction, PersonId, Role, Subject};
use sha2::{Digest, Sha256};

/// The hash before the first event.
pub const GENESIS: &str = "0000000000000000000000000000000000000000000000000000000000000000";

/// An event to append.
#[derive(Debug, Clone)]
pub struct NewEvent {
    pub actor_id: Option<PersonId>,
    pub actor_role: Option<Role>,
    pub action: AuditAction,
    pub subject: Option<Subject>,
    pub trainee_id: Option<PersonId>,
    pub details: serde_json::Value,
}

/// A stored event.
#[derive(Debug, Clone, PartialEq)]
pub struct Event {
    pub seq: i64,
    pub id: String,
    pub occurred_at: String,
    pub actor_id: Option<String>,
    pub actor_role: Option<String>,
    pub action: String,
    pub subject_kind: Option<String>,
    pub subject_id: Option<String>,
    pub trainee_id: Option<String>,
    pub details: String,
    pub prev_hash: String,
    pub hash: String,
}

impl Event {
    /// The hash this event must carry, given its content and its predecessor's hash.
    pub fn expected_hash(&self) -> String {
        let opt = |o: &Option<String>| o.clone().unwrap_or_default();
        let canonical = [
            self.seq.to_string(),
            self.id.clone(),
            self.occurred_at.clone(),
            opt(&self.actor_id),
            opt(&self.actor_role),
            self.action.clone(),
            opt(&self.subject_kind),
            opt(&self.subject_id),
            opt(&self.trainee_id),
            self.details.clone(),
        ];
        let mut h = Sha256::new();
        h.update(self.prev_hash.as_bytes());
        for field in canonical {
            // Length-prefixed, so no two different contents hash the same text.
            h.update((field.len() as u64).to_be_bytes());
            h.update(field.as_bytes());
        }
        hex::encode(h.finalize())
    }
}

/// Append an event inside the caller's transaction; returns its sequence number.
pub async fn append(conn: &mut Conn, e: &NewEvent, now: DateTime<Utc>) -> Result<i64, DbError> {
    // Taking the head row's write lock serialises appenders (SQLite already serialises writers).
    let row = sqlx::query("UPDATE audit_head SET seq = seq + 1 WHERE id = 1 RETURNING seq, hash")
        .fetch_one(&mut *conn)
        .await?;
    let mut event = Event {
        seq: row.int("seq")?,
        id: uuid::Uuid::now_v7().to_string(),
        occurred_at: instant_to_sql(now),
        actor_id: e.actor_id.map(|p| p.to_string()),
        actor_role: e.actor_role.map(|r| r.code().to_owned()),
        action: e.action.code().to_owned(),
        subject_kind: e.subject.map(|s| s.kind().to_owned()),
        subject_id: e.subject.map(Subject::id_text),
        trainee_id: e.trainee_id.map(|p| p.to_string()),
        details: e.details.to_string(),
        prev_hash: row.text("hash")?,
        hash: String::new(),
    };
    event.hash = event.expected_hash();
    sqlx::query(
        "INSERT INTO audit_events (seq, id, occurred_at, actor_id, actor_role, action, subject_kind, subject_id, trainee_id, details, prev_hash, hash) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)",
    )
    .bind(event.seq)
    .bind(&event.id)
    .bind(&event.occurred_at)
    .bind(event.actor_id.clone())
    .bind(event.actor_role.clone())
    .bind(&event.action)
    .bind(event.subject_kind.clone())
    .bind(event.subject_id.clone())
    .bind(event.trainee_id.clone())
    .bind(&event.details)
    .bind(&event.prev_hash)
    .bind(&event.hash)
    .execute(&mut *conn)
    .await?;
    sqlx::query("UPDATE audit_head SET hash = $1 WHERE id = 1")
        .bind(&event.hash)
        .execute(conn)
        .await?;
    Ok(event.seq)
}

/// The result of checking the chain.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Verification {
    Intact { events: i64, head: String },
    Broken { seq: i64, reason: String },
}

/// Walk the whole chain in order and check every link.
pub async fn verify(conn: &mut Conn) -> Result<Verification, DbError> {
    // The head first: events appended while the chain is walked lie beyond it and are left for
    // the next check, so a live database is never reported broken for being written to.
    let (head_seq, head_hash) = head(conn).await?;
    let mut prev = GENESIS.to_owned();
    let mut expected_seq = 1i64;
    let mut after = 0i64;
    loop {
        let rows = sqlx::query("SELECT * FROM audit_events WHERE seq > $1 AND seq <= $2 ORDER BY seq LIMIT 5000")
            .bind(after)
            .bind(head_seq)
            .fetch_all(&mut *conn)
            .await?;
        if rows.is_empty() {
            break;
        }
        for row in &rows {
            let e = Event {
                seq: row.int("seq")?,
                id: row.text("id")?,
                occurred_at: row.text("occurred_at")?,
                actor_id: row.opt_text("actor_id")?,
                actor_role: row.opt_text("actor_role")?,
                action: row.text("action")?,
                subject_kind: row.opt_text("subject_kind")?,
                subject_id: row.opt_text("subject_id")?,
                trainee_id: row.opt_text("trainee_id")?,
                details: row.text("details")?,
                prev_hash: row.text("prev_hash")?,
                hash: row.text("hash")?,
            };
            if e.seq != expected_seq {
                return Ok(Verification::Broken {
                    seq: expected_seq,
                    reason: format!("event {expected_seq} is missing"),
                });
            }
            if e.prev_hash != prev {
                return Ok(Verification::Broken {
                    seq: e.seq,
                    reason: "does not link to the event before it".into(),
                });
            }
            if e.expected_hash() != e.hash {
                return Ok(Verification::Broken {
                    seq: e.seq,
                    reason: "content does not match its hash".into(),
                });
            }
            prev = e.hash;
            expected_seq += 1;
            after = e.seq;
        }
    }
    if head_seq != expected_seq - 1 {
        return Ok(Verification::Broken {
            seq: expected_seq,
            reason: format!(
                "the chain ends at {} but {head_seq} events were written",
                expected_seq - 1
            ),
        });
    }
    if head_hash != prev {
        return Ok(Verification::Broken {
            seq: head_seq,
            reason: "the newest event's hash differs from the head's".into(),
        });
    }
    Ok(Verification::Intact {
        events: expected_seq - 1,
        head: prev,
    })
}

/// The newest hash and sequence number, to keep elsewhere and detect a cut-off tail.
pub async fn head(conn: &mut Conn) -> Result<(i64, String), DbError> {
    let row = sqlx::query("SELECT seq, hash FROM audit_head WHERE id = 1")
        .fetch_one(conn)
        .await?;
    Ok((row.int("seq")?, row.text("hash")?))
}

/// The stored hash of event `seq`, if it exists.
pub async fn event_hash(conn: &mut Conn, seq: i64) -> Result<Option<String>, DbError> {
    Ok(sqlx::query_scalar("SELECT hash FROM audit_events WHERE seq = $1")
        .bind(seq)
        .fetch_optional(conn)
        .await?)
}

/// A view of a trainee's logbook by someone else: a page, or a document downloaded.
#[derive(Debug, Clone, PartialEq)]
pub struct View {
    pub at: DateTime<Utc>,
    pub viewer_name: String,
    pub role: Option<Role>,
    pub page: String,
    /// The downloaded document's name (`page` is `document`).
    pub file_name: Option<String>,
}

/// Who has looked at `trainee`'s logbook, newest first, at most `limit` events. One query.
pub async fn views_of(conn: &mut Conn, trainee: PersonId, limit: i64, offset: i64) -> Result<Vec<View>, DbError> {
    let rows = sqlx::query(
        "SELECT e.occurred_at, e.actor_role, e.details, p.given_name, p.family_name \
         FROM audit_events e JOIN people p ON p.id = e.actor_id \
         WHERE e.trainee_id = $1 AND e.action IN ($3, $5) ORDER BY e.seq DESC LIMIT $2 OFFSET $4",
    )
    .bind(trainee.to_string())
    .bind(limit)
    .bind(AuditAction::LogbookViewed.code())
    .bind(offset)
    .bind(AuditAction::DocumentDownloaded.code())
    .fetch_all(conn)
    .await?;
    rows.iter()
        .map(|row| {
            let details: serde_json::Value = serde_json::from_str(&row.text("details")?).unwrap_or_default();
            Ok(View {
                at: row.instant("occurred_at")?,
                viewer_name: format!("{} {}", row.text("given_name")?, row.text("family_name")?),
                role: row.opt_parse("actor_role")?,
                page: details["page"].as_str().unwrap_or_default().to_owned(),
                file_name: details["file_name"].as_str().map(str::to_owned),
            })
        })
        .collect()
}

/// How many views of the trainee's logbook by others there are.
pub async fn count_views(conn: &mut Conn, trainee: PersonId) -> Result<u64, DbError> {
    let n: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM audit_events WHERE trainee_id = $1 AND action IN ($2, $3)")
        .bind(trainee.to_string())
        .bind(AuditAction::LogbookViewed.code())
        .bind(AuditAction::DocumentDownloaded.code())
        .fetch_one(conn)
        .await?;
    Ok(u64::try_from(n).unwrap_or(0))
}
