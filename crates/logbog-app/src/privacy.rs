//! A user's right of access (GDPR Article 15): everything Logbog holds about them, in one
//! machine-readable export, including who has read their logbook and when (the audit trail's
//! events of their logbook). Any logged-in user may take it, for themselves only.

use crate::people::CurrentUser;
use crate::{App, AppError};
use logbog_db::backup::Value;

/// The export: what it is, and the rows about the user, table by table, as objects by column.
pub async fn my_data(app: &App, user: &CurrentUser) -> Result<serde_json::Value, AppError> {
    let backend = app.db.backend();
    let mut tx = app.db.read().await?;
    let tables = logbog_db::privacy::about_person(&mut tx, backend, &user.id().to_string()).await?;
    drop(tx);
    let mut by_table = serde_json::Map::new();
    for t in tables {
        let rows: Vec<serde_json::Value> = t
            .rows
            .iter()
            .map(|row| {
                serde_json::Value::Object(
                    t.columns
                        .iter()
                        .zip(row)
                        .map(|(c, v)| (c.name.clone(), Value::to_json(v)))
                        .collect(),
                )
            })
            .collect();
        by_table.insert(t.table.to_owned(), serde_json::Value::Array(rows));
    }
    Ok(serde_json::json!({
        "about": "Everything Logbog holds about this person (GDPR Article 15): each table's rows about them, \
                  as the subject or as the one who acted; audit_events include every view of their logbook \
                  (action logbook.viewed: who, in which role, when). Password hashes, session tokens and \
                  storage keys are left out.",
        "generated_at": app.clock.now().to_rfc3339(),
        "person_id": user.id().to_string(),
        "username": user.username,
        "tables": by_table,
    }))
}
