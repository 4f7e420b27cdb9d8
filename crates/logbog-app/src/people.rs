//! Who the current user is: their person, their roles in force today, and where they land.

use crate::{App, AppError};
use chrono::NaiveDate;
use logbog_db::Conn;
use logbog_db::accounts::{Grant, Person};
use logbog_domain::access::{TraineeAccessDenied, trainee_access};
use logbog_domain::{AccountId, PersonId, PostgraduateRegion, Role, SiteId};

/// The logged-in user as the use cases see them.
#[derive(Debug, Clone)]
pub struct CurrentUser {
    pub account_id: AccountId,
    pub username: String,
    pub person: Person,
    /// Grants in force today (a trainee grant only while the access window is open).
    pub grants: Vec<Grant>,
    pub locale: String,
}

/// The page a role starts on after login.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Landing {
    /// The trainee's own logbook.
    Logbook,
    /// The staff home page with the user's roles and trainees.
    Home,
}

impl CurrentUser {
    pub fn id(&self) -> PersonId {
        self.person.id
    }

    pub fn has_role(&self, role: Role) -> bool {
        self.grants.iter().any(|g| g.role == role)
    }

    /// Distinct roles in force, in the order of `Role::ALL`.
    pub fn roles(&self) -> Vec<Role> {
        Role::ALL.iter().copied().filter(|r| self.has_role(*r)).collect()
    }

    /// The regions whose secretariat the user is part of today: the one place a secretariat
    /// grant's scope is read.
    pub fn secretariat_regions(&self) -> Vec<PostgraduateRegion> {
        let mut out: Vec<PostgraduateRegion> = self
            .grants
            .iter()
            .filter(|g| g.role == Role::Secretariat)
            .filter_map(|g| g.scope_id.as_deref()?.parse().ok())
            .collect();
        out.dedup();
        out
    }

    /// The specialties whose course leader the user is today.
    pub fn led_specialties(&self) -> Vec<logbog_domain::SpecialtyId> {
        self.grants
            .iter()
            .filter(|g| g.role == Role::CourseLeader)
            .filter_map(|g| g.scope_id.as_deref()?.parse().ok())
            .collect()
    }

    /// The sites the user leads (training lead) or tutors (tutor) today, with the role.
    pub fn led_sites(&self) -> Vec<(SiteId, Role)> {
        self.grants
            .iter()
            .filter(|g| matches!(g.role, Role::TrainingLead | Role::Tutor))
            .filter_map(|g| Some((g.scope_id.as_deref()?.parse().ok()?, g.role)))
            .collect()
    }

    /// The role in which the user leads or tutors `site` today, if any.
    pub fn role_at_site(&self, site: SiteId) -> Option<Role> {
        self.led_sites().into_iter().find(|(s, _)| *s == site).map(|(_, r)| r)
    }

    /// Trainees start in their logbook; everyone holding a staff role starts at home.
    pub fn landing(&self) -> Landing {
        if self.roles() == [Role::Trainee] {
            Landing::Logbook
        } else {
            Landing::Home
        }
    }
}

/// Load the user behind an account with the grants in force today. A trainee grant outside the
/// access window is dropped; if nothing remains the error says why.
pub async fn load_current_user(app: &App, account_id: AccountId) -> Result<CurrentUser, AppError> {
    let mut conn = app.db.conn().await?;
    load_current_user_in(&mut conn, account_id, app.clock.today()).await
}

/// [`load_current_user`] through `conn` (e.g. inside the caller's transaction), with the grants
/// in force on `today`.
pub(crate) async fn load_current_user_in(
    conn: &mut Conn,
    account_id: AccountId,
    today: NaiveDate,
) -> Result<CurrentUser, AppError> {
    let account = logbog_db::accounts::find_by_id(conn, account_id)
        .await?
        .ok_or(AppError::Unauthenticated)?;
    current_user_of(conn, account, today).await
}

/// The user of an account already read, with the grants in force on `today`.
pub(crate) async fn current_user_of(
    conn: &mut Conn,
    account: logbog_db::accounts::Account,
    today: NaiveDate,
) -> Result<CurrentUser, AppError> {
    if account.disabled {
        return Err(AppError::AccountDisabled);
    }
    // A trainee's login is governed by the access window (DOMAIN §7), not by the grant's dates;
    // every other role by its grant's period.
    let (trainee_grants, other): (Vec<Grant>, Vec<Grant>) = logbog_db::accounts::grants_of(conn, account.person.id)
        .await?
        .into_iter()
        .partition(|g| g.role == Role::Trainee);
    let mut grants: Vec<Grant> = other.into_iter().filter(|g| g.is_current(today)).collect();
    let mut trainee_denied: Option<TraineeAccessDenied> = None;
    if let Some(mut g) = trainee_grants.into_iter().find(|g| g.ended_at.is_none()) {
        let (first, recognised) = logbog_db::programmes::access_facts(conn, account.person.id).await?;
        match trainee_access(first, recognised, today) {
            Ok(window) => {
                g.valid_from = window.first_day;
                g.valid_until = window.last_day;
                grants.insert(0, g);
            }
            Err(denied) => trainee_denied = Some(denied),
        }
    }
    if grants.is_empty() {
        return Err(match trainee_denied {
            Some(denied) => AppError::TraineeAccess(denied),
            None => AppError::NoRole,
        });
    }
    Ok(CurrentUser {
        account_id: account.id,
        username: account.username,
        person: account.person,
        grants,
        locale: account.locale,
    })
}

/// Remember the user's language.
pub async fn set_locale(app: &App, account_id: AccountId, locale: &str) -> Result<(), AppError> {
    if !matches!(locale, "da" | "en") {
        return Err(AppError::Invalid {
            field: "lang",
            problem: crate::Problem::Language,
        });
    }
    let mut conn = app.db.conn().await?;
    logbog_db::accounts::set_locale(&mut conn, account_id, locale).await?;
    Ok(())
}

/// A region's secretariat details and how many trainees have a programme there.
pub async fn region_overview(
    app: &App,
    region: logbog_domain::PostgraduateRegion,
) -> Result<(Option<logbog_db::reference::Region>, i64), AppError> {
    let mut conn = app.db.conn().await?;
    let info = logbog_db::reference::find_region(&mut conn, region).await?;
    let count = logbog_db::regions::count_trainees_in_region(&mut conn, region).await?;
    Ok((info, count))
}

/// Trainees of the secretariat's regions whose name contains `query`, for finding a logbook:
/// one page, by name, with the count of all that match.
pub async fn region_trainees(
    app: &App,
    user: &CurrentUser,
    query: &str,
    page: crate::paging::PageRequest,
) -> Result<crate::paging::Page<(PersonId, String)>, AppError> {
    let regions = user.secretariat_regions();
    if regions.is_empty() {
        return Err(AppError::Forbidden);
    }
    let mut tx = app.db.read().await?;
    // A search counts what matches in the same walk as its page; only a page past the end
    // counts again, to show the last page instead.
    if !query.trim().is_empty() {
        let (items, total) =
            logbog_db::regions::search_trainees_in_regions(&mut tx, &regions, query, page.limit(), page.offset())
                .await?;
        if let Some(total) = total {
            return Ok(crate::paging::Page {
                items,
                total,
                request: page.within(total),
            });
        }
    }
    let total = logbog_db::regions::count_trainees_in_regions(&mut tx, &regions, query).await?;
    let request = page.within(total);
    let items =
        logbog_db::regions::trainees_in_regions(&mut tx, &regions, query, request.limit(), request.offset()).await?;
    Ok(crate::paging::Page { items, total, request })
}
