//! Competency cards (kompetencekort; in general practice the hospital department's
//! qualification card, kvalifikationskort): the filled form a trainee uploads on a competency
//! of her curricula, which an approval of the competency then records as its basis
//! (DOMAIN §3, §6).

use super::{StoredFile, UploadTarget, record_in, record_or_discard};
use crate::people::CurrentUser;
use crate::{App, AppError, Problem, audit, policy};
use chrono::NaiveDate;
use logbog_db::Conn;
use logbog_db::card_confirmations::{self as confirmations, CardConfirmation};
use logbog_db::documents::{self as repo, Card, Document};
use logbog_domain::rights::Denied;
use logbog_domain::{AuditAction, CompetencyId, DocumentId, DocumentKind, PersonId, Role, Subject};

/// Who may put a card on a competency: the trainee herself, on a competency of her curricula.
/// Anyone else who may see her logbook is refused; anyone who may not learns nothing.
pub(crate) async fn card_role(
    conn: &mut Conn,
    user: &CurrentUser,
    trainee: PersonId,
    competency: CompetencyId,
    today: NaiveDate,
) -> Result<Role, AppError> {
    let viewing = policy::authorize_view(conn, user, trainee, None, today)
        .await
        .map_err(|_| AppError::NotFound("competency"))?;
    crate::items::competency_of_trainee(conn, trainee, competency).await?;
    if viewing == Role::Trainee {
        Ok(Role::Trainee)
    } else {
        Err(AppError::Forbidden)
    }
}

/// Record `file` as a card on `competency`, replacing the current card `replaces` if given.
/// `replaces` may be an error already (a form field that could not be read): the file is
/// discarded then, as on every other failure.
pub async fn add_card(
    app: &App,
    user: &CurrentUser,
    trainee: PersonId,
    competency: CompetencyId,
    replaces: Result<Option<DocumentId>, AppError>,
    file: StoredFile,
) -> Result<DocumentId, AppError> {
    let quota = app.config.documents_quota;
    record_or_discard(app, file, async |tx, at, file| {
        add_card_in(tx, at, quota, user, trainee, competency, replaces?, file).await
    })
    .await
}

/// [`add_card`] inside the caller's transaction at `at` (the demo uses it); the caller
/// discards the file if this fails.
#[allow(clippy::too_many_arguments)]
pub(crate) async fn add_card_in(
    conn: &mut Conn,
    at: crate::At,
    quota: u64,
    user: &CurrentUser,
    trainee: PersonId,
    competency: CompetencyId,
    replaces: Option<DocumentId>,
    file: &StoredFile,
) -> Result<DocumentId, AppError> {
    if file.target != (UploadTarget::CompetencyCard { trainee, competency }) {
        return Err(AppError::Internal("an upload recorded for another target".into()));
    }
    let role = card_role(conn, user, trainee, competency, at.today).await?;
    if let Some(old) = replaces {
        let current = repo::document(conn, old).await?.filter(|d| {
            d.kind == DocumentKind::CompetencyCard
                && d.owner_id == trainee
                && d.linked_id.as_deref() == Some(competency.to_string().as_str())
        });
        let Some(current) = current else {
            return Err(AppError::Invalid {
                field: "replaces",
                problem: Problem::NotOfTheCompetency,
            });
        };
        if current.deleted_at.is_some() || repo::is_replaced(conn, old).await? {
            return Err(AppError::DocumentChanged);
        }
    }
    record_in(conn, quota, user, role, trainee, file, replaces, at.now).await
}

/// Report `competency` ready for approval to `approver` (in `role`) from its page, attaching
/// `file` as the filled card when the trainee chose one: it becomes a new version of the
/// current card, if there is one, and the approval will rest on it (DOMAIN §6). One
/// transaction: the card and the request are recorded together or not at all, and a refused
/// report discards the file. `approver` may be an error already (a form field that could not
/// be read): the file is discarded then too. Returns how many were reported (one).
pub async fn report_with_card(
    app: &App,
    user: &CurrentUser,
    competency: CompetencyId,
    approver: Result<(PersonId, Option<Role>), AppError>,
    message: &str,
    file: Option<StoredFile>,
) -> Result<usize, AppError> {
    let Some(file) = file else {
        let (approver, role) = approver?;
        return crate::approvals::report_ready(app, user, &[competency], approver, role, message).await;
    };
    let quota = app.config.documents_quota;
    let trainee = user.id();
    record_or_discard(app, file, async |tx, at, file| {
        let (approver, role) = approver?;
        let replaces = repo::current_card(tx, trainee, competency).await?;
        add_card_in(tx, at, quota, user, trainee, competency, replaces, file).await?;
        crate::approvals::report_ready_in(tx, at, user, &[competency], approver, role, message).await
    })
    .await
}

/// A card as the competency page shows it: the current version, whether an approval rests on
/// it, which hospital department confirmed it (a qualification card), whether the viewer may
/// confirm it now, and the versions it replaced, newest first.
#[derive(Debug, Clone, PartialEq)]
pub struct CardView {
    pub current: Document,
    pub is_basis: bool,
    pub confirmation: Option<CardConfirmation>,
    pub confirmable: bool,
    pub earlier: Vec<Card>,
}

