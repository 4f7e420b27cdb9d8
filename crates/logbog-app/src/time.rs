//! Time attestation (attestation for tidsmæssigt gennemført uddannelseselement, DOMAIN §5): the
//! trainee asks the training lead or tutor of the employment's site, who approves it from the
//! first day of the employment's last month. Supervisors never approve time.

use crate::audit::{self, Event};
use crate::items::{ItemStatus, clear_pending, reported_meanwhile};
use crate::notifications::notify;
use crate::people::CurrentUser;
use crate::{App, AppError, At, Problem, policy};
use chrono::NaiveDate;
use logbog_db::Conn;
use logbog_db::accounts::Person;
use logbog_db::approvals::{self as repo, HistoryEntry, NewApproval};
use logbog_db::employments::{Employment, Leave};
use logbog_db::requests::{self, NewRequest};
use logbog_domain::dates::last_month_opens;
use logbog_domain::paper::PaperState;
use logbog_domain::rights::{self, Denied};
use logbog_domain::{AuditAction, EmploymentId, ItemRef, Notice, PersonId, Role, Subject};

/// The employment page's read model.
#[derive(Debug, Clone)]
pub struct TimeAttestationView {
    pub trainee: Person,
    pub viewed_as: Role,
    pub employment: Employment,
    pub leaves: Vec<Leave>,
    pub opens_on: NaiveDate,
    pub today: NaiveDate,
    pub status: ItemStatus,
    /// The site's training leads and tutors today: whom the trainee can ask.
    pub approvers: Vec<(PersonId, String, Role)>,
    pub history: Vec<HistoryEntry>,
    /// The paper time attestations uploaded for it, the newest first.
    pub papers: Vec<logbog_db::paper::Paper>,
}

async fn load_employment(conn: &mut Conn, employment: EmploymentId) -> Result<(PersonId, Employment), AppError> {
    logbog_db::employments::find_employment(conn, employment)
        .await?
        .ok_or(AppError::NotFound("employment"))
}

/// The time attestation of an employment of `trainee`, for the trainee and those with access.
pub async fn view(
    app: &App,
    user: &CurrentUser,
    trainee: PersonId,
    employment: EmploymentId,
    acting_as: Option<Role>,
) -> Result<TimeAttestationView, AppError> {
    let today = app.clock.today();
    let mut tx = app.db.read().await?;
    let viewed_as = policy::authorize_view(&mut tx, user, trainee, acting_as, today).await?;
    let (owner, e) = load_employment(&mut tx, employment).await?;
    if owner != trainee {
        return Err(AppError::NotFound("employment"));
    }
    let person = logbog_db::accounts::find_person(&mut tx, trainee)
        .await?
        .ok_or(AppError::NotFound("trainee"))?;
    let item = ItemRef::TimeAttestation(e.id);
    let status = crate::items::statuses(&mut tx, trainee, today).await?.of(item);
    let leaves = logbog_db::employments::leaves_of_trainee(&mut tx, trainee)
        .await?
        .into_iter()
        .filter(|l| l.employment_id == e.id)
        .collect();
    let approvers = logbog_db::relations::leads_of_site(&mut tx, e.site_id, today)
        .await?
        .into_iter()
        .filter(|(p, _, _)| *p != trainee)
        .collect();
    let history = repo::history(&mut tx, trainee, item).await?;
    let papers = logbog_db::paper::of_employment(&mut tx, e.id).await?;
    drop(tx);
    policy::record_view(app, user, viewed_as, trainee, "time_attestation").await?;
    crate::notifications::read_about(app, user, trainee, Some(item)).await?;
    Ok(TimeAttestationView {
        trainee: person,
        viewed_as,
        opens_on: last_month_opens(e.end_date),
        employment: e,
        leaves,
        today,
        status,
        approvers,
        history,
        papers,
    })
}

/// The trainee asks a training lead or tutor of the employment's site to attest its time.
pub async fn request(
    app: &App,
    user: &CurrentUser,
    employment: EmploymentId,
    approver: PersonId,
    message: &str,
) -> Result<(), AppError> {
    request_gate(user, message)?;
    app.in_transaction(async |tx, at| request_in(tx, at, user, employment, approver, message).await)
        .await
}

/// What a request is refused on before the database is asked: only a trainee asks; the message
/// within bounds, trimmed.
fn request_gate(user: &CurrentUser, message: &str) -> Result<String, AppError> {
    if !user.has_role(Role::Trainee) {
        return Err(AppError::Forbidden);
    }
    crate::approvals::check_text("message", message, false)
}

