//! Documents: one upload pipeline for every kind. An upload is gated before a byte is stored
//! (who may attach what where), streamed through the checks into the store
//! ([`receive`]: type by content, the kind's size limit, a PDF without encryption or scripts,
//! SHA-256), and then recorded in one transaction with what it is attached to, the owner's
//! quota and its audit event. The object exists before its row commits; every way a
//! recording can fail discards the object, and the sweep ([`sweep`]) removes what a crash
//! left. Downloads by anyone but the owner are audited and shown in "who has seen my logbook".

mod agreements;
mod cards;
mod papers;
mod specialty;

pub use agreements::*;
pub use cards::*;
pub(crate) use papers::paper_role;
pub use specialty::*;

use crate::audit::{self, Event};
use crate::people::CurrentUser;
use crate::{App, AppError, Problem, policy};
use bytes::Bytes;
use chrono::NaiveDate;
use futures_util::{Stream, StreamExt};
use logbog_db::documents::{self as repo, Document, NewDocument};
use logbog_db::{Conn, DbError};
use logbog_domain::documents as rules;
use logbog_domain::{
    AuditAction, CompetencyId, CurriculumId, DocumentId, DocumentKind, EmploymentId, PersonId, ProgrammeId, Role,
    Subject,
};
use logbog_files::{Checked, Download, ObjectKey, Refusal, UploadError};

/// What an upload is for, known before its body is read (from the path it is sent to).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum UploadTarget {
    /// The agreement or an addendum of a trainee's programme.
    Agreement { trainee: PersonId, programme: ProgrammeId },
    /// A filled competency card (in general practice a qualification card) on a competency of
    /// the trainee's curricula.
    CompetencyCard {
        trainee: PersonId,
        competency: CompetencyId,
    },
    /// The paper time attestation of an employment of the trainee's.
    PaperTimeAttestation {
        trainee: PersonId,
        employment: EmploymentId,
    },
    /// A specialty-specific file (a blank form) of a curriculum, or a new version of one.
    SpecialtyFile { curriculum: CurriculumId },
}

impl UploadTarget {
    pub fn kind(self) -> DocumentKind {
        match self {
            UploadTarget::Agreement { .. } => DocumentKind::Agreement,
            UploadTarget::CompetencyCard { .. } => DocumentKind::CompetencyCard,
            UploadTarget::PaperTimeAttestation { .. } => DocumentKind::PaperTimeAttestation,
            UploadTarget::SpecialtyFile { .. } => DocumentKind::SpecialtyFile,
        }
    }
}

/// An upload that is stored and checked but not yet recorded. Recording it
/// ([`add_agreement`] …) either commits its row or discards the object; so does
/// [`StoredFile::discard`] for a request that failed before it was recorded.
#[derive(Debug)]
#[must_use = "a stored file is recorded or discarded"]
pub struct StoredFile {
    key: ObjectKey,
    checked: Checked,
    file_name: String,
    target: UploadTarget,
}

impl StoredFile {
    pub fn file_name(&self) -> &str {
        &self.file_name
    }

    pub fn size(&self) -> u64 {
        self.checked.size
    }

    pub(crate) fn target(&self) -> UploadTarget {
        self.target
    }

    /// Remove the object (the request failed). A failure here is logged; the sweep removes it.
    pub async fn discard(self, app: &App) {
        if let Err(e) = app.files.delete(&self.key).await {
            tracing::warn!(error = %e, key = %self.key, "removing a discarded upload failed; the sweep removes it");
        }
    }
}

/// The gate of an upload: may `user` send a file to `target`, and is there room for any?
async fn gate(app: &App, user: &CurrentUser, target: UploadTarget) -> Result<PersonId, AppError> {
    let mut tx = app.db.read().await?;
    let owner = match target {
        UploadTarget::Agreement { trainee, programme } => {
            agreement_role(&mut tx, user, trainee, programme, app.at().today)
                .await?
                .0
                .trainee_id
        }
        UploadTarget::CompetencyCard { trainee, competency } => {
            card_role(&mut tx, user, trainee, competency, app.at().today).await?;
            trainee
        }
        UploadTarget::PaperTimeAttestation { trainee, employment } => {
            paper_role(&mut tx, user, trainee, employment, app.at().today).await?;
            trainee
        }
        UploadTarget::SpecialtyFile { curriculum } => {
            // A form is no one's logbook: no quota to check.
            publish_role(&mut tx, user, curriculum).await?;
            return Ok(user.id());
        }
    };
    let used = repo::quota_used(&mut tx, owner).await?;
    let quota = app.config.documents_quota;
    if u64::try_from(used).unwrap_or(0) >= quota {
        return Err(refused(Refusal::QuotaExceeded {
            limit: quota,
            used: u64::try_from(used).unwrap_or(0),
        }));
    }
    Ok(owner)
}

