//! Documents: the rows that point to stored objects, the quota each owner's documents take,
//! and what a document is attached to (agreements so far). The object is written before its
//! row; a deleted document keeps its row, marked, and loses its object.

use crate::{Conn, DbError, RowExt, date_to_sql, instant_to_sql, is_unique_violation};
use chrono::{DateTime, NaiveDate, Utc};
use logbog_domain::documents::{AddendumReason, AgreementKind};
use logbog_domain::{CompetencyId, DocumentId, DocumentKind, PersonId, ProgrammeId};
use std::collections::HashSet;

/// A document to record, its object already stored.
#[derive(Debug, Clone)]
pub struct NewDocument<'a> {
    pub owner_id: PersonId,
    pub kind: DocumentKind,
    pub file_name: &'a str,
    pub content_type: &'a str,
    pub size_bytes: u64,
    pub sha256: &'a str,
    pub storage_key: &'a str,
    /// What it is attached to: a kind (`programme`, `competency` …) and an id.
    pub linked: Option<(&'static str, String)>,
    pub uploaded_by: PersonId,
    pub replaces: Option<DocumentId>,
}

/// Take `bytes` of `owner`'s quota of `limit` bytes. One conditional statement checks and
/// takes, so two uploads at once cannot both pass a quota only one of them fits in.
pub async fn take_quota(conn: &mut Conn, owner: PersonId, bytes: u64, limit: u64) -> Result<(), DbError> {
    let bytes = i64::try_from(bytes).unwrap_or(i64::MAX);
    let limit = i64::try_from(limit).unwrap_or(i64::MAX);
    sqlx::query("INSERT INTO document_quotas (owner_id, used_bytes) VALUES ($1, 0) ON CONFLICT (owner_id) DO NOTHING")
        .bind(owner.to_string())
        .execute(&mut *conn)
        .await?;
    let taken = sqlx::query(
        "UPDATE document_quotas SET used_bytes = used_bytes + $2 WHERE owner_id = $1 AND used_bytes + $2 <= $3",
    )
    .bind(owner.to_string())
    .bind(bytes)
    .bind(limit)
    .execute(&mut *conn)
    .await?;
    if taken.rows_affected() == 1 {
        Ok(())
    } else {
        Err(DbError::QuotaExceeded {
            used: quota_used(conn, owner).await?,
        })
    }
}

/// Give back `bytes` of `owner`'s quota (a deleted document).
pub async fn release_quota(conn: &mut Conn, owner: PersonId, bytes: u64) -> Result<(), DbError> {
    sqlx::query(
        "UPDATE document_quotas SET used_bytes = CASE WHEN used_bytes > $2 THEN used_bytes - $2 ELSE 0 END \
         WHERE owner_id = $1",
    )
    .bind(owner.to_string())
    .bind(i64::try_from(bytes).unwrap_or(i64::MAX))
    .execute(&mut *conn)
    .await?;
    Ok(())
}

/// The bytes `owner`'s documents take.
pub async fn quota_used(conn: &mut Conn, owner: PersonId) -> Result<i64, DbError> {
    Ok(
        sqlx::query_scalar::<_, i64>("SELECT used_bytes FROM document_quotas WHERE owner_id = $1")
            .bind(owner.to_string())
            .fetch_optional(&mut *conn)
            .await?
            .unwrap_or(0),
    )
}

/// Record a document. A replacement of a document that has a live replacement already is
/// refused with [`DbError::DocumentChanged`] (the unique index decides a race).
pub async fn insert_document(conn: &mut Conn, d: &NewDocument<'_>, at: DateTime<Utc>) -> Result<DocumentId, DbError> {
    if let Some(old) = d.replaces {
        let live: Option<i64> = sqlx::query_scalar("SELECT 1 FROM documents WHERE id = $1 AND deleted_at IS NULL")
            .bind(old.to_string())
            .fetch_optional(&mut *conn)
            .await?;
        if live.is_none() {
            return Err(DbError::DocumentChanged);
        }
    }
    let id = DocumentId::new();
    let (linked_kind, linked_id) = match &d.linked {
        Some((k, i)) => (Some(*k), Some(i.as_str())),
        None => (None, None),
    };
    sqlx::query(
        "INSERT INTO documents (id, owner_id, kind, original_filename, content_type, size_bytes, sha256, storage_key, \
           linked_kind, linked_id, uploaded_by, uploaded_at, replaces_id) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)",
    )
    .bind(id.to_string())
    .bind(d.owner_id.to_string())
    .bind(d.kind.code())
    .bind(d.file_name)
    .bind(d.content_type)
    .bind(i64::try_from(d.size_bytes).unwrap_or(i64::MAX))
    .bind(d.sha256)
    .bind(d.storage_key)
    .bind(linked_kind)
    .bind(linked_id)
    .bind(d.uploaded_by.to_string())
    .bind(instant_to_sql(at))
    .bind(d.replaces.map(|r| r.to_string()))
    .execute(&mut *conn)
    .await
    .map_err(|e| {
        let e = DbError::from(e);
        if d.replaces.is_some() && is_unique_violation(&e) {
            DbError::DocumentChanged
        } else {
            e
        }
    })?;
    Ok(id)
}

