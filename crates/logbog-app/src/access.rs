//! Access grants (DOMAIN §7): the secretariat gives training leads and tutors access to the
//! departments and practices of its region; a training lead or tutor gives supervisors access
//! to a trainee of the site for a period. Ends take effect at once. Every grant and end is
//! audited in the same transaction.

use crate::audit::{self, Event};
use crate::paging::{Page, PageRequest};
use crate::people::CurrentUser;
use crate::{App, AppError, At, Problem, policy};
use chrono::{Datelike, NaiveDate};
use logbog_db::accounts::{NewGrant, SiteGrant};
use logbog_db::supervisions::{NewSupervision, SupervisionRow};
use logbog_db::{Conn, DbError};
use logbog_domain::{
    AuditAction, GrantId, PersonId, PostgraduateRegion, Role, SiteId, SiteKind, Subject, SupervisionId, SupervisorKind,
};

/// The sites the user leads or tutors today, as stored ids (for the repositories' site lists).
fn led_site_ids(user: &CurrentUser) -> Vec<String> {
    user.led_sites().into_iter().map(|(s, _)| s.to_string()).collect()
}

/// A grant's period: it ends no earlier than it starts, and lies in a plausible range (from
/// 1990, and neither start nor end more than ten years after today), so that a typo in a year
/// does not give access for a century.
fn check_period(from: NaiveDate, until: Option<NaiveDate>, today: NaiveDate) -> Result<(), AppError> {
    let earliest = NaiveDate::from_ymd_opt(1990, 1, 1).unwrap_or(NaiveDate::MIN);
    let latest = today
        .with_year(today.year() + 10)
        .unwrap_or(today + chrono::Duration::days(3652));
    if from < earliest || from > latest {
        return Err(AppError::Invalid {
            field: "valid_from",
            problem: Problem::PeriodImplausible,
        });
    }
    match until {
        Some(u) if u < from => Err(AppError::Invalid {
            field: "valid_until",
            problem: Problem::PeriodEndsBeforeStart,
        }),
        Some(u) if u > latest => Err(AppError::Invalid {
            field: "valid_until",
            problem: Problem::PeriodImplausible,
        }),
        _ => Ok(()),
    }
}

/// A site of a region: id, name (with its hospital) and kind.
pub type RegionSite = (SiteId, String, SiteKind);

/// What a secretariat manages: the sites of each of its regions (to grant roles on), and one
/// page of the training lead and tutor grants on them, with the count of all.
#[derive(Debug, Clone)]
pub struct SecretariatAccess {
    pub regions: Vec<(PostgraduateRegion, Vec<RegionSite>)>,
    pub grants: Page<SiteGrant>,
}

pub async fn secretariat_overview(
    app: &App,
    user: &CurrentUser,
    page: PageRequest,
) -> Result<SecretariatAccess, AppError> {
    let regions = user.secretariat_regions();
    if regions.is_empty() {
        return Err(AppError::Forbidden);
    }
    let mut tx = app.db.read().await?;
    let mut sites = Vec::new();
    for region in &regions {
        sites.push((*region, logbog_db::regions::sites_in_region(&mut tx, *region).await?));
    }
    let total = logbog_db::accounts::count_site_grants_in_regions(&mut tx, &regions).await?;
    let request = page.within(total);
    let items =
        logbog_db::accounts::site_grants_in_regions(&mut tx, &regions, request.limit(), request.offset()).await?;
    Ok(SecretariatAccess {
        regions: sites,
        grants: Page { items, total, request },
    })
}

/// The secretariat gives a person (by username) the training lead role of a department or the
/// tutor role of a practice in its region.
pub async fn grant_site_role(
    app: &App,
    user: &CurrentUser,
    username: &str,
    site: SiteId,
    from: NaiveDate,
    until: Option<NaiveDate>,
) -> Result<(), AppError> {
    let at = app.at();
    site_grant_gate(user, username, from, until, at.today)?;
    let mut tx = app.db.begin().await?;
    grant_site_role_in(&mut tx, at, user, username, site, from, until).await?;
    tx.commit().await.map_err(DbError::from)?;
    app.waiting.access_changed();
    Ok(())
}

