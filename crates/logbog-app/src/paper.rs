//! Paper time attestations (DOMAIN §5): for an employment whose time was attested on paper,
//! the trainee uploads the paper on the employment's page and asks the secretariat of the
//! programme's region; the secretariat approves or returns it from its work list. The current
//! training lead or tutor of the site may verify it instead: approving the time attestation on
//! the employment's page while a paper waits rests the approval on the paper
//! (`time::approve_in`). Either way the time attestation counts as approved, with the paper as
//! its basis.

use crate::audit::{self, Event};
use crate::documents::{StoredFile, UploadTarget, paper_role, record_in, record_or_discard};
use crate::notifications::notify;
use crate::paging::{Page, PageRequest};
use crate::people::CurrentUser;
use crate::{App, AppError, At};
use logbog_db::approvals::{self as approvals, NewApproval};
use logbog_db::paper::{self as repo, NewPaper, Paper};
use logbog_db::{Conn, DbError};
use logbog_domain::notices::About;
use logbog_domain::paper::{PaperState, SecretariatDecision, secretariat_may_decide};
use logbog_domain::rights::Denied;
use logbog_domain::{AuditAction, DocumentId, EmploymentId, ItemRef, Notice, PersonId, Role, Subject};

/// Record `file` as the paper time attestation of `employment`, waiting for the secretariat,
/// with the trainee's `message` (an error already if the form's message could not be read:
/// the file is discarded then, as on every other failure).
pub async fn submit_paper(
    app: &App,
    user: &CurrentUser,
    trainee: PersonId,
    employment: EmploymentId,
    message: Result<String, AppError>,
    file: StoredFile,
) -> Result<DocumentId, AppError> {
    let quota = app.config.documents_quota;
    record_or_discard(app, file, async |tx, at, file| {
        let message = crate::approvals::check_text("message", &message?, false)?;
        submit_paper_in(tx, at, quota, user, trainee, employment, &message, file).await
    })
    .await
}

/// [`submit_paper`] inside the caller's transaction at `at` (the demo uses it); the caller
/// discards the file if this fails.
#[allow(clippy::too_many_arguments)]
pub(crate) async fn submit_paper_in(
    conn: &mut Conn,
    at: At,
    quota: u64,
    user: &CurrentUser,
    trainee: PersonId,
    employment: EmploymentId,
    message: &str,
    file: &StoredFile,
) -> Result<DocumentId, AppError> {
    if file.target() != (UploadTarget::PaperTimeAttestation { trainee, employment }) {
        return Err(AppError::Internal("an upload recorded for another target".into()));
    }
    let e = paper_role(conn, user, trainee, employment, at.today).await?;
    let item = ItemRef::TimeAttestation(e.id);
    if approvals::standing_approval(conn, trainee, item).await?.is_some() {
        return Err(AppError::Denied(Denied::AlreadyApproved));
    }
    // One thing waits for a decision at a time: a request to the site's lead, or a paper.
    if logbog_db::requests::pending_request(conn, trainee, item)
        .await?
        .is_some()
    {
        return Err(AppError::AlreadyReported(e.site_name.clone()));
    }
    let region = logbog_db::programmes::find_programme(conn, e.programme_id)
        .await?
        .ok_or(AppError::NotFound("programme"))?
        .region;
    let id = record_in(conn, quota, user, Role::Trainee, trainee, file, None, at.now).await?;
    let paper = NewPaper {
        document_id: id,
        employment_id: e.id,
        trainee_id: trainee,
        region,
        message,
    };
    repo::insert(conn, &paper, at.now).await.map_err(|err| match err {
        DbError::AlreadyWaiting => AppError::AlreadyReported(e.site_name.clone()),
        err => err.into(),
    })?;
    audit::record(
        conn,
        user,
        Role::Trainee,
        Event {
            action: AuditAction::PaperAttestationSubmitted,
            subject: Subject::Document(id),
            trainee: Some(trainee),
            details: serde_json::json!({ "employment": e.id, "region": region, "message": message }),
        },
        at.now,
    )
    .await?;
    Ok(id)
}

/// What the secretariat decides on a paper.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PaperDecision {
    /// The time attestation is approved, with the paper as its basis.
    Approve,
    /// Back to the trainee, with a comment that says what is wrong.
    Return,
}