/// The problem of a refused file, on the form's `file` field.
pub(super) fn refused(r: Refusal) -> AppError {
    AppError::Invalid {
        field: "file",
        problem: Problem::FileRefused(r),
    }
}

/// Receive an upload's body for `target`: gate, stream into the store through the checks.
/// A refused, broken or too large body leaves no object behind.
pub async fn receive<S, E>(
    app: &App,
    user: &CurrentUser,
    target: UploadTarget,
    sent_name: &str,
    body: S,
) -> Result<StoredFile, AppError>
where
    S: Stream<Item = Result<Bytes, E>> + Unpin + Send,
    E: std::fmt::Display,
{
    gate(app, user, target).await?;
    let limit = rules::limit_bytes(target.kind());
    match app.files.put_checked(body, limit).await {
        Ok((key, checked)) => {
            let file_name = rules::file_name(sent_name, checked.file_type.extension());
            Ok(StoredFile {
                key,
                checked,
                file_name,
                target,
            })
        }
        Err(UploadError::Refused(r)) => Err(refused(r)),
        Err(UploadError::Body(e)) => {
            tracing::info!(error = %e, "an upload stopped before its end");
            Err(AppError::Invalid {
                field: "file",
                problem: Problem::UploadIncomplete,
            })
        }
        Err(UploadError::Files(e)) => Err(AppError::Internal(e.to_string())),
    }
}

/// Record a stored file with `record` in one transaction, or discard its object if anything
/// fails (the form's other fields included, which `record` reads first).
pub(crate) async fn record_or_discard<T>(
    app: &App,
    file: StoredFile,
    record: impl AsyncFnOnce(&mut Conn, crate::At, &StoredFile) -> Result<T, AppError>,
) -> Result<T, AppError> {
    let recorded = app.in_transaction(async |tx, at| record(tx, at, &file).await).await;
    if recorded.is_err() {
        file.discard(app).await;
    }
    recorded
}

/// Store `bytes` (a file the system itself makes: the demo's) through the same checks as an
/// upload.
pub(crate) async fn store_bytes(
    files: &logbog_files::Store,
    target: UploadTarget,
    sent_name: &str,
    bytes: Vec<u8>,
) -> Result<StoredFile, AppError> {
    let body = futures_util::stream::iter([Ok::<_, std::io::Error>(Bytes::from(bytes))]);
    let (key, checked) = files
        .put_checked(body, rules::limit_bytes(target.kind()))
        .await
        .map_err(|e| AppError::Internal(e.to_string()))?;
    Ok(StoredFile {
        file_name: rules::file_name(sent_name, checked.file_type.extension()),
        key,
        checked,
        target,
    })
}

/// Record a stored file: take the quota, write the row, audit. Inside the caller's
/// transaction, so the row, the quota and the event commit together or not at all.
#[allow(clippy::too_many_arguments)]
pub(crate) async fn record_in(
    conn: &mut Conn,
    quota: u64,
    user: &CurrentUser,
    role: Role,
    owner: PersonId,
    file: &StoredFile,
    replaces: Option<DocumentId>,
    now: chrono::DateTime<chrono::Utc>,
) -> Result<DocumentId, AppError> {
    let of_a_logbook = file.target.kind().of_a_logbook();
    if of_a_logbook {
        repo::take_quota(conn, owner, file.checked.size, quota)
            .await
            .map_err(|e| match e {
                DbError::QuotaExceeded { used } => refused(Refusal::QuotaExceeded {
                    limit: quota,
                    used: u64::try_from(used).unwrap_or(0),
                }),
                e => e.into(),
            })?;
    }
    let linked = match file.target {
        UploadTarget::Agreement { programme, .. } => ("programme", programme.to_string()),
        UploadTarget::CompetencyCard { competency, .. } => ("competency", competency.to_string()),
        UploadTarget::PaperTimeAttestation { employment, .. } => ("employment", employment.to_string()),
        UploadTarget::SpecialtyFile { curriculum } => ("curriculum", curriculum.to_string()),
    };
    let id = repo::insert_document(
        conn,
        &NewDocument {
            owner_id: owner,
            kind: file.target.kind(),
            file_name: &file.file_name,
            content_type: file.checked.file_type.content_type(),
            size_bytes: file.checked.size,
            sha256: &file.checked.sha256,
            storage_key: file.key.as_str(),
            linked: Some(linked),
            uploaded_by: user.id(),
            replaces,
        },
        now,
    )
    .await
    .map_err(changed)?;
    audit::record(
        conn,
        user,
        role,
        Event {
            action: if replaces.is_some() {
                AuditAction::DocumentReplaced
            } else {
                AuditAction::DocumentUploaded
            },
            subject: Subject::Document(id),
            trainee: of_a_logbook.then_some(owner),
            details: serde_json::json!({
                "kind": file.target.kind().code(),
                "file_name": file.file_name,
                "size": file.checked.size,
                "sha256": file.checked.sha256,
                "replaces": replaces.map(|r| r.to_string()),
            }),
        },
        now,
    )
    .await?;
    Ok(id)
}

