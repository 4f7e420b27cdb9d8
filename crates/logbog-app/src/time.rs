//! Time attestation (attestation for tidsmæssigt gennemført uddannelseselement, DOMAIN §5): the
//! trainee asks the training lead or tutor of the employment's site, who approves it from the
//! first day of the employment's last month. Supervisors never approve time.

use crate::approvals::event;
use crate::logbook::authorize_view;
use crate::people::CurrentUser;
use crate::{App, AppError};
use chrono::{DateTime, NaiveDate, Utc};
use logbog_db::accounts::Person;
use logbog_db::approvals::{self as repo, ApprovalInfo, HistoryEntry, NewApproval, NewRequest, PendingRequest};
use logbog_db::programmes::{Employment, Leave};
use logbog_db::{Conn, DbError};
use logbog_domain::dates::last_month_opens;
use logbog_domain::rights::{Denied, TimeAttestationApproval, may_approve_time_attestation};
use logbog_domain::{EmploymentId, ItemKind, PersonId, Role};

/// The employment page's read model.
#[derive(Debug, Clone)]
pub struct TimeAttestationView {
    pub trainee: Person,
    pub viewed_as: Role,
    pub employment: Employment,
    pub leaves: Vec<Leave>,
    pub opens_on: NaiveDate,
    pub today: NaiveDate,
    pub approval: Option<ApprovalInfo>,
    pub pending: Option<(PendingRequest, DateTime<Utc>)>,
    /// The site's training leads and tutors today: whom the trainee can ask.
    pub approvers: Vec<(PersonId, String, Role)>,
    pub history: Vec<HistoryEntry>,
}

async fn load_employment(conn: &mut Conn, employment: EmploymentId) -> Result<(PersonId, Employment), AppError> {
    logbog_db::programmes::find_employment(conn, employment)
        .await?
        .ok_or(AppError::NotFound("employment"))
}

