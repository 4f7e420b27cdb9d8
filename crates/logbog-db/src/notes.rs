//! Notes (notater) of a trainee's daily progress and with whom each is shared. A note belongs
//! to its trainee; a share names one approver. Which shares may be read is the rules' to say
//! (`logbog_domain::notes`); this module only keeps them.

use crate::{Conn, DbError, RowExt, date_to_sql, instant_to_sql};
use chrono::{DateTime, NaiveDate, Utc};
use logbog_domain::{CompetencyId, NoteId, PersonId};
use sqlx::any::AnyRow;
use std::collections::HashMap;

/// What a note says, as written or edited.
#[derive(Debug, Clone, PartialEq)]
pub struct NoteText<'a> {
    pub written_on: NaiveDate,
    pub competency_id: Option<CompetencyId>,
    pub body: &'a str,
}

/// Someone a note is shared with.
#[derive(Debug, Clone, PartialEq)]
pub struct Share {
    pub person_id: PersonId,
    pub name: String,
    pub shared_at: DateTime<Utc>,
}

/// A note with the competency it is about and its shares.
#[derive(Debug, Clone, PartialEq)]
pub struct Note {
    pub id: NoteId,
    pub trainee_id: PersonId,
    pub written_on: NaiveDate,
    pub competency: Option<NoteCompetency>,
    pub body: String,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    /// Everyone it is shared with, by name (for the trainee's own list; an approver's list
    /// holds only the share with them).
    pub shares: Vec<Share>,
}

/// The competency a note is tied to, as a list shows it.
#[derive(Debug, Clone, PartialEq)]
pub struct NoteCompetency {
    pub id: CompetencyId,
    pub code: String,
    pub title_da: String,
    pub title_en: String,
}

const COLUMNS: &str = "n.id, n.trainee_id, n.written_on, n.competency_id, n.body, n.created_at, n.updated_at, \
                       c.code, c.title_da, c.title_en";

/// Record a new note of `trainee`.
pub async fn insert_note(
    conn: &mut Conn,
    trainee: PersonId,
    text: &NoteText<'_>,
    at: DateTime<Utc>,
) -> Result<NoteId, DbError> {
    let id = NoteId::new();
    sqlx::query(
        "INSERT INTO notes (id, trainee_id, competency_id, body, created_at, updated_at, written_on) \
         VALUES ($1, $2, $3, $4, $5, $5, $6)",
    )
    .bind(id.to_string())
    .bind(trainee.to_string())
    .bind(text.competency_id.map(|c| c.to_string()))
    .bind(text.body)
    .bind(instant_to_sql(at))
    .bind(date_to_sql(text.written_on))
    .execute(conn)
    .await?;
    Ok(id)
}

/// Change what a note says. Its shares stay.
pub async fn update_note(conn: &mut Conn, id: NoteId, text: &NoteText<'_>, at: DateTime<Utc>) -> Result<(), DbError> {
    sqlx::query("UPDATE notes SET competency_id = $2, body = $3, written_on = $4, updated_at = $5 WHERE id = $1")
        .bind(id.to_string())
        .bind(text.competency_id.map(|c| c.to_string()))
        .bind(text.body)
        .bind(date_to_sql(text.written_on))
        .bind(instant_to_sql(at))
        .execute(conn)
        .await?;
    Ok(())
}

/// Remove a note and its shares.
pub async fn delete_note(conn: &mut Conn, id: NoteId) -> Result<(), DbError> {
    sqlx::query("DELETE FROM note_shares WHERE note_id = $1")
        .bind(id.to_string())
        .execute(&mut *conn)
        .await?;
    sqlx::query("DELETE FROM notes WHERE id = $1")
        .bind(id.to_string())
        .execute(conn)
        .await?;
    Ok(())
}

/// Share a note with `person`; false if it was shared with them already (a race of two
/// shares leaves one row: the key decides).
pub async fn add_share(conn: &mut Conn, note: NoteId, person: PersonId, at: DateTime<Utc>) -> Result<bool, DbError> {
    let done = sqlx::query(
        "INSERT INTO note_shares (note_id, person_id, shared_at) VALUES ($1, $2, $3) \
         ON CONFLICT (note_id, person_id) DO NOTHING",
    )
    .bind(note.to_string())
    .bind(person.to_string())
    .bind(instant_to_sql(at))
    .execute(conn)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// End a share; false if there was none.
pub async fn remove_share(conn: &mut Conn, note: NoteId, person: PersonId) -> Result<bool, DbError> {
    let done = sqlx::query("DELETE FROM note_shares WHERE note_id = $1 AND person_id = $2")
        .bind(note.to_string())
        .bind(person.to_string())
        .execute(conn)
        .await?;
    Ok(done.rows_affected() == 1)
}

/// One note with all its shares.
pub async fn note(conn: &mut Conn, id: NoteId) -> Result<Option<Note>, DbError> {
    let sql = sqlx::AssertSqlSafe(format!(
        "SELECT {COLUMNS} FROM notes n LEFT JOIN competencies c ON c.id = n.competency_id WHERE n.id = $1"
    ));
    let row = sqlx::query(sql).bind(id.to_string()).fetch_optional(&mut *conn).await?;
    let Some(row) = row else { return Ok(None) };
    let mut notes = vec![note_of(&row)?];
    with_shares(conn, &mut notes, None).await?;
    Ok(notes.pop())
}

/// Which notes a list holds: all of the trainee's, or those shared with one reader; all
/// competencies or one.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct NoteFilter {
    pub trainee: PersonId,
    /// Only notes shared with this person (an approver's list), with only that share shown.
    pub shared_with: Option<PersonId>,
    pub competency: Option<CompetencyId>,
}