/// What a site grant is refused on before the database is asked: only a secretariat gives one,
/// to a username, for a plausible period. Returns the secretariat's regions.
fn site_grant_gate(
    user: &CurrentUser,
    username: &str,
    from: NaiveDate,
    until: Option<NaiveDate>,
    today: NaiveDate,
) -> Result<Vec<PostgraduateRegion>, AppError> {
    let regions = user.secretariat_regions();
    if regions.is_empty() {
        return Err(AppError::Forbidden);
    }
    if username.trim().is_empty() {
        return Err(AppError::Invalid {
            field: "username",
            problem: Problem::Required,
        });
    }
    check_period(from, until, today)?;
    Ok(regions)
}

/// [`grant_site_role`] inside the caller's transaction, at `at`, with its audit event.
pub(crate) async fn grant_site_role_in(
    conn: &mut Conn,
    at: At,
    user: &CurrentUser,
    username: &str,
    site: SiteId,
    from: NaiveDate,
    until: Option<NaiveDate>,
) -> Result<(), AppError> {
    let regions = site_grant_gate(user, username, from, until, at.today)?;
    let now = at.now;
    let s = logbog_db::reference::find_site(conn, site)
        .await?
        .filter(|s| regions.contains(&s.region))
        .ok_or(AppError::Invalid {
            field: "site",
            problem: Problem::SiteNotInYourRegion,
        })?;
    let account = logbog_db::accounts::find_by_username(conn, username)
        .await?
        .ok_or(AppError::Invalid {
            field: "username",
            problem: Problem::NoSuchAccount,
        })?;
    let role = if s.kind.is_practice() {
        Role::Tutor
    } else {
        Role::TrainingLead
    };
    let site_id = site.to_string();
    let grant = logbog_db::accounts::insert_grant(
        conn,
        &NewGrant {
            person_id: account.person.id,
            role,
            scope_id: Some(&site_id),
            valid_from: from,
            valid_until: until,
            granted_by: Some(user.id()),
        },
        now,
    )
    .await?;
    audit::record(
        conn,
        user,
        Role::Secretariat,
        Event {
            action: AuditAction::AccessSiteGranted,
            subject: Subject::Grant(grant),
            trainee: None,
            details: serde_json::json!({ "person": account.person.id, "role": role, "site": site_id, "from": from, "until": until }),
        },
        now,
    )
    .await
}

/// The secretariat ends a training lead's or tutor's access to a site of its region, at once.
pub async fn end_site_role(app: &App, user: &CurrentUser, grant: GrantId) -> Result<(), AppError> {
    if user.secretariat_regions().is_empty() {
        return Err(AppError::Forbidden);
    }
    let at = app.at();
    let mut tx = app.db.begin().await?;
    end_site_role_in(&mut tx, at, user, grant).await?;
    tx.commit().await.map_err(DbError::from)?;
    app.waiting.access_changed();
    Ok(())
}

/// [`end_site_role`] inside the caller's transaction, at `at`, with its audit event.
pub(crate) async fn end_site_role_in(
    conn: &mut Conn,
    at: At,
    user: &CurrentUser,
    grant: GrantId,
) -> Result<(), AppError> {
    let regions = user.secretariat_regions();
    if regions.is_empty() {
        return Err(AppError::Forbidden);
    }
    let At { today, now } = at;
    let (g, region) = logbog_db::accounts::find_grant(conn, grant)
        .await?
        .ok_or(AppError::NotFound("grant"))?;
    let in_region = region
        .and_then(|r| r.parse::<PostgraduateRegion>().ok())
        .is_some_and(|r| regions.contains(&r));
    if !in_region || !matches!(g.role, Role::TrainingLead | Role::Tutor) {
        return Err(AppError::NotFound("grant"));
    }
    let last_day = today
        .pred_opt()
        .unwrap_or(today)
        .max(g.valid_from.pred_opt().unwrap_or(g.valid_from));
    if g.ended_at.is_some() || !logbog_db::accounts::end_grant(conn, grant, last_day, user.id(), now).await? {
        return Err(AppError::AlreadyEnded);
    }
    audit::record(
        conn,
        user,
        Role::Secretariat,
        Event {
            action: AuditAction::AccessSiteEnded,
            subject: Subject::Grant(grant),
            trainee: None,
            details: serde_json::json!({ "person": g.person_id, "role": g.role, "site": g.scope_id }),
        },
        now,
    )
    .await
}