/// A stored document's row.
#[derive(Debug, Clone, PartialEq)]
pub struct Document {
    pub id: DocumentId,
    pub owner_id: PersonId,
    pub kind: DocumentKind,
    pub file_name: String,
    pub content_type: String,
    pub size_bytes: u64,
    pub sha256: String,
    pub storage_key: String,
    pub linked_kind: Option<String>,
    pub linked_id: Option<String>,
    pub uploaded_by: PersonId,
    pub uploaded_by_name: String,
    pub uploaded_at: DateTime<Utc>,
    pub replaces: Option<DocumentId>,
    pub deleted_at: Option<DateTime<Utc>>,
}

macro_rules! document_columns {
    () => {
        "d.id, d.owner_id, d.kind, d.original_filename, d.content_type, d.size_bytes, d.sha256, d.storage_key, \
         d.linked_kind, d.linked_id, d.uploaded_by, d.uploaded_at, d.replaces_id, d.deleted_at, \
         u.given_name AS by_given, u.family_name AS by_family"
    };
}
pub(crate) use document_columns;

pub(crate) fn document_from_row(row: &sqlx::any::AnyRow) -> Result<Document, DbError> {
    Ok(Document {
        id: row.parse("id")?,
        owner_id: row.parse("owner_id")?,
        kind: row.parse("kind")?,
        file_name: row.text("original_filename")?,
        content_type: row.text("content_type")?,
        size_bytes: u64::try_from(row.int("size_bytes")?).unwrap_or(0),
        sha256: row.text("sha256")?,
        storage_key: row.text("storage_key")?,
        linked_kind: row.opt_text("linked_kind")?,
        linked_id: row.opt_text("linked_id")?,
        uploaded_by: row.parse("uploaded_by")?,
        uploaded_by_name: format!("{} {}", row.text("by_given")?, row.text("by_family")?),
        uploaded_at: row.instant("uploaded_at")?,
        replaces: row.opt_parse("replaces_id")?,
        deleted_at: row.opt_instant("deleted_at")?,
    })
}

/// One document, deleted or not.
pub async fn document(conn: &mut Conn, id: DocumentId) -> Result<Option<Document>, DbError> {
    let row = sqlx::query(concat!(
        "SELECT ",
        document_columns!(),
        " FROM documents d JOIN people u ON u.id = d.uploaded_by WHERE d.id = $1"
    ))
    .bind(id.to_string())
    .fetch_optional(&mut *conn)
    .await?;
    row.as_ref().map(document_from_row).transpose()
}

/// Whether a live document has replaced `id`.
pub async fn is_replaced(conn: &mut Conn, id: DocumentId) -> Result<bool, DbError> {
    let n: Option<i64> = sqlx::query_scalar("SELECT 1 FROM documents WHERE replaces_id = $1 AND deleted_at IS NULL")
        .bind(id.to_string())
        .fetch_optional(&mut *conn)
        .await?;
    Ok(n.is_some())
}

/// Whether an approval records the document as its basis, or a hospital department has
/// confirmed it (a qualification card): either way it can be replaced, not deleted.
pub async fn is_basis(conn: &mut Conn, id: DocumentId) -> Result<bool, DbError> {
    let n: Option<i64> = sqlx::query_scalar(
        "SELECT 1 FROM approvals WHERE basis_document_id = $1 \
         UNION ALL SELECT 1 FROM card_confirmations WHERE document_id = $1",
    )
    .bind(id.to_string())
    .fetch_optional(&mut *conn)
    .await?;
    Ok(n.is_some())
}

