//! The employment and training agreement of a programme and its addenda: who may attach
//! them, their description, and the programme's list with replaced versions.

use super::{StoredFile, UploadTarget, record_in, record_or_discard};
use crate::people::CurrentUser;
use crate::{App, AppError, Problem, policy};
use chrono::NaiveDate;
use logbog_db::Conn;
use logbog_db::documents as repo;
use logbog_domain::documents::{AddendumReason, AgreementKind};
use logbog_domain::{DocumentId, PersonId, ProgrammeId, Role};

/// Who may attach documents to a programme: its trainee, and the secretariat of its region
/// (which issues agreements). The role they act in.
pub(crate) async fn agreement_role(
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
    crate::error::plausible_day("dated", input.dated, today)
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
    let quota = app.config.documents_quota;
    record_or_discard(app, file, async |tx, at, file| {
        add_agreement_in(tx, at, quota, user, trainee, programme, &input?, file).await
    })
    .await
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

/// An agreement as the programme page shows it: the current version with the versions it
/// replaced, newest first.
#[derive(Debug, Clone, PartialEq)]
pub struct AgreementView {
    pub current: repo::Agreement,
    pub earlier: Vec<repo::Agreement>,
}

/// The agreements of `programmes` in date order, each with its replaced versions.
pub(crate) fn chains(all: Vec<repo::Agreement>) -> Vec<AgreementView> {
    let mut out: Vec<AgreementView> = super::versions(all, |a| &a.document)
        .into_iter()
        .map(|(current, earlier)| AgreementView { current, earlier })
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
