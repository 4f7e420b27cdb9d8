//! Competency cards (kompetencekort; in general practice the hospital department's
//! qualification card, kvalifikationskort): the filled form a trainee uploads on a competency
//! of her curricula, which an approval of the competency then records as its basis
//! (DOMAIN §3, §6).

use super::{StoredFile, UploadTarget, record_in, record_or_discard};
use crate::people::CurrentUser;
use crate::{App, AppError, Problem, policy};
use chrono::NaiveDate;
use logbog_db::Conn;
use logbog_db::documents::{self as repo, Card, Document};
use logbog_domain::{CompetencyId, DocumentId, DocumentKind, PersonId, Role};

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

/// A card as the competency page shows it: the current version, whether an approval rests on
/// it, and the versions it replaced, newest first.
#[derive(Debug, Clone, PartialEq)]
pub struct CardView {
    pub current: Document,
    pub is_basis: bool,
    pub earlier: Vec<Card>,
}

/// The cards of a competency in upload order, each with its replaced versions.
pub(crate) fn card_views(all: Vec<Card>) -> Vec<CardView> {
    super::versions(all, |c| &c.document)
        .into_iter()
        .map(|(current, earlier)| CardView {
            is_basis: current.is_basis,
            current: current.document,
            earlier,
        })
        .collect()
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
    crate::items::competency_of_trainee(&mut tx, trainee, competency).await?;
    let all = repo::cards_of(&mut tx, trainee, competency).await?;
    drop(tx);
    policy::record_view(app, user, viewed_as, trainee, "competency").await?;
    Ok(card_views(all))
}
