//! The one home of "may this person …": every use case asks here, and the answers come from
//! the rules in `logbog_domain::rights` applied to facts loaded from the database (the actor's
//! grants in force, relations to the trainee, led sites, regions). Nothing else decides access.

use crate::audit::{self, Event};
use crate::people::CurrentUser;
use crate::{AppError, Problem};
use chrono::NaiveDate;
use logbog_db::Conn;
use logbog_db::employments::Employment;
use logbog_db::requests::{self, Approver, PendingRequest};
use logbog_domain::cards::{self, Vouching};
use logbog_domain::rights::{self, Decision, Denied, ItemFacts};
use logbog_domain::{ApprovalRequestId, AuditAction, PersonId, PostgraduateRegion, RequestState, Role, Subject};

impl From<Denied> for AppError {
    fn from(d: Denied) -> Self {
        AppError::Denied(d)
    }
}

/// Whether the user holds any role that approves items.
pub fn is_approver(user: &CurrentUser) -> bool {
    rights::APPROVER_ROLES.iter().any(|r| user.has_role(*r))
}

/// May `actor` see `trainee`'s logbook, and in which role? The trainee sees their own; others
/// need a relation in force (current supervisor, training lead or tutor of a site where the
/// trainee is employed today, secretariat of the trainee's region) and a grant of that role.
/// `wanted` is the role the viewer says they act in (e.g. from their home page); the closest
/// relation otherwise. Only reads: the caller records the view with [`record_view`] once the
/// page's data is loaded.
pub(crate) async fn authorize_view(
    conn: &mut Conn,
    actor: &CurrentUser,
    trainee: PersonId,
    wanted: Option<Role>,
    today: NaiveDate,
) -> Result<Role, AppError> {
    if actor.id() == trainee {
        return if actor.has_role(Role::Trainee) {
            Ok(Role::Trainee)
        } else {
            Err(AppError::Forbidden)
        };
    }
    let relations: Vec<Role> = logbog_db::relations::relation_roles(conn, actor.id(), trainee, today)
        .await?
        .into_iter()
        .filter(|r| actor.has_role(*r))
        .collect();
    rights::viewing_role(&relations, wanted).ok_or(AppError::Forbidden)
}

/// Only the trainee writes in her own logbook (notes, the overview of medical employment):
/// someone who may see it is refused, anyone else learns nothing more than the logbook's own
/// answer.
pub(crate) async fn authorize_own(
    conn: &mut Conn,
    user: &CurrentUser,
    trainee: PersonId,
    today: NaiveDate,
) -> Result<(), AppError> {
    match authorize_view(conn, user, trainee, None, today).await? {
        Role::Trainee => Ok(()),
        _ => Err(AppError::Forbidden),
    }
}

/// Leave the `logbook.viewed` event of anyone but the trainee looking at `page` of the
/// trainee's logbook, in the role they viewed in. Its own short write transaction, before the
/// page is answered: the page's reads never hold the write lock.
pub(crate) async fn record_view(
    app: &crate::App,
    actor: &CurrentUser,
    role: Role,
    trainee: PersonId,
    page: &str,
) -> Result<(), AppError> {
    if actor.id() == trainee {
        return Ok(());
    }
    let mut tx = app.db.begin().await?;
    audit::record(
        &mut tx,
        actor,
        role,
        Event {
            action: AuditAction::LogbookViewed,
            subject: Subject::Logbook(trainee),
            trainee: Some(trainee),
            details: serde_json::json!({ "page": page }),
        },
        app.clock.now(),
    )
    .await?;
    tx.commit().await.map_err(logbog_db::DbError::from)?;
    Ok(())
}

/// Whether the approver of a waiting request may still decide it today; if not, it waits for
/// nobody and the trainee may report the item again.
pub fn approver_may_decide(request: &PendingRequest, today: NaiveDate) -> bool {
    rights::may_decide(&request.decision(today)).is_ok()
}

/// `user`'s decision on a pending request: the request's facts, with the relation counted only
/// while the user also holds a grant of the role in force.
fn decision_of(user: &CurrentUser, request: &PendingRequest, today: NaiveDate) -> Decision {
    let mut d = request.decision(today);
    d.relation_current &= user.has_role(request.approver_role);
    d
}

/// Whether `user` may decide (approve or return) this request addressed to them today.
pub fn may_decide(user: &CurrentUser, request: &PendingRequest, today: NaiveDate) -> bool {
    request.approver_id == user.id() && rights::may_decide(&decision_of(user, request, today)).is_ok()
}

/// Load a request addressed to `user` that is still pending and that they may decide today:
/// the one check behind approving and returning.
pub(crate) async fn decidable(
    conn: &mut Conn,
    user: &CurrentUser,
    request: ApprovalRequestId,
    today: NaiveDate,
) -> Result<PendingRequest, AppError> {
    let r = requests::find_request(conn, request)
        .await?
        .ok_or(AppError::NotFound("request"))?;
    if r.approver_id != user.id() {
        return Err(AppError::NotFound("request"));
    }
    if r.state != RequestState::Pending {
        return Err(AppError::RequestDecided);
    }
    let pending = requests::find_pending(conn, request, today)
        .await?
        .ok_or(AppError::RequestDecided)?;
    rights::may_decide(&decision_of(user, &pending, today))?;
    Ok(pending)
}

/// May `user` approve the request now (it is decidable, due, and not approved already)?
pub(crate) fn may_approve(
    user: &CurrentUser,
    request: &PendingRequest,
    today: NaiveDate,
    already_approved: bool,
) -> Result<(), AppError> {
    Ok(rights::may_approve(
        &decision_of(user, request, today),
        already_approved,
    )?)
}