pub(super) fn changed(e: DbError) -> AppError {
    match e {
        DbError::DocumentChanged => AppError::DocumentChanged,
        e => e.into(),
    }
}

/// The role in which `user` may change (delete) `document`, from what it is attached to.
async fn change_role(
    conn: &mut Conn,
    user: &CurrentUser,
    document: &Document,
    today: NaiveDate,
) -> Result<Role, AppError> {
    match document.kind {
        DocumentKind::Agreement => {
            let a = repo::agreement_of_document(conn, document.id)
                .await?
                .ok_or(AppError::NotFound("document"))?;
            Ok(agreement_role(conn, user, document.owner_id, a.programme_id, today)
                .await?
                .1)
        }
        DocumentKind::CompetencyCard => {
            let competency: CompetencyId = document
                .linked_id
                .as_deref()
                .and_then(|c| c.parse().ok())
                .ok_or(AppError::NotFound("document"))?;
            card_role(conn, user, document.owner_id, competency, today).await
        }
        DocumentKind::SpecialtyFile => {
            let f = logbog_db::specialty_files::of_document(conn, document.id)
                .await?
                .ok_or(AppError::NotFound("document"))?;
            publish_role(conn, user, f.curriculum_id).await
        }
        _ => Err(AppError::Forbidden),
    }
}

/// Delete a document that no approval rests on; the version it replaced, if any, is current
/// again. The row stays, marked (the history and the audit trail name it); the object goes.
pub async fn delete(app: &App, user: &CurrentUser, id: DocumentId) -> Result<(), AppError> {
    let at = app.at();
    let mut tx = app.db.begin().await?;
    let doc = repo::document(&mut tx, id)
        .await?
        .filter(|d| d.deleted_at.is_none())
        .ok_or(AppError::NotFound("document"))?;
    let role = change_role(&mut tx, user, &doc, at.today).await?;
    rules::may_delete(repo::is_basis(&mut tx, id).await?)?;
    if repo::is_replaced(&mut tx, id).await? {
        return Err(AppError::DocumentChanged);
    }
    repo::mark_deleted(&mut tx, id, user.id(), at.now)
        .await
        .map_err(changed)?;
    let of_a_logbook = doc.kind.of_a_logbook();
    if of_a_logbook {
        repo::release_quota(&mut tx, doc.owner_id, doc.size_bytes).await?;
    }
    audit::record(
        &mut tx,
        user,
        role,
        Event {
            action: AuditAction::DocumentDeleted,
            subject: Subject::Document(id),
            trainee: of_a_logbook.then_some(doc.owner_id),
            details: serde_json::json!({ "kind": doc.kind.code(), "file_name": doc.file_name }),
        },
        at.now,
    )
    .await?;
    tx.commit().await.map_err(DbError::from)?;
    match ObjectKey::parse(&doc.storage_key) {
        Ok(key) => {
            if let Err(e) = app.files.delete(&key).await {
                tracing::warn!(error = %e, %key, "removing a deleted document's object failed; the sweep removes it");
            }
        }
        Err(e) => tracing::error!(error = %e, "a document row with a malformed key"),
    }
    Ok(())
}

/// A document opened for download.
#[derive(Debug)]
pub struct Opened {
    pub document: Document,
    pub download: Download,
}