/// What a training lead's or tutor's access page shows.
#[derive(Debug, Clone)]
pub struct LeadAccess {
    /// One page of the supervisions at the user's sites, with the count of all.
    pub supervisions: Page<SupervisionRow>,
    pub trainees: Vec<(PersonId, String, SiteId)>,
    pub supervisors: Vec<(PersonId, String, SiteId)>,
}

pub async fn lead_overview(app: &App, user: &CurrentUser, page: PageRequest) -> Result<LeadAccess, AppError> {
    let sites = led_site_ids(user);
    if sites.is_empty() {
        return Err(AppError::Forbidden);
    }
    let today = app.clock.today();
    let mut tx = app.db.read().await?;
    let me = user.id();
    // Nobody manages access to their own logbook: a trainee who also leads the site does not
    // see herself among the trainees to give supervisors to, nor her own supervisions.
    let total = logbog_db::supervisions::count_supervisions_at_sites(&mut tx, &sites, me).await?;
    let request = page.within(total);
    let items =
        logbog_db::supervisions::supervisions_at_sites(&mut tx, &sites, me, request.limit(), request.offset()).await?;
    Ok(LeadAccess {
        supervisions: Page { items, total, request },
        trainees: logbog_db::relations::trainees_at_sites(&mut tx, &sites, today)
            .await?
            .into_iter()
            .filter(|(t, _, _)| *t != me)
            .collect(),
        supervisors: logbog_db::relations::supervisors_at_sites(&mut tx, &sites, today).await?,
    })
}

/// A training lead or tutor gives a supervisor of the site access to a trainee employed there,
/// for at most as long as the employment there lasts: a period without an end lasts until the
/// employment ends; one that asks for longer is refused with the employment's end date.
#[allow(clippy::too_many_arguments)]
pub async fn grant_supervision(
    app: &App,
    user: &CurrentUser,
    trainee: PersonId,
    supervisor: PersonId,
    kind: SupervisorKind,
    from: NaiveDate,
    until: Option<NaiveDate>,
) -> Result<(), AppError> {
    let at = app.at();
    supervision_gate(user, trainee, supervisor, from, until, at.today)?;
    let mut tx = app.db.begin().await?;
    grant_supervision_in(&mut tx, at, user, trainee, supervisor, kind, from, until).await?;
    tx.commit().await.map_err(DbError::from)?;
    app.waiting.access_changed();
    Ok(())
}

/// What a supervision is refused on before the database is asked: only a training lead or
/// tutor gives one, never to their own logbook, for a plausible period, and nobody supervises
/// themself. Returns the sites the user leads or tutors.
fn supervision_gate(
    user: &CurrentUser,
    trainee: PersonId,
    supervisor: PersonId,
    from: NaiveDate,
    until: Option<NaiveDate>,
    today: NaiveDate,
) -> Result<Vec<String>, AppError> {
    let sites = led_site_ids(user);
    if sites.is_empty() {
        return Err(AppError::Forbidden);
    }
    logbog_domain::rights::may_manage_access(user.id(), trainee)?;
    check_period(from, until, today)?;
    if trainee == supervisor {
        return Err(AppError::Invalid {
            field: "supervisor",
            problem: Problem::CannotSuperviseSelf,
        });
    }
    Ok(sites)
}