/// [`request`] inside the caller's transaction, at `at`: the request, its audit event and the
/// approver's notification.
pub(crate) async fn request_in(
    conn: &mut Conn,
    at: At,
    user: &CurrentUser,
    employment: EmploymentId,
    approver: PersonId,
    message: &str,
) -> Result<(), AppError> {
    let message = request_gate(user, message)?;
    let At { today, now } = at;
    let (owner, e) = load_employment(conn, employment).await?;
    if owner != user.id() {
        return Err(AppError::NotFound("employment"));
    }
    let leads = logbog_db::relations::leads_of_site(conn, e.site_id, today).await?;
    let (_, _, role) = leads
        .iter()
        .find(|(p, _, _)| *p == approver && *p != owner)
        .ok_or(AppError::Invalid {
            field: "approver",
            problem: Problem::NotALeadOrTutorOfTheSite,
        })?;
    let item = ItemRef::TimeAttestation(e.id);
    if repo::standing_approval(conn, owner, item).await?.is_some() {
        return Err(AppError::Denied(Denied::AlreadyApproved));
    }
    // A paper waiting for the secretariat is the one thing that waits for this attestation.
    if logbog_db::paper::waiting_of_employment(conn, e.id).await?.is_some() {
        return Err(AppError::AlreadyReported(e.site_name.clone()));
    }
    clear_pending(conn, user, item, &e.site_name, today, now).await?;
    let request = requests::insert_request(
        conn,
        &NewRequest {
            trainee_id: owner,
            item,
            approver_id: approver,
            approver_role: *role,
            message: &message,
        },
        now,
    )
    .await
    .map_err(|err| reported_meanwhile(err, &e.site_name))?;
    audit::record(
        conn,
        user,
        Role::Trainee,
        Event {
            action: AuditAction::ApprovalRequested,
            subject: Subject::Request(request),
            trainee: Some(owner),
            details: serde_json::json!({ "item_kind": item.kind(), "employment": e.id, "approver": approver, "approver_role": role }),
        },
        now,
    )
    .await?;
    notify(
        conn,
        approver,
        Notice::RequestReceived {
            trainee_name: user.person.full_name(),
            count: 1,
            codes: vec![e.site_name.clone()],
            about: Some(logbog_domain::notices::About::item(
                user.id(),
                ItemRef::TimeAttestation(e.id),
            )),
        },
        now,
    )
    .await
}

/// The role in which `user` would approve the time attestation of `employment` from its page,
/// and whether the rule allows it today (for the page's button).
pub async fn approving_role(
    app: &App,
    user: &CurrentUser,
    trainee: PersonId,
    e: &Employment,
) -> Result<(Role, Result<(), Denied>), AppError> {
    let mut conn = app.db.conn().await?;
    let d = policy::time_decision(&mut conn, user, trainee, e, app.clock.today()).await?;
    Ok((d.role, rights::may_decide(&d)))
}

/// Approve the time attestation of an employment directly from its page.
pub async fn approve(
    app: &App,
    user: &CurrentUser,
    trainee: PersonId,
    employment: EmploymentId,
    comment: &str,
) -> Result<(), AppError> {
    crate::approvals::check_text("comment", comment, false)?;
    app.in_transaction(async |tx, at| approve_in(tx, at, user, trainee, employment, comment).await)
        .await
}

/// [`approve`] inside the caller's transaction, at `at`: the approval, its audit event and the
/// trainee's notification.
pub(crate) async fn approve_in(
    conn: &mut Conn,
    at: At,
    user: &CurrentUser,
    trainee: PersonId,
    employment: EmploymentId,
    comment: &str,
) -> Result<(), AppError> {
    let comment = crate::approvals::check_text("comment", comment, false)?;
    let At { today, now } = at;
    let (owner, e) = load_employment(conn, employment).await?;
    if owner != trainee {
        return Err(AppError::NotFound("employment"));
    }
    let decision = policy::time_decision(conn, user, trainee, &e, today).await?;
    let item = ItemRef::TimeAttestation(e.id);
    let standing = repo::standing_approval(conn, trainee, item).await?;
    rights::may_approve(&decision, standing.is_some())?;
    // A paper waiting for the secretariat: the lead or tutor verifies it, and the approval
    // rests on it.
    let paper = logbog_db::paper::waiting_of_employment(conn, e.id)
        .await?
        .map(|p| p.document_id);
    if let Some(p) = paper
        && !logbog_db::paper::close(conn, p, PaperState::Approved, user.id(), &comment, now).await?
    {
        return Err(AppError::RequestDecided);
    }
    let approval = repo::insert_approval(
        conn,
        &NewApproval {
            trainee_id: trainee,
            item,
            approver_id: user.id(),
            approver_role: decision.role,
            assessment_method: None,
            basis_document: paper,
            comment: &comment,
            request_id: None,
        },
        now,
    )
    .await?;
    audit::record(
        conn,
        user,
        decision.role,
        Event {
            action: AuditAction::ApprovalApproved,
            subject: Subject::Approval(approval),
            trainee: Some(trainee),
            details: serde_json::json!({ "item_kind": item.kind(), "item": item.id_text(), "paper": paper, "comment": comment }),
        },
        now,
    )
    .await?;
    notify(
        conn,
        trainee,
        Notice::Approved {
            approver_name: user.person.full_name(),
            count: 1,
            comment,
            about: Some(logbog_domain::notices::About::item(trainee, item)),
        },
        now,
    )
    .await
}