/// Mark a live document deleted; [`DbError::DocumentChanged`] if it was deleted meanwhile.
pub async fn mark_deleted(conn: &mut Conn, id: DocumentId, by: PersonId, at: DateTime<Utc>) -> Result<(), DbError> {
    let done =
        sqlx::query("UPDATE documents SET deleted_at = $2, deleted_by = $3 WHERE id = $1 AND deleted_at IS NULL")
            .bind(id.to_string())
            .bind(instant_to_sql(at))
            .bind(by.to_string())
            .execute(&mut *conn)
            .await?;
    if done.rows_affected() == 1 {
        Ok(())
    } else {
        Err(DbError::DocumentChanged)
    }
}

/// Of `keys`, those a live (not deleted) document points to: the sweep removes the others.
pub async fn live_keys(conn: &mut Conn, keys: &[String]) -> Result<HashSet<String>, DbError> {
    let mut live = HashSet::new();
    for chunk in keys.chunks(500) {
        // Only numbered parameters are formatted in; the values are bound.
        let sql = format!(
            "SELECT storage_key FROM documents WHERE deleted_at IS NULL AND storage_key IN ({})",
            crate::sql::in_list_params(1, chunk.len())
        );
        let mut q = sqlx::query_scalar::<_, String>(sqlx::AssertSqlSafe(sql));
        for k in chunk {
            q = q.bind(k.as_str());
        }
        live.extend(q.fetch_all(&mut *conn).await?);
    }
    Ok(live)
}

/// An agreement or addendum of a programme, with its document.
#[derive(Debug, Clone, PartialEq)]
pub struct Agreement {
    pub document: Document,
    pub programme_id: ProgrammeId,
    pub kind: AgreementKind,
    pub reason: Option<AddendumReason>,
    pub dated: NaiveDate,
}

/// Attach a recorded document to a programme as its agreement or an addendum.
pub async fn insert_agreement(
    conn: &mut Conn,
    document: DocumentId,
    programme: ProgrammeId,
    kind: AgreementKind,
    reason: Option<AddendumReason>,
    dated: NaiveDate,
) -> Result<(), DbError> {
    sqlx::query("INSERT INTO agreements (document_id, programme_id, kind, reason, dated) VALUES ($1, $2, $3, $4, $5)")
        .bind(document.to_string())
        .bind(programme.to_string())
        .bind(kind.code())
        .bind(reason.map(AddendumReason::code))
        .bind(date_to_sql(dated))
        .execute(&mut *conn)
        .await?;
    Ok(())
}

/// Every live agreement document of the programmes, replaced versions included, by date.
pub async fn agreements_of(conn: &mut Conn, programmes: &[ProgrammeId]) -> Result<Vec<Agreement>, DbError> {
    if programmes.is_empty() {
        return Ok(Vec::new());
    }
    let sql = format!(
        concat!(
            "SELECT ",
            document_columns!(),
            ", a.programme_id, a.kind AS agreement_kind, a.reason, a.dated \
             FROM agreements a JOIN documents d ON d.id = a.document_id JOIN people u ON u.id = d.uploaded_by \
             WHERE d.deleted_at IS NULL AND a.programme_id IN ({}) ORDER BY a.dated, d.uploaded_at"
        ),
        crate::sql::in_list_params(1, programmes.len())
    );
    // Only numbered parameters are formatted in; the values are bound.
    let mut q = sqlx::query(sqlx::AssertSqlSafe(sql));
    for p in programmes {
        q = q.bind(p.to_string());
    }
    let rows = q.fetch_all(&mut *conn).await?;
    rows.iter()
        .map(|row| {
            Ok(Agreement {
                document: document_from_row(row)?,
                programme_id: row.parse("programme_id")?,
                kind: row.parse("agreement_kind")?,
                reason: row.opt_parse("reason")?,
                dated: row.date("dated")?,
            })
        })
        .collect()
}

/// The agreement row of a document, if it is one.
pub async fn agreement_of_document(conn: &mut Conn, document: DocumentId) -> Result<Option<Agreement>, DbError> {
    let row = sqlx::query(concat!(
        "SELECT ",
        document_columns!(),
        ", a.programme_id, a.kind AS agreement_kind, a.reason, a.dated \
         FROM agreements a JOIN documents d ON d.id = a.document_id JOIN people u ON u.id = d.uploaded_by \
         WHERE a.document_id = $1"
    ))
    .bind(document.to_string())
    .fetch_optional(&mut *conn)
    .await?;
    row.as_ref()
        .map(|row| {
            Ok(Agreement {
                document: document_from_row(row)?,
                programme_id: row.parse("programme_id")?,
                kind: row.parse("agreement_kind")?,
                reason: row.opt_parse("reason")?,
                dated: row.date("dated")?,
            })
        })
        .transpose()
}

