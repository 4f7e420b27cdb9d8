//! Documents: one upload pipeline for every kind. An upload is gated before a byte is stored
//! (who may attach what where), streamed through the checks into the store
//! ([`receive`]: type by content, the kind's size limit, a PDF without encryption or scripts,
//! SHA-256), and then recorded in one transaction with what it is attached to, the owner's
//! quota and its audit event. The object exists before its row commits; every way a
//! recording can fail discards the object, and the sweep ([`sweep`]) removes what a crash
//! left. Downloads by anyone but the owner are audited and shown in "who has seen my logbook".

use crate::audit::{self, Event};
use crate::people::CurrentUser;
use crate::{App, AppError, Problem, policy};
use bytes::Bytes;
use chrono::NaiveDate;
use futures_util::{Stream, StreamExt};
use logbog_db::documents::{self as repo, Document, NewDocument};
use logbog_db::{Conn, DbError};
use logbog_domain::documents::{self as rules, AddendumReason, AgreementKind};
use logbog_domain::{AuditAction, DocumentId, DocumentKind, PersonId, ProgrammeId, Role, Subject};
use logbog_files::{Checked, Download, ObjectKey, Refusal, UploadError};

/// What an upload is for, known before its body is read (from the path it is sent to).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum UploadTarget {
    /// The agreement or an addendum of a trainee's programme.
    Agreement { trainee: PersonId, programme: ProgrammeId },
}

