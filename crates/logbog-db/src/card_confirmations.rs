//! Confirmations of general practice qualification cards by a hospital department, and the
//! relations through which a person may give one. Facts only; the rule is
//! `logbog_domain::cards::may_confirm`.

use crate::{Conn, DbError, RowExt, date_to_sql, instant_to_sql};
use chrono::{DateTime, NaiveDate, Utc};
use logbog_domain::{DocumentId, PersonId, Role, SiteId, SiteKind};
use std::collections::HashMap;

/// Who confirmed a card, in which role, for which department, and when.
#[derive(Debug, Clone, PartialEq)]
pub struct CardConfirmation {
    pub confirmed_by: PersonId,
    pub confirmed_by_name: String,
    pub role: Role,
    pub site_id: SiteId,
    pub site_name: String,
    pub confirmed_at: DateTime<Utc>,
}

/// Record the confirmation of `document`. Returns false, and writes nothing, when the card is
/// confirmed already: the primary key decides a race between two confirmers.
pub async fn insert(
    conn: &mut Conn,
    document: DocumentId,
    by: PersonId,
    role: Role,
    site: SiteId,
    at: DateTime<Utc>,
) -> Result<bool, DbError> {
    let done = sqlx::query(
        "INSERT INTO card_confirmations (document_id, confirmed_by, role, site_id, confirmed_at) \
         VALUES ($1, $2, $3, $4, $5) ON CONFLICT (document_id) DO NOTHING",
    )
    .bind(document.to_string())
    .bind(by.to_string())
    .bind(role.code())
    .bind(site.to_string())
    .bind(instant_to_sql(at))
    .execute(&mut *conn)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// The confirmations of `documents`, by document. One query.
pub async fn of_documents(
    conn: &mut Conn,
    documents: &[DocumentId],
) -> Result<HashMap<DocumentId, CardConfirmation>, DbError> {
    let mut out = HashMap::new();
    if documents.is_empty() {
        return Ok(out);
    }
    // Only numbered parameters are formatted in; the values are bound.
    let sql = format!(
        "SELECT c.document_id, c.confirmed_by, p.given_name, p.family_name, c.role, c.site_id, s.name AS site_name, c.confirmed_at \
         FROM card_confirmations c JOIN people p ON p.id = c.confirmed_by JOIN sites s ON s.id = c.site_id \
         WHERE c.document_id IN ({})",
        crate::sql::in_list_params(1, documents.len())
    );
    let mut q = sqlx::query(sqlx::AssertSqlSafe(sql));
    for d in documents {
        q = q.bind(d.to_string());
    }
    for row in q.fetch_all(&mut *conn).await? {
        out.insert(
            row.parse("document_id")?,
            CardConfirmation {
                confirmed_by: row.parse("confirmed_by")?,
                confirmed_by_name: format!("{} {}", row.text("given_name")?, row.text("family_name")?),
                role: row.parse("role")?,
                site_id: row.parse("site_id")?,
                site_name: row.text("site_name")?,
                confirmed_at: row.instant("confirmed_at")?,
            },
        );
    }
    Ok(out)
}

/// The relations through which `person` could vouch for a card of `trainee` on `day`: each
/// supervision in force (at its site) and each site the trainee is employed at that day whose
/// training lead or tutor the person is; with the site's kind. One query.
pub async fn vouching_relations(
    conn: &mut Conn,
    person: PersonId,
    trainee: PersonId,
    day: NaiveDate,
) -> Result<Vec<(Role, SiteId, SiteKind)>, DbError> {
    let d = date_to_sql(day);
    let rows = sqlx::query(concat!(
        "SELECT 'supervisor' AS role, st.id AS site_id, st.kind AS site_kind FROM supervisions s \
           JOIN sites st ON st.id = s.site_id \
           WHERE s.supervisor_id = $1 AND s.trainee_id = $2 AND ",
        crate::supervision_in_force!("s", "$3"),
        " \
         UNION \
         SELECT g.role, st.id AS site_id, st.kind AS site_kind FROM programmes p \
           JOIN employments e ON e.programme_id = p.id JOIN sites st ON st.id = e.site_id \
           JOIN role_grants g ON g.scope_id = e.site_id \
           WHERE p.trainee_id = $2 AND e.start_date <= $3 AND e.end_date >= $3 \
             AND g.person_id = $1 AND g.role IN ('training_lead', 'tutor') AND g.ended_at IS NULL \
             AND ",
        crate::in_force!("g", "$3"),
        " ORDER BY role, site_id"
    ))
    .bind(person.to_string())
    .bind(trainee.to_string())
    .bind(d)
    .fetch_all(conn)
    .await?;
    rows.iter()
        .map(|r| Ok((r.parse("role")?, r.parse("site_id")?, r.parse("site_kind")?)))
        .collect()
}