/// A competency card, and whether an approval rests on it.
#[derive(Debug, Clone, PartialEq)]
pub struct Card {
    pub document: Document,
    pub is_basis: bool,
}

/// The live competency cards of `trainee` on `competency`, replaced versions included, oldest
/// first.
pub async fn cards_of(conn: &mut Conn, trainee: PersonId, competency: CompetencyId) -> Result<Vec<Card>, DbError> {
    let rows = sqlx::query(concat!(
        "SELECT ",
        document_columns!(),
        ", CASE WHEN EXISTS (SELECT 1 FROM approvals ap WHERE ap.basis_document_id = d.id) THEN 1 ELSE 0 END AS is_basis \
         FROM documents d JOIN people u ON u.id = d.uploaded_by \
         WHERE d.linked_kind = 'competency' AND d.linked_id = $2 AND d.owner_id = $1 AND d.kind = $3 \
           AND d.deleted_at IS NULL ORDER BY d.uploaded_at, d.id"
    ))
    .bind(trainee.to_string())
    .bind(competency.to_string())
    .bind(DocumentKind::CompetencyCard.code())
    .fetch_all(&mut *conn)
    .await?;
    rows.iter()
        .map(|row| {
            Ok(Card {
                document: document_from_row(row)?,
                is_basis: row.int("is_basis")? == 1,
            })
        })
        .collect()
}

/// The newest current (live, not replaced) card of `trainee` on `competency`: what an
/// approval of it rests on.
pub async fn current_card(
    conn: &mut Conn,
    trainee: PersonId,
    competency: CompetencyId,
) -> Result<Option<DocumentId>, DbError> {
    let id: Option<String> = sqlx::query_scalar(
        "SELECT d.id FROM documents d WHERE d.linked_kind = 'competency' AND d.linked_id = $2 AND d.owner_id = $1 \
           AND d.kind = $3 AND d.deleted_at IS NULL \
           AND NOT EXISTS (SELECT 1 FROM documents r WHERE r.replaces_id = d.id AND r.deleted_at IS NULL) \
         ORDER BY d.uploaded_at DESC, d.id DESC LIMIT 1",
    )
    .bind(trainee.to_string())
    .bind(competency.to_string())
    .bind(DocumentKind::CompetencyCard.code())
    .fetch_optional(&mut *conn)
    .await?;
    id.map(|i| i.parse().map_err(|_| DbError::Corrupt(format!("document id {i:?}"))))
        .transpose()
}

/// The current cards (newest per competency, live and not replaced) of `items` (trainee,
/// competency): id and file name. One query, for a page of the work list.
pub async fn current_cards_of(
    conn: &mut Conn,
    items: &[(PersonId, CompetencyId)],
) -> Result<std::collections::HashMap<(PersonId, CompetencyId), (DocumentId, String)>, DbError> {
    let mut out = std::collections::HashMap::new();
    if items.is_empty() {
        return Ok(out);
    }
    // Only numbered parameters are formatted in; the values are bound.
    let sql = format!(
        "SELECT d.id, d.owner_id, d.linked_id, d.original_filename FROM documents d \
         WHERE d.kind = $1 AND d.linked_kind = 'competency' AND d.deleted_at IS NULL AND d.linked_id IN ({}) \
           AND NOT EXISTS (SELECT 1 FROM documents r WHERE r.replaces_id = d.id AND r.deleted_at IS NULL) \
         ORDER BY d.uploaded_at, d.id",
        crate::sql::in_list_params(2, items.len())
    );
    let mut q = sqlx::query(sqlx::AssertSqlSafe(sql)).bind(DocumentKind::CompetencyCard.code());
    for (_, c) in items {
        q = q.bind(c.to_string());
    }
    let wanted: HashSet<(PersonId, CompetencyId)> = items.iter().copied().collect();
    for row in q.fetch_all(&mut *conn).await? {
        let key = (row.parse("owner_id")?, row.parse("linked_id")?);
        if wanted.contains(&key) {
            // Later rows are newer: the newest card wins.
            out.insert(key, (row.parse("id")?, row.text("original_filename")?));
        }
    }
    Ok(out)
}
