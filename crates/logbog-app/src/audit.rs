//! The one way a use case writes to the audit trail: inside its own transaction, with a typed
//! action and subject, in the role the actor acted in.

use crate::AppError;
use crate::people::CurrentUser;
use chrono::{DateTime, Utc};
use logbog_db::{Conn, audit};
use logbog_domain::{AuditAction, PersonId, Role, Subject};

/// One event of a use case; `details` holds what the action needs besides its subject.
pub(crate) struct Event {
    pub action: AuditAction,
    pub subject: Subject,
    pub trainee: Option<PersonId>,
    pub details: serde_json::Value,
}

/// Append `event` by `actor`, acting in `role`, inside the caller's transaction.
pub(crate) async fn record(
    conn: &mut Conn,
    actor: &CurrentUser,
    role: Role,
    event: Event,
    now: DateTime<Utc>,
) -> Result<(), AppError> {
    record_as(conn, Some((actor.id(), role)), event, now).await
}

/// Append an event whose actor is a person and role, or nobody (the system, e.g. the first
/// administrator created from the command line).
pub(crate) async fn record_as(
    conn: &mut Conn,
    actor: Option<(PersonId, Role)>,
    event: Event,
    now: DateTime<Utc>,
) -> Result<(), AppError> {
    audit::append(
        conn,
        &audit::NewEvent {
            actor_id: actor.map(|(p, _)| p),
            actor_role: actor.map(|(_, r)| r),
            action: event.action,
            subject: Some(event.subject),
            trainee_id: event.trainee,
            details: event.details,
        },
        now,
    )
    .await?;
    Ok(())
}