/// The time attestation of an employment of `trainee`, for the trainee and those with access.
pub async fn view(
    app: &App,
    user: &CurrentUser,
    trainee: PersonId,
    employment: EmploymentId,
) -> Result<TimeAttestationView, AppError> {
    let today = app.clock.today();
    let now = app.clock.now();
    let mut tx = app.db.begin().await?;
    let viewed_as = authorize_view(&mut tx, user, trainee, today, now, "time_attestation").await?;
    let (owner, e) = load_employment(&mut tx, employment).await?;
    if owner != trainee {
        return Err(AppError::NotFound("employment"));
    }
    let person = logbog_db::accounts::find_person(&mut tx, trainee)
        .await?
        .ok_or(AppError::NotFound("trainee"))?;
    let id = e.id.to_string();
    let (approval, pending) = repo::item_state(&mut tx, trainee, ItemKind::TimeAttestation, &id, today).await?;
    let leaves = logbog_db::programmes::leaves_of_trainee(&mut tx, trainee)
        .await?
        .into_iter()
        .filter(|l| l.employment_id == e.id)
        .collect();
    let approvers = logbog_db::programmes::leads_of_site(&mut tx, e.site_id, today)
        .await?
        .into_iter()
        .filter(|(p, _, _)| *p != trainee)
        .collect();
    let history = repo::history(&mut tx, trainee, ItemKind::TimeAttestation, &id).await?;
    tx.commit().await.map_err(DbError::from)?;
    Ok(TimeAttestationView {
        trainee: person,
        viewed_as,
        opens_on: last_month_opens(e.end_date),
        employment: e,
        leaves,
        today,
        approval,
        pending,
        approvers,
        history,
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
    if !user.has_role(Role::Trainee) {
        return Err(AppError::Forbidden);
    }
    let today = app.clock.today();
    let now = app.clock.now();
    let mut tx = app.db.begin().await?;
    let (owner, e) = load_employment(&mut tx, employment).await?;
    if owner != user.id() {
        return Err(AppError::NotFound("employment"));
    }
    let leads = logbog_db::programmes::leads_of_site(&mut tx, e.site_id, today).await?;
    let (_, _, role) = leads
        .iter()
        .find(|(p, _, _)| *p == approver && *p != owner)
        .ok_or(AppError::Invalid {
            field: "approver",
            problem: crate::Problem::NotALeadOrTutorOfTheSite,
        })?;
    let id = e.id.to_string();
    if repo::standing_approval(&mut tx, owner, ItemKind::TimeAttestation, &id)
        .await?
        .is_some()
    {
        return Err(AppError::Denied(Denied::AlreadyApproved));
    }
    crate::approvals::clear_pending(&mut tx, user, ItemKind::TimeAttestation, &id, &e.site_name, today, now).await?;
    let message = message.trim();
    if message.chars().count() > 2000 {
        return Err(AppError::Invalid {
            field: "message",
            problem: crate::Problem::TooLong { max: 2000 },
        });
    }
    let site_name = e.site_name.clone();
    let request = repo::insert_request(
        &mut tx,
        &NewRequest {
            trainee_id: owner,
            item_kind: ItemKind::TimeAttestation,
            item_id: &id,
            approver_id: approver,
            approver_role: *role,
            message,
        },
        now,
    )
    .await
    .map_err(|e| crate::approvals::reported_meanwhile(e, &site_name))?;
    event(&mut tx, user, Role::Trainee, "approval.requested", ("approval_request", request.to_string()), owner, serde_json::json!({ "item_kind": "time_attestation", "employment": id, "approver": approver, "approver_role": role }), now).await?;
    crate::notifications::notify(
        &mut tx,
        approver,
        crate::notifications::kind::REQUEST_RECEIVED,
        serde_json::json!({ "trainee_name": user.person.full_name(), "count": 1, "codes": [e.site_name] }),
        now,
    )
    .await?;
    tx.commit().await.map_err(DbError::from)?;
    Ok(())
}

/// The role in which `user` would approve time for an employment at `site`, and whether they
/// hold it for that site: training lead or tutor there; otherwise a supervisor of the trainee
/// (always refused); otherwise a training lead or tutor elsewhere (refused: not the site).
pub(crate) async fn approving_role(
    conn: &mut Conn,
    user: &CurrentUser,
    trainee: PersonId,
    e: &Employment,
    today: NaiveDate,
) -> Result<(Role, bool), AppError> {
    let at_site = logbog_db::programmes::roles_at_site(conn, user.id(), e.site_id, today).await?;
    if let Some(role) = at_site.first() {
        return Ok((*role, true));
    }
    let relations = logbog_db::programmes::relation_roles(conn, user.id(), trainee, today).await?;
    if user.has_role(Role::Supervisor) && relations.contains(&Role::Supervisor) {
        return Ok((Role::Supervisor, true));
    }
    for role in [Role::TrainingLead, Role::Tutor] {
        if user.has_role(role) {
            return Ok((role, false));
        }
    }
    Err(AppError::Forbidden)
}

/// Check the time rule for a decision on `e`; used here and from the work list.
pub(crate) fn check(
    user: &CurrentUser,
    trainee: PersonId,
    role: Role,
    leads: bool,
    e: &Employment,
    today: NaiveDate,
    approved: bool,
) -> Result<(), AppError> {
    may_approve_time_attestation(&TimeAttestationApproval {
        actor: user.id(),
        trainee,
        role,
        leads_employment_site: leads,
        employment_end: e.end_date,
        today,
        already_approved: approved,
    })?;
    Ok(())
}

/// Approve the time attestation of an employment directly from its page.
pub async fn approve(
    app: &App,
    user: &CurrentUser,
    trainee: PersonId,
    employment: EmploymentId,
    comment: &str,
) -> Result<(), AppError> {
    let today = app.clock.today();
    let now = app.clock.now();
    let mut tx = app.db.begin().await?;
    let (owner, e) = load_employment(&mut tx, employment).await?;
    if owner != trainee {
        return Err(AppError::NotFound("employment"));
    }
    let (role, leads) = approving_role(&mut tx, user, trainee, &e, today).await?;
    let id = e.id.to_string();
    let standing = repo::standing_approval(&mut tx, trainee, ItemKind::TimeAttestation, &id).await?;
    check(user, trainee, role, leads, &e, today, standing.is_some())?;
    let comment = comment.trim();
    let approval = repo::insert_approval(
        &mut tx,
        &NewApproval {
            trainee_id: trainee,
            item_kind: ItemKind::TimeAttestation,
            item_id: &id,
            approver_id: user.id(),
            approver_role: role,
            assessment_method: None,
            comment,
            request_id: None,
        },
        now,
    )
    .await?;
    event(
        &mut tx,
        user,
        role,
        "approval.approved",
        ("approval", approval.to_string()),
        trainee,
        serde_json::json!({ "item_kind": "time_attestation", "employment": id, "comment": comment }),
        now,
    )
    .await?;
    crate::notifications::notify(
        &mut tx,
        trainee,
        crate::notifications::kind::APPROVED,
        serde_json::json!({ "approver_name": user.person.full_name(), "count": 1, "comment": comment }),
        now,
    )
    .await?;
    tx.commit().await.map_err(DbError::from)?;
    Ok(())
}