impl NoteFilter {
    /// The joins and conditions, and the values of their parameters from `$1`.
    fn sql(&self) -> (String, Vec<String>) {
        let mut params = vec![self.trainee.to_string()];
        let mut from = String::from("notes n LEFT JOIN competencies c ON c.id = n.competency_id");
        let mut cond = String::from("n.trainee_id = $1");
        if let Some(reader) = self.shared_with {
            params.push(reader.to_string());
            from.push_str(&format!(
                " JOIN note_shares s ON s.note_id = n.id AND s.person_id = ${}",
                params.len()
            ));
        }
        if let Some(c) = self.competency {
            params.push(c.to_string());
            cond.push_str(&format!(" AND n.competency_id = ${}", params.len()));
        }
        (format!("{from} WHERE {cond}"), params)
    }
}

/// How many notes `filter` holds.
pub async fn count_notes(conn: &mut Conn, filter: NoteFilter) -> Result<u64, DbError> {
    let (from, params) = filter.sql();
    // Only numbered parameters are formatted into the text.
    let sql = sqlx::AssertSqlSafe(format!("SELECT COUNT(*) FROM {from}"));
    let mut q = sqlx::query_scalar::<_, i64>(sql);
    for p in params {
        q = q.bind(p);
    }
    Ok(u64::try_from(q.fetch_one(conn).await?).unwrap_or(0))
}

/// One page of the notes `filter` holds, the newest day first, each with its shares (only
/// the reader's when the filter names one). Two queries.
pub async fn notes(conn: &mut Conn, filter: NoteFilter, limit: i64, offset: i64) -> Result<Vec<Note>, DbError> {
    let (from, params) = filter.sql();
    let n = params.len();
    // Only numbered parameters are formatted into the text.
    let sql = sqlx::AssertSqlSafe(format!(
        "SELECT {COLUMNS} FROM {from} ORDER BY n.written_on DESC, n.created_at DESC, n.id DESC \
         LIMIT ${} OFFSET ${}",
        n + 1,
        n + 2
    ));
    let mut q = sqlx::query(sql);
    for p in params {
        q = q.bind(p);
    }
    let rows = q.bind(limit).bind(offset).fetch_all(&mut *conn).await?;
    let mut out = rows.iter().map(note_of).collect::<Result<Vec<_>, _>>()?;
    with_shares(conn, &mut out, filter.shared_with).await?;
    Ok(out)
}

/// Fill in the shares of `notes` (only `reader`'s if given). One query.
async fn with_shares(conn: &mut Conn, notes: &mut [Note], reader: Option<PersonId>) -> Result<(), DbError> {
    if notes.is_empty() {
        return Ok(());
    }
    let mut sql = format!(
        "SELECT s.note_id, s.person_id, s.shared_at, p.given_name, p.family_name \
           FROM note_shares s JOIN people p ON p.id = s.person_id WHERE s.note_id IN ({})",
        crate::sql::in_list_params(1, notes.len())
    );
    if reader.is_some() {
        sql.push_str(&format!(" AND s.person_id = ${}", notes.len() + 1));
    }
    sql.push_str(" ORDER BY p.family_name, p.given_name");
    // Only numbered parameters are formatted into the text.
    let mut q = sqlx::query(sqlx::AssertSqlSafe(sql));
    for n in notes.iter() {
        q = q.bind(n.id.to_string());
    }
    if let Some(r) = reader {
        q = q.bind(r.to_string());
    }
    let mut by_note: HashMap<NoteId, Vec<Share>> = HashMap::new();
    for row in q.fetch_all(conn).await? {
        by_note.entry(row.parse("note_id")?).or_default().push(Share {
            person_id: row.parse("person_id")?,
            name: format!("{} {}", row.text("given_name")?, row.text("family_name")?),
            shared_at: row.instant("shared_at")?,
        });
    }
    for n in notes.iter_mut() {
        n.shares = by_note.remove(&n.id).unwrap_or_default();
    }
    Ok(())
}

fn note_of(row: &AnyRow) -> Result<Note, DbError> {
    let competency = match row.opt_parse::<CompetencyId>("competency_id")? {
        Some(id) => Some(NoteCompetency {
            id,
            code: row.opt_text("code")?.unwrap_or_default(),
            title_da: row.opt_text("title_da")?.unwrap_or_default(),
            title_en: row.opt_text("title_en")?.unwrap_or_default(),
        }),
        None => None,
    };
    Ok(Note {
        id: row.parse("id")?,
        trainee_id: row.parse("trainee_id")?,
        written_on: row.date("written_on")?,
        competency,
        body: row.text("body")?,
        created_at: row.instant("created_at")?,
        updated_at: row.instant("updated_at")?,
        shares: Vec::new(),
    })
}