/// May the trainee report an item with these facts to this current approver, in its role?
pub(crate) fn may_report_to(
    trainee: PersonId,
    approver: &Approver,
    item: ItemFacts,
    today: NaiveDate,
) -> Result<(), AppError> {
    Ok(rights::may_decide(&Decision {
        actor: approver.person_id,
        trainee,
        role: approver.role,
        relation_current: true,
        item,
        today,
    })?)
}

/// `user`'s decision on the time attestation of `e` from its page: in the role they hold for
/// the employment's site (training lead or tutor); otherwise as the trainee's supervisor
/// (refused by the rule, with the reason); otherwise in a lead role held elsewhere (refused:
/// not the employment's site).
pub(crate) async fn time_decision(
    conn: &mut Conn,
    user: &CurrentUser,
    trainee: PersonId,
    e: &Employment,
    today: NaiveDate,
) -> Result<Decision, AppError> {
    let decision = |role, relation_current| Decision {
        actor: user.id(),
        trainee,
        role,
        relation_current,
        item: ItemFacts::TimeAttestation {
            employment_end: e.end_date,
        },
        today,
    };
    if let Some(role) = user.role_at_site(e.site_id) {
        return Ok(decision(role, true));
    }
    let relations = logbog_db::relations::relation_roles(conn, user.id(), trainee, today).await?;
    if user.has_role(Role::Supervisor) && relations.contains(&Role::Supervisor) {
        return Ok(decision(Role::Supervisor, true));
    }
    for role in [Role::TrainingLead, Role::Tutor] {
        if user.has_role(role) {
            return Ok(decision(role, false));
        }
    }
    Err(AppError::Forbidden)
}

/// May `user` reset an approval of `trainee`'s? Only the secretariat of the trainee's region,
/// on a written request (its reference) and with a reason.
pub(crate) async fn may_reset(
    conn: &mut Conn,
    user: &CurrentUser,
    trainee: PersonId,
    reference: &str,
    reason: &str,
    approved: bool,
) -> Result<(), AppError> {
    let actor_regions = user.secretariat_regions();
    if actor_regions.is_empty() {
        return Err(Denied::OnlySecretariatResets.into());
    }
    let trainee_regions: Vec<PostgraduateRegion> = logbog_db::programmes::programmes_of(conn, trainee)
        .await?
        .into_iter()
        .map(|p| p.region)
        .collect();
    if trainee_regions.is_empty() {
        return Err(AppError::NotFound("trainee"));
    }
    Ok(rights::may_reset(&rights::Reset {
        actor_regions: &actor_regions,
        trainee_regions: &trainee_regions,
        request_reference: reference,
        reason,
        approved,
    })?)
}

/// May `user` register programmes and employments (training agreements) in `region`? Only the
/// region's secretariat.
pub(crate) fn may_register(user: &CurrentUser, region: PostgraduateRegion) -> Result<(), AppError> {
    if user.secretariat_regions().contains(&region) {
        Ok(())
    } else {
        Err(AppError::Forbidden)
    }
}

/// The role in which `user` gives or ends supervisors' access to `trainee` at `site`: the
/// training lead or tutor of the site, never the trainee themself.
pub(crate) fn access_manager_role(
    user: &CurrentUser,
    trainee: PersonId,
    site: logbog_domain::SiteId,
) -> Result<Role, AppError> {
    rights::may_manage_access(user.id(), trainee)?;
    user.role_at_site(site).ok_or(AppError::Invalid {
        field: "trainee",
        problem: Problem::NotEmployedAtYourSite,
    })
}

/// May `user` approve the due time attestation `d` today, in the role held at its site? The
/// same rule as every approval: the window open, never one's own.
pub fn may_approve_due(user: &CurrentUser, d: &logbog_db::time_due::DueTime, today: NaiveDate) -> bool {
    d.lead == user.id()
        && user.has_role(d.role)
        && rights::may_approve(
            &Decision {
                actor: user.id(),
                trainee: d.trainee_id,
                role: d.role,
                relation_current: true,
                item: ItemFacts::TimeAttestation {
                    employment_end: d.end_date,
                },
                today,
            },
            false,
        )
        .is_ok()
}

/// In which role, and for which hospital department, may `user` confirm a qualification card of
/// `trainee` (DOMAIN §6, §10)? As a supervisor or training lead of a department where the
/// trainee works today, in a role the user holds a grant of; see
/// `logbog_domain::cards::may_confirm`.
pub(crate) async fn card_confirmation(
    conn: &mut Conn,
    user: &CurrentUser,
    trainee: PersonId,
    general_practice: bool,
    confirmed: bool,
    today: NaiveDate,
) -> Result<(Role, logbog_domain::SiteId), AppError> {
    let relations: Vec<_> = logbog_db::card_confirmations::vouching_relations(conn, user.id(), trainee, today)
        .await?
        .into_iter()
        .filter(|(role, _, _)| user.has_role(*role))
        .collect();
    let vouching: Vec<Vouching> = relations
        .iter()
        .map(|(role, _, site_kind)| Vouching {
            role: *role,
            site_kind: *site_kind,
        })
        .collect();
    let i = cards::may_confirm(&cards::Confirmation {
        actor: user.id(),
        trainee,
        general_practice,
        relations: &vouching,
        confirmed,
    })?;
    Ok((relations[i].0, relations[i].1))
}
