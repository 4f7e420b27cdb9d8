//! Access grants (DOMAIN §7): the secretariat gives training leads and tutors access to the
//! departments and practices of its region; a training lead or tutor gives supervisors access
//! to a trainee of the site for a period. Ends take effect at once. Every grant and end is
//! audited in the same transaction.

use crate::approvals::event;
use crate::people::CurrentUser;
use crate::{App, AppError, Problem};
use chrono::NaiveDate;
use logbog_db::DbError;
use logbog_db::accounts::{NewGrant, SiteGrant};
use logbog_db::programmes::{NewSupervision, SupervisionRow};
use logbog_domain::{GrantId, PersonId, PostgraduateRegion, Role, SiteId, SiteKind, SupervisionId, SupervisorKind};

/// The regions whose secretariat the user is part of today.
pub fn secretariat_regions(user: &CurrentUser) -> Vec<PostgraduateRegion> {
    user.grants
        .iter()
        .filter(|g| g.role == Role::Secretariat)
        .filter_map(|g| g.scope_id.as_deref()?.parse().ok())
        .collect()
}

/// The sites the user leads (training lead) or tutors today.
pub fn led_sites(user: &CurrentUser) -> Vec<String> {
    user.grants
        .iter()
        .filter(|g| matches!(g.role, Role::TrainingLead | Role::Tutor))
        .filter_map(|g| g.scope_id.clone())
        .collect()
}

fn check_period(from: NaiveDate, until: Option<NaiveDate>) -> Result<(), AppError> {
    match until {
        Some(u) if u < from => Err(AppError::Invalid {
            field: "valid_until",
            problem: Problem::PeriodEndsBeforeStart,
        }),
        _ => Ok(()),
    }
}

/// What the secretariat's access page shows: the region's sites and its site grants.
#[derive(Debug, Clone)]
pub struct SecretariatAccess {
    pub region: PostgraduateRegion,
    pub sites: Vec<(SiteId, String, SiteKind)>,
    pub grants: Vec<SiteGrant>,
}

pub async fn secretariat_overview(app: &App, user: &CurrentUser) -> Result<Vec<SecretariatAccess>, AppError> {
    let regions = secretariat_regions(user);
    if regions.is_empty() {
        return Err(AppError::Forbidden);
    }
    let mut conn = app.db.conn().await?;
    let mut out = Vec::new();
    for region in regions {
        out.push(SecretariatAccess {
            region,
            sites: logbog_db::programmes::sites_in_region(&mut conn, region).await?,
            grants: logbog_db::accounts::site_grants_in_region(&mut conn, region).await?,
        });
    }
    Ok(out)
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
    let regions = secretariat_regions(user);
    if regions.is_empty() {
        return Err(AppError::Forbidden);
    }
    check_period(from, until)?;
    let now = app.clock.now();
    let mut tx = app.db.begin().await?;
    let s = logbog_db::reference::find_site(&mut tx, site)
        .await?
        .filter(|s| regions.contains(&s.region))
        .ok_or(AppError::Invalid {
            field: "site",
            problem: Problem::SiteNotInYourRegion,
        })?;
    let account = logbog_db::accounts::find_by_username(&mut tx, username)
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
        &mut tx,
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
    event(
        &mut tx,
        user,
        Role::Secretariat,
        "access.site_granted",
        ("role_grant", grant.to_string()),
        None,
        serde_json::json!({ "person": account.person.id, "role": role, "site": site_id, "from": from, "until": until }),
        now,
    )
    .await?;
    tx.commit().await.map_err(DbError::from)?;
    Ok(())
}

/// The secretariat ends a training lead's or tutor's access to a site of its region, at once.
pub async fn end_site_role(app: &App, user: &CurrentUser, grant: GrantId) -> Result<(), AppError> {
    let regions = secretariat_regions(user);
    if regions.is_empty() {
        return Err(AppError::Forbidden);
    }
    let now = app.clock.now();
    let today = app.clock.today();
    let mut tx = app.db.begin().await?;
    let (g, region) = logbog_db::accounts::find_grant(&mut tx, grant)
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
    if !logbog_db::accounts::end_grant(&mut tx, grant, last_day, user.id(), now).await? {
        return Err(AppError::RequestDecided);
    }
    event(
        &mut tx,
        user,
        Role::Secretariat,
        "access.site_ended",
        ("role_grant", grant.to_string()),
        None,
        serde_json::json!({ "person": g.person_id, "role": g.role, "site": g.scope_id }),
        now,
    )
    .await?;
    tx.commit().await.map_err(DbError::from)?;
    Ok(())
}