/// Open a document for `user`: its owner, or anyone who may see the owner's logbook now
/// (their current supervisor, training lead, tutor, or the secretariat of their region). A
/// download by anyone but the owner is in the audit trail before the first byte is sent. A
/// specialty file is a blank form, no one's logbook: everyone signed in may download it.
pub async fn open(app: &App, user: &CurrentUser, id: DocumentId) -> Result<Opened, AppError> {
    let at = app.at();
    let mut tx = app.db.read().await?;
    let doc = repo::document(&mut tx, id)
        .await?
        .filter(|d| d.deleted_at.is_none())
        .ok_or(AppError::NotFound("document"))?;
    let role = if doc.kind.of_a_logbook() {
        Some(
            policy::authorize_view(&mut tx, user, doc.owner_id, None, at.today)
                .await
                .map_err(|_| AppError::NotFound("document"))?,
        )
    } else {
        None
    };
    drop(tx);
    let key = ObjectKey::parse(&doc.storage_key).map_err(|e| AppError::Internal(e.to_string()))?;
    let download = app.files.get(&key).await.map_err(|e| {
        tracing::error!(error = %e, document = %id, "a document's object cannot be read");
        AppError::Internal(e.to_string())
    })?;
    if let Some(role) = role
        && user.id() != doc.owner_id
    {
        let mut tx = app.db.begin().await?;
        audit::record(
            &mut tx,
            user,
            role,
            Event {
                action: AuditAction::DocumentDownloaded,
                subject: Subject::Document(id),
                trainee: Some(doc.owner_id),
                details: serde_json::json!({ "page": "document", "file_name": doc.file_name }),
            },
            at.now,
        )
        .await?;
        tx.commit().await.map_err(DbError::from)?;
    }
    Ok(Opened {
        document: doc,
        download,
    })
}

/// Group live documents into their current versions, each with the versions it replaced,
/// newest first (a chain through `replaces`); in the order of the current versions in `all`.
pub(crate) fn versions<T: Clone>(all: Vec<T>, doc: impl Fn(&T) -> &Document) -> Vec<(T, Vec<T>)> {
    use std::collections::{HashMap, HashSet};
    let replaced: HashSet<DocumentId> = all.iter().filter_map(|x| doc(x).replaces).collect();
    let by_id: HashMap<DocumentId, T> = all.iter().map(|x| (doc(x).id, x.clone())).collect();
    all.into_iter()
        .filter(|x| !replaced.contains(&doc(x).id))
        .map(|current| {
            let mut earlier: Vec<T> = Vec::new();
            let mut next = doc(&current).replaces;
            while let Some(id) = next {
                match by_id.get(&id) {
                    Some(x) if earlier.len() < by_id.len() => {
                        next = doc(x).replaces;
                        earlier.push(x.clone());
                    }
                    _ => break,
                }
            }
            (current, earlier)
        })
        .collect()
}

/// What a sweep found and removed.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Swept {
    pub checked: u64,
    pub removed: u64,
}

/// Remove stored objects that no live document points to and that are older than `grace`
/// (an upload in flight has its object before its row). Part of the hourly jobs.
pub async fn sweep(app: &App, grace: chrono::Duration) -> Result<Swept, AppError> {
    // The store stamps objects with the machine's time, not the application's clock (which
    // tests and replays set), so the grace period is measured on the machine's.
    let before = (chrono::Utc::now() - grace).timestamp();
    let mut listed = app.files.list_older_than(before);
    let mut swept = Swept::default();
    let mut batch: Vec<ObjectKey> = Vec::new();
    loop {
        let next = listed.next().await;
        let end = next.is_none();
        if let Some(item) = next {
            batch.push(item.map_err(|e| AppError::Internal(e.to_string()))?.key);
        }
        if batch.len() >= 500 || (end && !batch.is_empty()) {
            let keys: Vec<String> = batch.iter().map(|k| k.as_str().to_owned()).collect();
            let live = {
                let mut conn = app.db.conn().await?;
                repo::live_keys(&mut conn, &keys).await?
            };
            for key in batch.drain(..) {
                swept.checked += 1;
                if !live.contains(key.as_str()) {
                    app.files
                        .delete(&key)
                        .await
                        .map_err(|e| AppError::Internal(e.to_string()))?;
                    swept.removed += 1;
                }
            }
        }
        if end {
            break;
        }
    }
    swept.removed += app
        .files
        .sweep_partial(before)
        .await
        .map_err(|e| AppError::Internal(e.to_string()))?;
    Ok(swept)
}
