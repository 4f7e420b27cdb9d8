//! Demo data: curricula, training sites, staff and trainees at every stage of training, with
//! approvals, seeded once in one transaction with every date relative to today.
//!
//! `seed` builds it through a `Seeder`: `accounts` and `sites` (who works where), `curricula`
//! (the embedded JSON), `history` (the steps a trainee's history is made of) and one module per
//! kind of trainee (`kbu`, `intro`, `main_training`, `recognised`).

mod accounts;
mod colleagues;
mod curricula;
#[cfg(test)]
mod db_tests;
mod documents;
mod history;
mod intro;
mod kbu;
mod main_training;
mod notes;
mod overview;
mod paper;
mod recognised;
mod sites;
mod specialty_files;
#[cfg(test)]
mod tests;
#[cfg(test)]
mod work_tests;

use crate::people::{CurrentUser, load_current_user_in};
use crate::reference_data::{self, ReferenceIds};
use crate::{App, AppError, At};
use chrono::{DateTime, Datelike, NaiveDate, NaiveTime, Utc};
use chrono_tz::Europe::Copenhagen;
use logbog_db::{Conn, DbError, meta};
use logbog_domain::dates::{add_months, sub_months};
use logbog_domain::{AccountId, PersonId, PostgraduateRegion, Role, SpecialtyId};
use serde::Serialize;
use std::collections::HashMap;

use accounts::ACCOUNTS;
pub(crate) use accounts::authorisation_id;
pub use accounts::demo_accounts;
pub(crate) use curricula::demo_curricula;
use curricula::{Comp, LoadedCurriculum, LoadedPhase};
use sites::{S, SiteInfo};

/// Reports seeding progress: (step, total steps, what is being done).
pub type Progress<'a> = dyn FnMut(usize, usize, &str) + Send + 'a;

/// The password of every demo account.
pub const DEMO_PASSWORD: &str = "logbog-demo";

/// The `app_meta` key that records the day the demo data was seeded.
const SEEDED_KEY: &str = "demo_seeded_on";

/// A demo account as shown on the login page of a demo installation.
#[derive(Debug, Clone, Serialize)]
pub struct DemoAccount {
    pub username: String,
    pub password: String,
    pub roles: Vec<Role>,
    pub note: String,
}

/// The outcome of [`seed`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SeedReport {
    /// False when the database already held the demo data and nothing was changed.
    pub seeded: bool,
}

// Seeding -----------------------------------------------------------------------------------------

/// The steps reported to `progress`, in order.
const STEPS: &[&str] = &[
    "reference data",
    "curricula",
    "people and accounts",
    "role grants",
    "training sites and their staff",
    "laege.kbu",
    "laege.intro",
    "laege.hu1",
    "laege.hu3",
    "laege.hu5",
    "laege.anerkendt",
    "laege.udloebet",
    "laege.ny",
    "colleagues on the departments' rolls",
    "filled competency cards",
    "notes",
    "overviews of medical employment",
    "paper time attestations",
    "specialty files",
    "checking the accounts",
    "saving",
];

/// A plausible, invented, deterministic date on which a specialty joined the electronic logbook: the first
/// of a month between 2012-01-01 and 2016-12-01, chosen by a hash of the code.
fn demo_joined_logbook_on(code: &str) -> NaiveDate {
    // FNV-1a: stable across builds and platforms, unlike the standard library's hasher.
    let hash = code.bytes().fold(0xcbf2_9ce4_8422_2325_u64, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
    });
    let start = NaiveDate::from_ymd_opt(2012, 1, 1).unwrap_or(NaiveDate::MIN);
    add_months(start, (hash % 60) as u32)
}