/// What a training lead's or tutor's access page shows.
#[derive(Debug, Clone)]
pub struct LeadAccess {
    pub supervisions: Vec<SupervisionRow>,
    pub trainees: Vec<(PersonId, String, SiteId)>,
    pub supervisors: Vec<(PersonId, String, SiteId)>,
}

pub async fn lead_overview(app: &App, user: &CurrentUser) -> Result<LeadAccess, AppError> {
    let sites = led_sites(user);
    if sites.is_empty() {
        return Err(AppError::Forbidden);
    }
    let today = app.clock.today();
    let mut conn = app.db.conn().await?;
    Ok(LeadAccess {
        supervisions: logbog_db::programmes::supervisions_at_sites(&mut conn, &sites).await?,
        trainees: logbog_db::programmes::trainees_at_sites(&mut conn, &sites, today).await?,
        supervisors: logbog_db::programmes::supervisors_at_sites(&mut conn, &sites, today).await?,
    })
}

/// A training lead or tutor gives a supervisor of the site access to a trainee employed there.
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
    let sites = led_sites(user);
    if sites.is_empty() {
        return Err(AppError::Forbidden);
    }
    check_period(from, until)?;
    if trainee == supervisor {
        return Err(AppError::Invalid {
            field: "supervisor",
            problem: Problem::CannotSuperviseSelf,
        });
    }
    let today = app.clock.today();
    let now = app.clock.now();
    let mut tx = app.db.begin().await?;
    let trainees = logbog_db::programmes::trainees_at_sites(&mut tx, &sites, today).await?;
    let (_, _, site) = trainees
        .iter()
        .find(|(t, _, _)| *t == trainee)
        .ok_or(AppError::Invalid {
            field: "trainee",
            problem: Problem::NotEmployedAtYourSite,
        })?;
    let supervisors = logbog_db::programmes::supervisors_at_sites(&mut tx, &[site.to_string()], today).await?;
    if !supervisors.iter().any(|(p, _, _)| *p == supervisor) {
        return Err(AppError::Invalid {
            field: "supervisor",
            problem: Problem::NotASupervisorOfTheSite,
        });
    }
    let role = user
        .grants
        .iter()
        .find(|g| g.scope_id.as_deref() == Some(&site.to_string()))
        .map(|g| g.role)
        .unwrap_or(Role::TrainingLead);
    let id = logbog_db::programmes::insert_supervision(
        &mut tx,
        &NewSupervision {
            supervisor_id: supervisor,
            trainee_id: trainee,
            site_id: *site,
            kind,
            valid_from: from,
            valid_until: until,
            granted_by: user.id(),
        },
        now,
    )
    .await?;
    event(
        &mut tx,
        user,
        role,
        "access.supervision_granted",
        ("supervision", id.to_string()),
        Some(trainee),
        serde_json::json!({ "supervisor": supervisor, "kind": kind, "site": site, "from": from, "until": until }),
        now,
    )
    .await?;
    tx.commit().await.map_err(DbError::from)?;
    Ok(())
}

/// A training lead or tutor of the site ends a supervisor's access at once.
pub async fn end_supervision(app: &App, user: &CurrentUser, supervision: SupervisionId) -> Result<(), AppError> {
    let sites = led_sites(user);
    let today = app.clock.today();
    let now = app.clock.now();
    let mut tx = app.db.begin().await?;
    let (site, trainee) = logbog_db::programmes::supervision_site(&mut tx, supervision)
        .await?
        .ok_or(AppError::NotFound("supervision"))?;
    let Some(role) = user
        .grants
        .iter()
        .find(|g| sites.contains(&site.to_string()) && g.scope_id.as_deref() == Some(&site.to_string()))
        .map(|g| g.role)
    else {
        return Err(AppError::NotFound("supervision"));
    };
    let last_day = today.pred_opt().unwrap_or(today);
    if !logbog_db::programmes::end_supervision(&mut tx, supervision, last_day, user.id(), now).await? {
        return Err(AppError::RequestDecided);
    }
    event(
        &mut tx,
        user,
        role,
        "access.supervision_ended",
        ("supervision", supervision.to_string()),
        Some(trainee),
        serde_json::json!({ "last_day": last_day }),
        now,
    )
    .await?;
    tx.commit().await.map_err(DbError::from)?;
    Ok(())
}