/// The secretariat of the programme's region approves or returns a waiting paper.
pub async fn decide_paper(
    app: &App,
    user: &CurrentUser,
    document: DocumentId,
    decision: PaperDecision,
    comment: &str,
) -> Result<(), AppError> {
    let comment = crate::approvals::check_text("comment", comment, decision == PaperDecision::Return)?;
    app.in_transaction(async |tx, at| decide_paper_in(tx, at, user, document, decision, &comment).await)
        .await
}

/// [`decide_paper`] inside the caller's transaction (the demo uses it).
pub(crate) async fn decide_paper_in(
    conn: &mut Conn,
    at: At,
    user: &CurrentUser,
    document: DocumentId,
    decision: PaperDecision,
    comment: &str,
) -> Result<(), AppError> {
    if !user.has_role(Role::Secretariat) {
        return Err(AppError::Forbidden);
    }
    let paper = repo::find(conn, document)
        .await?
        .ok_or(AppError::NotFound("document"))?;
    secretariat_may_decide(&SecretariatDecision {
        own: paper.trainee_id == user.id(),
        of_region: user.secretariat_regions().contains(&paper.region),
        employment_end: paper.end_date,
        today: at.today,
    })?;
    if paper.state != PaperState::Waiting {
        return Err(AppError::RequestDecided);
    }
    let item = ItemRef::TimeAttestation(paper.employment_id);
    let state = match decision {
        PaperDecision::Approve => PaperState::Approved,
        PaperDecision::Return => PaperState::Returned,
    };
    if !repo::close(conn, document, state, user.id(), comment, at.now).await? {
        return Err(AppError::RequestDecided);
    }
    let approver_name = user.person.full_name();
    match decision {
        PaperDecision::Approve => {
            if approvals::standing_approval(conn, paper.trainee_id, item)
                .await?
                .is_some()
            {
                return Err(AppError::Denied(Denied::AlreadyApproved));
            }
            let approval = approvals::insert_approval(
                conn,
                &NewApproval {
                    trainee_id: paper.trainee_id,
                    item,
                    approver_id: user.id(),
                    approver_role: Role::Secretariat,
                    assessment_method: None,
                    basis_document: Some(document),
                    comment,
                    request_id: None,
                },
                at.now,
            )
            .await?;
            let details = serde_json::json!({ "item_kind": item.kind(), "item": item.id_text(), "paper": document, "comment": comment });
            record(
                conn,
                user,
                paper.trainee_id,
                AuditAction::ApprovalApproved,
                Subject::Approval(approval),
                details,
                at,
            )
            .await?;
            let notice = Notice::Approved {
                approver_name,
                count: 1,
                comment: comment.to_owned(),
                about: Some(About::item(
                    paper.trainee_id,
                    ItemRef::TimeAttestation(paper.employment_id),
                )),
            };
            notify(conn, paper.trainee_id, notice, at.now).await
        }
        PaperDecision::Return => {
            let details = serde_json::json!({ "employment": paper.employment_id, "comment": comment });
            let subject = Subject::Document(document);
            record(
                conn,
                user,
                paper.trainee_id,
                AuditAction::PaperAttestationReturned,
                subject,
                details,
                at,
            )
            .await?;
            let notice = Notice::Returned {
                approver_name,
                comment: comment.to_owned(),
                about: Some(About::item(
                    paper.trainee_id,
                    ItemRef::TimeAttestation(paper.employment_id),
                )),
            };
            notify(conn, paper.trainee_id, notice, at.now).await
        }
    }
}

async fn record(
    conn: &mut Conn,
    user: &CurrentUser,
    trainee: PersonId,
    action: AuditAction,
    subject: Subject,
    details: serde_json::Value,
    at: At,
) -> Result<(), AppError> {
    let event = Event {
        action,
        subject,
        trainee: Some(trainee),
        details,
    };
    audit::record(conn, user, Role::Secretariat, event, at.now).await
}

/// The papers waiting in the regions of the user's secretariat, the longest waiting first.
pub async fn waiting_papers(app: &App, user: &CurrentUser, page: PageRequest) -> Result<Page<Paper>, AppError> {
    if !user.has_role(Role::Secretariat) {
        return Err(AppError::Forbidden);
    }
    let regions = user.secretariat_regions();
    let mut tx = app.db.read().await?;
    let total = repo::count_waiting(&mut tx, &regions).await?;
    let request = page.within(total);
    let items = repo::waiting(&mut tx, &regions, request.limit(), request.offset()).await?;
    Ok(Page { items, total, request })
}