/// Seed the demo data unless it is there already. Everything happens in one transaction, so a
/// failure leaves the database as it was. Reference data, curricula, people, accounts, sites and
/// the role grants no use case gives are written directly; everything a person does in the
/// trainees' histories (programmes and employments registered by the secretariat, site roles
/// and supervisions given, competencies reported and approved, time attested, approvals reset)
/// goes through the use cases, as that person, in their role, on the day it happened, so the
/// audit trail holds what real use would have written and nothing else. `progress(step, total, label)` is called before each
/// step, `step` counting from 1.
pub async fn seed(app: &App, progress: &mut Progress<'_>) -> Result<SeedReport, AppError> {
    let today = app.clock.today();
    let now = app.clock.now();
    // One hash for every account: argon2 is deliberately slow.
    let password_hash = crate::password::hash(DEMO_PASSWORD).map_err(AppError::Internal)?;

    let mut tx = app.db.begin().await?;
    if meta::get(&mut tx, SEEDED_KEY).await?.is_some() {
        tx.rollback().await.map_err(DbError::from)?;
        return Ok(SeedReport { seeded: false });
    }
    let mut step = 0;
    let mut next = |label: &str| {
        step += 1;
        progress(step, STEPS.len(), label);
    };

    next(STEPS[0]);
    let refs = reference_data::ensure_reference_ids(&mut tx, today).await?;
    // The demo's secretariats get invented contact details (a real installation enters its own),
    // and its specialties invented dates of joining the electronic logbook, years back.
    for region in reference_data::demo_regions() {
        logbog_db::reference::upsert_region(&mut tx, &region).await?;
    }
    for code in reference_data::specialty_codes()? {
        logbog_db::reference::set_joined_logbook_on(&mut tx, &code, demo_joined_logbook_on(&code).min(today)).await?;
    }
    let mut s = Seeder {
        conn: &mut tx,
        today,
        now,
        password_hash,
        refs,
        curricula: HashMap::new(),
        sites: HashMap::new(),
        people: HashMap::new(),
        accounts: HashMap::new(),
        doctors: 0,
        agreements: 0,
        files: app.files.clone(),
        quota: app.config.documents_quota,
    };
    next(STEPS[1]);
    s.curricula().await?;
    next(STEPS[2]);
    s.accounts().await?;
    next(STEPS[3]);
    s.account_grants().await?;
    next(STEPS[4]);
    s.sites().await?;
    next(STEPS[5]);
    s.laege_kbu().await?;
    next(STEPS[6]);
    s.laege_intro().await?;
    next(STEPS[7]);
    s.laege_hu1().await?;
    next(STEPS[8]);
    s.laege_hu3().await?;
    next(STEPS[9]);
    s.laege_hu5().await?;
    next(STEPS[10]);
    s.laege_anerkendt().await?;
    next(STEPS[11]);
    s.laege_udloebet().await?;
    next(STEPS[12]);
    s.laege_ny().await?;
    next(STEPS[13]);
    s.colleagues().await?;
    next(STEPS[14]);
    for trainee in ["laege.hu1", "laege.hu3", "laege.hu5"] {
        s.cards_of_pending(trainee).await?;
    }
    next(STEPS[15]);
    for trainee in ["laege.hu1", "laege.hu3", "laege.hu5"] {
        s.notes_of(trainee).await?;
    }
    next(STEPS[16]);
    s.overview_of("laege.hu1", true).await?;
    s.overview_of("laege.hu3", false).await?;
    next(STEPS[17]);
    s.papers_waiting(&["laege.hu5", "laege.hu1", "laege.hu3", "laege.intro", "laege.kbu"])
        .await?;
    next(STEPS[18]);
    s.specialty_files().await?;
    next(STEPS[19]);
    s.check_accounts().await?;
    next(STEPS[20]);
    // What the history told people was read and mailed when it happened; a demo that starts
    // by mailing years of approvals to its outbox would bury the new ones. What happened in the
    // last three days waits unread, each notice linking to its item.
    let recent = now - chrono::Duration::days(3);
    logbog_db::notifications::settle_before(&mut tx, recent).await?;
    let day = logbog_db::date_to_sql(today);
    meta::set(&mut tx, SEEDED_KEY, &day).await?;
    tx.commit().await.map_err(DbError::from)?;
    tracing::info!(accounts = ACCOUNTS.len(), "seeded the demo data");
    Ok(SeedReport { seeded: true })
}