/// [`grant_supervision`] inside the caller's transaction, at `at`, with its audit event.
/// Returns the new supervision.
#[allow(clippy::too_many_arguments)]
pub(crate) async fn grant_supervision_in(
    conn: &mut Conn,
    at: At,
    user: &CurrentUser,
    trainee: PersonId,
    supervisor: PersonId,
    kind: SupervisorKind,
    from: NaiveDate,
    until: Option<NaiveDate>,
) -> Result<SupervisionId, AppError> {
    let sites = supervision_gate(user, trainee, supervisor, from, until, at.today)?;
    let At { today, now } = at;
    let trainees = logbog_db::relations::trainees_at_sites(conn, &sites, today).await?;
    let (_, _, site) = trainees
        .iter()
        .find(|(t, _, _)| *t == trainee)
        .ok_or(AppError::Invalid {
            field: "trainee",
            problem: Problem::NotEmployedAtYourSite,
        })?;
    let role = policy::access_manager_role(user, trainee, *site)?;
    let employment_end = logbog_db::employments::employments_of_trainee(conn, trainee)
        .await?
        .into_iter()
        .filter(|e| e.site_id == *site && e.start_date <= today && today <= e.end_date)
        .map(|e| e.end_date)
        .max()
        .ok_or(AppError::Invalid {
            field: "trainee",
            problem: Problem::NotEmployedAtYourSite,
        })?;
    let until = match until {
        Some(u) if u > employment_end => {
            return Err(AppError::Invalid {
                field: "valid_until",
                problem: Problem::BeyondEmployment {
                    ends_on: employment_end,
                },
            });
        }
        Some(u) => u,
        None => employment_end,
    };
    if from > until {
        return Err(AppError::Invalid {
            field: "valid_from",
            problem: Problem::BeyondEmployment {
                ends_on: employment_end,
            },
        });
    }
    let supervisors = logbog_db::relations::supervisors_at_sites(conn, &[site.to_string()], today).await?;
    if !supervisors.iter().any(|(p, _, _)| *p == supervisor) {
        return Err(AppError::Invalid {
            field: "supervisor",
            problem: Problem::NotASupervisorOfTheSite,
        });
    }
    let id = logbog_db::supervisions::insert_supervision(
        conn,
        &NewSupervision {
            supervisor_id: supervisor,
            trainee_id: trainee,
            site_id: *site,
            kind,
            valid_from: from,
            valid_until: Some(until),
            granted_by: user.id(),
        },
        now,
    )
    .await?;
    audit::record(
        conn,
        user,
        role,
        Event {
            action: AuditAction::AccessSupervisionGranted,
            subject: Subject::Supervision(id),
            trainee: Some(trainee),
            details: serde_json::json!({ "supervisor": supervisor, "kind": kind, "site": site, "from": from, "until": until }),
        },
        now,
    )
    .await?;
    Ok(id)
}

/// A training lead or tutor of the site ends a supervisor's access at once.
pub async fn end_supervision(app: &App, user: &CurrentUser, supervision: SupervisionId) -> Result<(), AppError> {
    let at = app.at();
    let mut tx = app.db.begin().await?;
    end_supervision_in(&mut tx, at, user, supervision).await?;
    tx.commit().await.map_err(DbError::from)?;
    app.waiting.access_changed();
    Ok(())
}

/// [`end_supervision`] inside the caller's transaction, at `at`, with its audit event.
pub(crate) async fn end_supervision_in(
    conn: &mut Conn,
    at: At,
    user: &CurrentUser,
    supervision: SupervisionId,
) -> Result<(), AppError> {
    let At { today, now } = at;
    let s = logbog_db::supervisions::find_supervision(conn, supervision)
        .await?
        .ok_or(AppError::NotFound("supervision"))?;
    logbog_domain::rights::may_manage_access(user.id(), s.trainee_id)?;
    let Some(role) = user.role_at_site(s.site_id) else {
        return Err(AppError::NotFound("supervision"));
    };
    let last_day = today.pred_opt().unwrap_or(today);
    if s.ended_at.is_some()
        || !logbog_db::supervisions::end_supervision(conn, supervision, last_day, user.id(), now).await?
    {
        return Err(AppError::AlreadyEnded);
    }
    audit::record(
        conn,
        user,
        role,
        Event {
            action: AuditAction::AccessSupervisionEnded,
            subject: Subject::Supervision(supervision),
            trainee: Some(s.trainee_id),
            details: serde_json::json!({ "last_day": last_day }),
        },
        now,
    )
    .await
}