impl UploadTarget {
    pub fn kind(self) -> DocumentKind {
        match self {
            UploadTarget::Agreement { .. } => DocumentKind::Agreement,
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

    /// Remove the object (the request failed). A failure here is logged; the sweep removes it.
    pub async fn discard(self, app: &App) {
        if let Err(e) = app.files.delete(&self.key).await {
            tracing::warn!(error = %e, key = %self.key, "removing a discarded upload failed; the sweep removes it");
        }
    }
}

/// Who may attach documents to a programme: its trainee, and the secretariat of its region
/// (which issues agreements). The role they act in.
async fn agreement_role(
    conn: &mut Conn,
    user: &CurrentUser,
    trainee: PersonId,
    programme: ProgrammeId,
    today: NaiveDate,
) -> Result<(logbog_db::programmes::Programme, Role), AppError> {
    let p = logbog_db::programmes::find_programme(conn, programme)
        .await?
        .filter(|p| p.trainee_id == trainee)
        .ok_or(AppError::NotFound("programme"))?;
    if p.trainee_id == user.id() && user.has_role(Role::Trainee) {
        return Ok((p, Role::Trainee));
    }
    if policy::may_register(user, p.region).is_ok() {
        return Ok((p, Role::Secretariat));
    }
    // Someone who may see the logbook learns that they may not change it; anyone else does
    // not learn that the programme exists.
    let trainee = p.trainee_id;
    match policy::authorize_view(conn, user, trainee, None, today).await {
        Ok(_) => Err(AppError::Forbidden),
        Err(_) => Err(AppError::NotFound("programme")),
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
fn refused(r: Refusal) -> AppError {
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

/// What describes an agreement besides its file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AgreementInput {
    pub kind: AgreementKind,
    /// An addendum's reason (required for one, ignored for an agreement).
    pub reason: Option<AddendumReason>,
    pub dated: NaiveDate,
    /// The current version this one replaces.
    pub replaces: Option<DocumentId>,
}

/// Check an agreement's description: an addendum names its reason; the date is plausible.
pub fn check_agreement(input: &AgreementInput, today: NaiveDate) -> Result<(), AppError> {
    if input.kind == AgreementKind::Addendum && input.reason.is_none() {
        return Err(AppError::Invalid {
            field: "reason",
            problem: Problem::ReasonRequiredForAddendum,
        });
    }
    let earliest = NaiveDate::from_ymd_opt(1990, 1, 1).unwrap_or(NaiveDate::MIN);
    if input.dated < earliest || input.dated > today + chrono::Duration::days(366) {
        return Err(AppError::Invalid {
            field: "dated",
            problem: Problem::DateImplausible,
        });
    }
    Ok(())
}

/// Record `file` as the agreement or an addendum of `programme`. `input` may be an error
/// already (a form field that could not be read): the file is discarded then, as on every
/// other failure.
pub async fn add_agreement(
    app: &App,
    user: &CurrentUser,
    trainee: PersonId,
    programme: ProgrammeId,
    input: Result<AgreementInput, AppError>,
    file: StoredFile,
) -> Result<DocumentId, AppError> {
    let recorded = async {
        let input = input?;
        let at = app.at();
        check_agreement(&input, at.today)?;
        let mut tx = app.db.begin().await?;
        let quota = app.config.documents_quota;
        let id = add_agreement_in(&mut tx, at, quota, user, trainee, programme, &input, &file).await?;
        tx.commit().await.map_err(DbError::from)?;
        Ok(id)
    }
    .await;
    if recorded.is_err() {
        file.discard(app).await;
    }
    recorded
}

/// [`add_agreement`] inside the caller's transaction at `at` (the demo's history uses it); the
/// caller discards the file if this fails.
#[allow(clippy::too_many_arguments)]
pub(crate) async fn add_agreement_in(
    conn: &mut Conn,
    at: crate::At,
    quota: u64,
    user: &CurrentUser,
    trainee: PersonId,
    programme: ProgrammeId,
    input: &AgreementInput,
    file: &StoredFile,
) -> Result<DocumentId, AppError> {
    if file.target != (UploadTarget::Agreement { trainee, programme }) {
        return Err(AppError::Internal("an upload recorded for another target".into()));
    }
    check_agreement(input, at.today)?;
    let (p, role) = agreement_role(conn, user, trainee, programme, at.today).await?;
    if let Some(old) = input.replaces {
        let current = repo::agreement_of_document(conn, old).await?;
        let Some(current) = current.filter(|a| a.programme_id == programme) else {
            return Err(AppError::Invalid {
                field: "replaces",
                problem: Problem::NotOfTheProgramme,
            });
        };
        if current.document.deleted_at.is_some() || repo::is_replaced(conn, old).await? {
            return Err(AppError::DocumentChanged);
        }
    }
    let id = record_in(conn, quota, user, role, p.trainee_id, file, input.replaces, at.now).await?;
    let reason = (input.kind == AgreementKind::Addendum)
        .then_some(input.reason)
        .flatten();
    repo::insert_agreement(conn, id, programme, input.kind, reason, input.dated).await?;
    Ok(id)
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
async fn record_in(
    conn: &mut Conn,
    quota: u64,
    user: &CurrentUser,
    role: Role,
    owner: PersonId,
    file: &StoredFile,
    replaces: Option<DocumentId>,
    now: chrono::DateTime<chrono::Utc>,
) -> Result<DocumentId, AppError> {
    repo::take_quota(conn, owner, file.checked.size, quota)
        .await
        .map_err(|e| match e {
            DbError::QuotaExceeded { used } => refused(Refusal::QuotaExceeded {
                limit: quota,
                used: u64::try_from(used).unwrap_or(0),
            }),
            e => e.into(),
        })?;
    let linked = match file.target {
        UploadTarget::Agreement { programme, .. } => ("programme", programme.to_string()),
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
            trainee: Some(owner),
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

fn changed(e: DbError) -> AppError {
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
    repo::release_quota(&mut tx, doc.owner_id, doc.size_bytes).await?;
    audit::record(
        &mut tx,
        user,
        role,
        Event {
            action: AuditAction::DocumentDeleted,
            subject: Subject::Document(id),
            trainee: Some(doc.owner_id),
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
/// download by anyone but the owner is in the audit trail before the first byte is sent.
pub async fn open(app: &App, user: &CurrentUser, id: DocumentId) -> Result<Opened, AppError> {
    let at = app.at();
    let mut tx = app.db.read().await?;
    let doc = repo::document(&mut tx, id)
        .await?
        .filter(|d| d.deleted_at.is_none())
        .ok_or(AppError::NotFound("document"))?;
    let role = policy::authorize_view(&mut tx, user, doc.owner_id, None, at.today)
        .await
        .map_err(|_| AppError::NotFound("document"))?;
    drop(tx);
    let key = ObjectKey::parse(&doc.storage_key).map_err(|e| AppError::Internal(e.to_string()))?;
    let download = app.files.get(&key).await.map_err(|e| {
        tracing::error!(error = %e, document = %id, "a document's object cannot be read");
        AppError::Internal(e.to_string())
    })?;
    if user.id() != doc.owner_id {
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

/// An agreement as the programme page shows it: the current version with the versions it
/// replaced, newest first.
#[derive(Debug, Clone, PartialEq)]
pub struct AgreementView {
    pub current: repo::Agreement,
    pub earlier: Vec<repo::Agreement>,
}

/// The agreements of `programmes` in date order, each with its replaced versions.
pub(crate) fn chains(all: Vec<repo::Agreement>) -> Vec<AgreementView> {
    use std::collections::HashMap;
    let replaced: std::collections::HashSet<DocumentId> = all.iter().filter_map(|a| a.document.replaces).collect();
    let by_id: HashMap<DocumentId, repo::Agreement> = all.iter().map(|a| (a.document.id, a.clone())).collect();
    let mut out: Vec<AgreementView> = all
        .into_iter()
        .filter(|a| !replaced.contains(&a.document.id))
        .map(|current| {
            let mut earlier = Vec::new();
            let mut next = current.document.replaces;
            while let Some(id) = next {
                match by_id.get(&id) {
                    Some(a) if earlier.len() < by_id.len() => {
                        next = a.document.replaces;
                        earlier.push(a.clone());
                    }
                    _ => break,
                }
            }
            AgreementView { current, earlier }
        })
        .collect();
    out.sort_by(|a, b| {
        (a.current.dated, a.current.document.uploaded_at).cmp(&(b.current.dated, b.current.document.uploaded_at))
    });
    out
}

/// A programme with its agreements, as its page shows them.
#[derive(Debug, Clone)]
pub struct ProgrammeAgreements {
    pub programme: logbog_db::programmes::Programme,
    pub trainee_name: String,
    pub viewed_as: Role,
    /// Whether the viewer may upload, replace and delete (the trainee, the region's
    /// secretariat).
    pub may_change: bool,
    pub agreements: Vec<AgreementView>,
}

/// The agreements of `trainee`'s `programme`, for whoever may see the trainee's logbook (a
/// staff viewer's look is in the audit trail, as for every page of the logbook).
pub async fn agreements(
    app: &App,
    user: &CurrentUser,
    trainee: PersonId,
    programme: ProgrammeId,
) -> Result<ProgrammeAgreements, AppError> {
    let at = app.at();
    let mut tx = app.db.read().await?;
    let viewed_as = policy::authorize_view(&mut tx, user, trainee, None, at.today).await?;
    let p = logbog_db::programmes::find_programme(&mut tx, programme)
        .await?
        .filter(|p| p.trainee_id == trainee)
        .ok_or(AppError::NotFound("programme"))?;
    let person = logbog_db::accounts::find_person(&mut tx, trainee)
        .await?
        .ok_or(AppError::NotFound("trainee"))?;
    let agreements = chains(repo::agreements_of(&mut tx, &[programme]).await?);
    drop(tx);
    policy::record_view(app, user, viewed_as, trainee, "programmes").await?;
    Ok(ProgrammeAgreements {
        may_change: viewed_as == Role::Trainee || policy::may_register(user, p.region).is_ok(),
        programme: p,
        trainee_name: person.full_name(),
        viewed_as,
        agreements,
    })
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