struct Seeder<'c> {
    conn: &'c mut Conn,
    today: NaiveDate,
    now: DateTime<Utc>,
    password_hash: String,
    refs: ReferenceIds,
    /// By curriculum code without version (`kbu`, `kardiologi-hu` …).
    curricula: HashMap<String, LoadedCurriculum>,
    sites: HashMap<S, SiteInfo>,
    /// Demo account holders by username.
    people: HashMap<&'static str, PersonId>,
    /// The account and username of everyone who has one (the demo accounts and the sites' staff).
    accounts: HashMap<PersonId, (AccountId, String)>,
    /// Doctors created so far (numbers their authorisation ids).
    doctors: u32,
    /// Agreements issued so far (numbers their references).
    agreements: u32,
    /// Where the trainees' documents go.
    files: logbog_files::Store,
    quota: u64,
}

fn missing(what: &str, name: impl std::fmt::Debug) -> AppError {
    AppError::Internal(format!("demo data refers to an unknown {what} {name:?}"))
}

impl Seeder<'_> {
    /// The first day of the month `k` months from this one (negative: earlier).
    fn month(&self, k: i32) -> NaiveDate {
        let first = self.today.with_day(1).unwrap_or(self.today);
        if k >= 0 {
            add_months(first, k.unsigned_abs())
        } else {
            sub_months(first, k.unsigned_abs())
        }
    }

    /// The last day before month `k`, i.e. the last day of month `k - 1`.
    fn last(&self, k: i32) -> NaiveDate {
        let d = self.month(k);
        d.pred_opt().unwrap_or(d)
    }

    fn yesterday(&self) -> NaiveDate {
        self.today.pred_opt().unwrap_or(self.today)
    }

    /// The moment a use case acts at: `day`, at a Copenhagen wall-clock time, never after the
    /// seed's own now.
    fn at(&self, day: NaiveDate, hour: u32, minute: u32) -> At {
        At {
            today: day,
            now: self.instant(day, hour, minute).min(self.now),
        }
    }

    /// `person` as the use cases see them on `day`: logged in, with the grants in force then.
    async fn user(&mut self, person: PersonId, day: NaiveDate) -> Result<CurrentUser, AppError> {
        let (account, _) = self
            .accounts
            .get(&person)
            .ok_or_else(|| missing("account of", person))?;
        load_current_user_in(&mut *self.conn, *account, day).await
    }

    /// The username of someone with an account.
    fn username(&self, person: PersonId) -> Result<String, AppError> {
        self.accounts
            .get(&person)
            .map(|(_, u)| u.clone())
            .ok_or_else(|| missing("account of", person))
    }

    /// A Copenhagen wall-clock time on `day`, as an instant.
    fn instant(&self, day: NaiveDate, hour: u32, minute: u32) -> DateTime<Utc> {
        let local = day.and_time(NaiveTime::from_hms_opt(hour, minute, 0).unwrap_or_default());
        local
            .and_local_timezone(Copenhagen)
            .earliest()
            .map(|t| t.with_timezone(&Utc))
            .unwrap_or_else(|| local.and_utc())
    }

    fn specialty(&self, name_da: &str) -> Result<SpecialtyId, AppError> {
        self.refs
            .specialties
            .get(name_da)
            .copied()
            .ok_or_else(|| missing("specialty", name_da))
    }

    fn person(&self, username: &str) -> Result<PersonId, AppError> {
        self.people
            .get(username)
            .copied()
            .ok_or_else(|| missing("account", username))
    }

    fn site(&self, key: S) -> Result<SiteInfo, AppError> {
        self.sites.get(&key).cloned().ok_or_else(|| missing("site", key))
    }

    fn secretariat(&self, region: PostgraduateRegion) -> Result<PersonId, AppError> {
        self.person(match region {
            PostgraduateRegion::Nord => "sekretariat.nord",
            PostgraduateRegion::Syd => "sekretariat.syd",
            PostgraduateRegion::Oest => "sekretariat.oest",
        })
    }

    fn phase(&self, curriculum: &str, phase: &str) -> Result<&LoadedPhase, AppError> {
        self.curricula
            .get(curriculum)
            .ok_or_else(|| missing("curriculum", curriculum))?
            .phases
            .iter()
            .find(|p| p.code == phase)
            .ok_or_else(|| missing("phase", (curriculum, phase)))
    }

    fn comps(&self, curriculum: &str, phase: &str) -> Result<Vec<Comp>, AppError> {
        Ok(self.phase(curriculum, phase)?.comps.clone())
    }
}