/// The cards of `trainee` on `competency` as `viewer` sees them, in upload order, each with
/// its replaced versions. Three queries at most, whatever the number of cards.
pub(crate) async fn card_views(
    conn: &mut Conn,
    viewer: &CurrentUser,
    trainee: PersonId,
    competency: &logbog_db::curricula::Competency,
    today: NaiveDate,
) -> Result<Vec<CardView>, AppError> {
    let all = repo::cards_of(conn, trainee, competency.id).await?;
    let ids: Vec<DocumentId> = all.iter().map(|c| c.document.id).collect();
    let mut confirmations = confirmations::of_documents(conn, &ids).await?;
    let views: Vec<CardView> = super::versions(all, |c| &c.document)
        .into_iter()
        .map(|(current, earlier)| CardView {
            is_basis: current.is_basis,
            confirmation: confirmations.remove(&current.document.id),
            confirmable: false,
            current: current.document,
            earlier,
        })
        .collect();
    let unconfirmed = views.iter().any(|v| v.confirmation.is_none());
    // Only a hospital department's supervisor or training lead may confirm: ask once.
    let may_vouch = unconfirmed
        && viewer.id() != trainee
        && (viewer.has_role(Role::Supervisor) || viewer.has_role(Role::TrainingLead))
        && crate::approvals::is_general_practice(conn, competency.curriculum_version_id).await?
        && policy::card_confirmation(conn, viewer, trainee, true, false, today)
            .await
            .is_ok();
    Ok(views
        .into_iter()
        .map(|v| CardView {
            confirmable: may_vouch && v.confirmation.is_none(),
            ..v
        })
        .collect())
}

/// Confirm `document`, a trainee's current qualification card on a competency of general
/// practice, as a supervisor or training lead of the hospital department where she works
/// (DOMAIN §6, §10): the tutor then sees which department vouched for it. Once per card; a
/// confirmed card can be replaced, not deleted. Audited in the same transaction.
pub async fn confirm_card(app: &App, user: &CurrentUser, document: DocumentId) -> Result<CardConfirmation, AppError> {
    app.in_transaction(async |tx, at| confirm_card_in(tx, at, user, document).await)
        .await
}

/// [`confirm_card`] inside the caller's transaction at `at` (the demo uses it).
pub(crate) async fn confirm_card_in(
    conn: &mut Conn,
    at: crate::At,
    user: &CurrentUser,
    document: DocumentId,
) -> Result<CardConfirmation, AppError> {
    let not_found = AppError::NotFound("document");
    let doc = repo::document(conn, document)
        .await?
        .filter(|d| d.kind == DocumentKind::CompetencyCard && d.deleted_at.is_none())
        .ok_or(AppError::NotFound("document"))?;
    let trainee = doc.owner_id;
    // Whoever may not see her logbook learns nothing of the card.
    policy::authorize_view(conn, user, trainee, None, at.today)
        .await
        .map_err(|_| AppError::NotFound("document"))?;
    let competency: CompetencyId = doc.linked_id.as_deref().and_then(|c| c.parse().ok()).ok_or(not_found)?;
    let c = crate::items::competency_of_trainee(conn, trainee, competency).await?;
    if repo::is_replaced(conn, document).await? {
        return Err(AppError::DocumentChanged);
    }
    let general_practice = crate::approvals::is_general_practice(conn, c.curriculum_version_id).await?;
    let confirmed = !confirmations::of_documents(conn, &[document]).await?.is_empty();
    let (role, site) = policy::card_confirmation(conn, user, trainee, general_practice, confirmed, at.today).await?;
    if !confirmations::insert(conn, document, user.id(), role, site, at.now).await? {
        return Err(AppError::Denied(Denied::AlreadyConfirmed));
    }
    audit::record(
        conn,
        user,
        role,
        audit::Event {
            action: AuditAction::CardConfirmed,
            subject: Subject::Document(document),
            trainee: Some(trainee),
            details: serde_json::json!({ "competency": competency.to_string(), "code": c.code, "site": site.to_string() }),
        },
        at.now,
    )
    .await?;
    confirmations::of_documents(conn, &[document])
        .await?
        .remove(&document)
        .ok_or_else(|| AppError::Internal("a confirmation just written is missing".into()))
}

/// The cards of `trainee` on `competency`, for whoever may see her logbook (a staff viewer's
/// look is in the audit trail, as a look at the competency).
pub async fn cards(
    app: &App,
    user: &CurrentUser,
    trainee: PersonId,
    competency: CompetencyId,
) -> Result<Vec<CardView>, AppError> {
    let at = app.at();
    let mut tx = app.db.read().await?;
    let viewed_as = policy::authorize_view(&mut tx, user, trainee, None, at.today).await?;
    let c = crate::items::competency_of_trainee(&mut tx, trainee, competency).await?;
    let views = card_views(&mut tx, user, trainee, &c, at.today).await?;
    drop(tx);
    policy::record_view(app, user, viewed_as, trainee, "competency").await?;
    Ok(views)
}
