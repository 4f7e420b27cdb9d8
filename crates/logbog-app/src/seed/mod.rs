//! `logbog seed`: a national-scale dataset on top of the demo data (about 10,000 trainees,
//! 3,000 supervisors, 754 sites, 71 curricula, a million requests and approvals, a million
//! notifications and five million audit events at `--scale 1`), with heavy workloads for the
//! demo accounts. Deterministic from a fixed seed, written in month-sized chunks through
//! `logbog_db::bulk`, so an interrupted run resumes where it stopped and a finished one is left
//! as it is.
//!
//! `curricula` and `world` (sites and staff) are stored first, in one transaction; `history`
//! draws each trainee's history; `emit` turns a month of all histories into rows and audit events.

mod curricula;
mod emit;
mod history;
mod names;
#[cfg(test)]
mod tests;
mod world;

use crate::{App, AppError, demo, password, reference_data};
use chrono::{DateTime, Datelike, NaiveDate, Utc};
use chrono_tz::Europe::Copenhagen;
use emit::{Month, Period};
use history::{Ctx, Place, Trainee};
use logbog_db::bulk::{self, AccountRow, GrantRow, PersonRow};
use logbog_db::{Conn, DbError, meta};
use logbog_domain::dates::{add_months, sub_months};
use logbog_domain::{AccountId, GrantId, Role};
use std::str::FromStr;

/// The fixed seed of the random generator: the same dataset every time.
const SEED: u64 = 0x1060_B0C5_EED5_2026;

const SCALE_KEY: &str = "seed.scale";
const STARTED_KEY: &str = "seed.started_at";
const WORLD_KEY: &str = "seed.world";
const MONTHS_KEY: &str = "seed.months_done";
const DONE_KEY: &str = "seed.done_at";

/// How much data `logbog seed` builds.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Scale {
    /// Only the demo data.
    Demo,
    /// This fraction of the national size (1 = national).
    Fraction(f64),
}

impl FromStr for Scale {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.trim() {
            "national" => Ok(Scale::Fraction(1.0)),
            "demo" => Ok(Scale::Demo),
            other => match other.parse::<f64>() {
                Ok(f) if f > 0.0 && f <= 1.0 => Ok(Scale::Fraction(f)),
                _ => Err(format!(
                    "scale {other:?}: use national, demo or a fraction of the national size above 0 and at most 1 (e.g. 0.01)"
                )),
            },
        }
    }
}

/// Reports progress: (phase, done, total).
pub type OnProgress<'a> = dyn FnMut(&str, u64, u64) + Send + 'a;

/// What [`seed`] did.
#[derive(Debug, Clone, PartialEq)]
pub enum SeedOutcome {
    /// Only the demo data was asked for; `seeded` is false when it was there already.
    DemoOnly { seeded: bool },
    /// The dataset was built (or finished, after an interrupted run).
    Built,
    /// The database held the dataset at this scale already; nothing was changed.
    AlreadyThere,
    /// Stopped after the number of chunks asked for (tests of resuming).
    Stopped,
}

/// The counts of a national dataset scaled by a fraction.
#[derive(Debug, Clone)]
pub(super) struct Plan {
    pub(super) scale: f64,
    pub(super) trainees: usize,
    pub(super) supervisors: usize,
    pub(super) departments: usize,
    pub(super) practices: usize,
    /// Trainees at the demo's heavy sites today: cardiology (of whom vejleder.hansen
    /// supervises some), anaesthesiology, tutor.praksis's practice.
    pub(super) cardiology: usize,
    pub(super) hansen: usize,
    pub(super) anaesthesia: usize,
    pub(super) practice: usize,
    /// Staff views of laege.hu3's logbook.
    pub(super) hu3_views: u64,
    pub(super) audit_events: u64,
}

impl Plan {
    pub(super) fn new(scale: f64) -> Self {
        let s = |n: f64| (n * scale).round() as usize;
        let trainees = s(10_000.0).max(1);
        let hansen = s(40.0).max(1);
        let cardiology = s(300.0).max(hansen + 1);
        let anaesthesia = s(80.0).max(2);
        let practice = s(12.0).max(2);
        Self {
            scale,
            trainees: trainees.max(cardiology + anaesthesia + practice),
            supervisors: s(3_000.0),
            departments: s(434.0),
            practices: s(294.0),
            cardiology,
            hansen,
            anaesthesia,
            practice,
            hu3_views: s(2_000.0).max(20) as u64,
            audit_events: (5_000_000.0 * scale) as u64,
        }
    }

    fn place(&self, index: usize) -> Place {
        let (c, a, p) = (self.cardiology, self.anaesthesia, self.practice);
        match index {
            i if i < self.hansen => Place::Cardiology { hansen: true },
            i if i < c => Place::Cardiology { hansen: false },
            i if i < c + a => Place::Anaesthesia,
            i if i < c + a + p => Place::Practice,
            _ => Place::Anywhere,
        }
    }
}

/// Seed the demo data (as `logbog demo` does), then the dataset of `scale` on top. Idempotent
/// and resumable: see the module's documentation.
pub async fn seed(app: &App, scale: Scale, progress: &mut OnProgress<'_>) -> Result<SeedOutcome, AppError> {
    run(app, scale, progress, None).await
}

/// The months of history: ten years back, this month included.
const HISTORY_MONTHS: u32 = 120;

fn refuse(stored: &str, asked: f64) -> AppError {
    AppError::Conflict(format!(
        "this database was seeded at scale {stored}; seeding it at scale {asked} needs a new, empty database"
    ))
}

async fn get(conn: &mut Conn, key: &str) -> Result<Option<String>, AppError> {
    Ok(meta::get(conn, key).await?)
}

/// [`seed`], stopping after `stop_after` chunks of history when given.
pub(crate) async fn run(
    app: &App,
    scale: Scale,
    progress: &mut OnProgress<'_>,
    stop_after: Option<usize>,
) -> Result<SeedOutcome, AppError> {
    let demo = demo::seed(app, &mut |step, total, _| {
        progress("demo data", step as u64, total as u64)
    })
    .await?;
    let fraction = match scale {
        Scale::Demo => return Ok(SeedOutcome::DemoOnly { seeded: demo.seeded }),
        Scale::Fraction(f) => f,
    };
    let mut conn = app.db.conn().await?;
    if let Some(stored) = get(&mut conn, SCALE_KEY).await? {
        if stored.parse::<f64>().ok() != Some(fraction) {
            return Err(refuse(&stored, fraction));
        }
        if get(&mut conn, DONE_KEY).await?.is_some() {
            return Ok(SeedOutcome::AlreadyThere);
        }
    }
    let started: DateTime<Utc> = match get(&mut conn, STARTED_KEY).await? {
        Some(s) => logbog_db::instant_from_sql(&s)?,
        None => app.clock.now(),
    };
    let world_done = get(&mut conn, WORLD_KEY).await?.is_some();
    let months_done: usize = get(&mut conn, MONTHS_KEY)
        .await?
        .and_then(|s| s.parse().ok())
        .unwrap_or(0);
    drop(conn);

    let plan = Plan::new(fraction);
    let today = started.with_timezone(&Copenhagen).date_naive();
    let this_month = today.with_day0(0).unwrap_or(today);
    let since = sub_months(this_month, HISTORY_MONTHS);
    let specs = curricula::specs()?;
    progress("planning", 0, 1);

    let mut tx = app.db.begin().await?;
    let refs = reference_data::ensure_reference_ids(&mut tx, today).await?;
    let hash = if world_done {
        String::new()
    } else {
        curricula::insert(&mut tx, SEED, &specs, since).await?;
        password::hash(demo::DEMO_PASSWORD).map_err(AppError::Internal)?
    };
    let loaded = curricula::load(&mut tx, &specs).await?;
    let mut world = world::build(&mut tx, &plan, &refs, SEED, started, since, &hash).await?;
    let ctx = Ctx {
        world: &world,
        curricula: &loaded,
        seed: SEED,
        today,
        now: started,
        since,
    };
    let mut cprs = names::CprBook::new(world.demo_cprs.clone());
    let mut trainees: Vec<Trainee> = Vec::with_capacity(plan.trainees);
    for i in 0..plan.trainees {
        let number = world.people + 1 + i as u32;
        trainees.push(history::trainee(&ctx, &mut cprs, i as u32, number, plan.place(i))?);
    }
    for t in &trainees {
        world.names.insert(t.id, t.name());
    }
    let mut periods = emit::periods(&world, &trainees, today);
    let fixed = heavy_trainee_periods(&mut tx, &world, &plan, today).await?;
    if !world_done {
        store_world(&mut tx, &world, &trainees, &hash, started).await?;
        meta::set(&mut tx, SCALE_KEY, &fraction.to_string()).await?;
        meta::set(&mut tx, STARTED_KEY, &logbog_db::instant_to_sql(started)).await?;
        meta::set(&mut tx, WORLD_KEY, "stored").await?;
        meta::set(&mut tx, MONTHS_KEY, "0").await?;
    }
    tx.commit().await.map_err(DbError::from)?;
    periods.extend(fixed);

    let months = HISTORY_MONTHS as usize + 1;
    let records = emit::records(&world, &trainees, since, months);
    let non_views: u64 = records.iter().flatten().map(|r| events_of(r, &trainees)).sum();
    let fixed_views: u64 = periods.iter().filter_map(|p| p.fixed).sum();
    let wanted = plan.audit_events.saturating_sub(non_views + fixed_views);
    let rate = wanted as f64 / emit::weighted_days(&periods).max(1.0);
    let mut per_month = vec![0u64; months];
    for (m, count) in per_month.iter_mut().enumerate() {
        let (first, next) = (add_months(since, m as u32), add_months(since, m as u32 + 1));
        let views: u64 = (0..periods.len())
            .map(|i| emit::views_in(SEED, i, &periods[i], rate, m, first, next).0)
            .sum();
        *count = views + records[m].iter().map(|r| events_of(r, &trainees)).sum::<u64>();
    }
    let total: u64 = per_month.iter().sum();
    let mut done: u64 = per_month[..months_done.min(months)].iter().sum();
    progress("history (audit events)", done, total);
    for (chunks, (m, recs)) in records.iter().enumerate().skip(months_done).enumerate() {
        if stop_after.is_some_and(|k| chunks >= k) {
            return Ok(SeedOutcome::Stopped);
        }
        let month = Month {
            seed: SEED,
            index: m,
            first: add_months(since, m as u32),
            next: add_months(since, m as u32 + 1),
            now: started,
            world: &world,
            curricula: &loaded,
            trainees: &trainees,
            since,
        };
        let batch = month.batch(recs, &periods, rate);
        let mut tx = app.db.begin().await?;
        bulk::tune_connection(app.db.backend(), &mut tx).await?;
        bulk::insert_programmes(&mut tx, &batch.programmes).await?;
        bulk::insert_employments(&mut tx, &batch.employments).await?;
        bulk::insert_supervisions(&mut tx, &batch.supervisions).await?;
        bulk::insert_requests(&mut tx, &batch.requests).await?;
        bulk::insert_approvals(&mut tx, &batch.approvals).await?;
        bulk::insert_notifications(&mut tx, &batch.notifications).await?;
        bulk::append_events(&mut tx, &batch.events).await?;
        meta::set(&mut tx, MONTHS_KEY, &(m + 1).to_string()).await?;
        tx.commit().await.map_err(DbError::from)?;
        done += batch.events.len() as u64;
        progress("history (audit events)", done, total);
    }
    progress("ANALYZE", 0, 1);
    bulk::analyze(&app.db).await?;
    let mut conn = app.db.conn().await?;
    meta::set(&mut conn, DONE_KEY, &logbog_db::instant_to_sql(app.clock.now())).await?;
    progress("ANALYZE", 1, 1);
    Ok(SeedOutcome::Built)
}

/// How many audit events a record makes.
fn events_of(rec: &emit::Rec, trainees: &[Trainee]) -> u64 {
    match rec {
        emit::Rec::Programme(t, p) => 1 + trainees[*t as usize].progs[*p as usize].emps.len() as u64,
        _ => 1,
    }
}

/// The people, accounts, role grants and sites of the world and the trainees.
async fn store_world(
    conn: &mut Conn,
    world: &world::World,
    trainees: &[Trainee],
    hash: &str,
    now: DateTime<Utc>,
) -> Result<(), AppError> {
    let mut people = world.rows.people.clone();
    let mut accounts = world.rows.accounts.clone();
    let mut grants = world.rows.grants.clone();
    let mut r = names::rng(SEED, 2);
    for t in trainees {
        people.push(PersonRow {
            id: t.id,
            given_name: t.given.into(),
            family_name: t.family.into(),
            cpr: Some(t.cpr.clone()),
            authorisation_id: Some(demo::authorisation_id(100_000 + t.number)),
            email: Some(names::email(t.given, t.family, t.number)),
            created_at: now,
        });
        accounts.push(AccountRow {
            id: AccountId(names::uuid_at(&mut r, now)),
            person_id: t.id,
            username: names::username(t.given, t.family, t.number),
            password_hash: hash.to_owned(),
            created_at: now,
        });
        if let Some(first) = t.progs.first() {
            grants.push(GrantRow {
                id: GrantId(names::uuid_at(&mut r, first.created)),
                person_id: t.id,
                role: Role::Trainee,
                scope_id: None,
                valid_from: first.start,
                valid_until: None,
                granted_by: world.secretariats.get(&first.region).copied(),
                granted_at: first.created,
            });
        }
    }
    bulk::insert_sites(conn, &world.rows.sites).await?;
    bulk::insert_people(conn, &people).await?;
    bulk::insert_accounts(conn, &accounts).await?;
    bulk::insert_grants(conn, &grants).await?;
    Ok(())
}

/// The staff views of laege.hu3's logbook: by whoever approves for them during each of their
/// employments (read from the demo's data, as the use cases see it) and by their region's
/// secretariat, `plan.hu3_views` in all.
async fn heavy_trainee_periods(
    conn: &mut Conn,
    world: &world::World,
    plan: &Plan,
    today: NaiveDate,
) -> Result<Vec<Period>, AppError> {
    let hu3 = world.heavy.hu3;
    let mut raw: Vec<(logbog_domain::PersonId, Role, NaiveDate, NaiveDate)> = Vec::new();
    for e in logbog_db::employments::employments_of_trainee(conn, hu3).await? {
        if e.start_date > today {
            continue;
        }
        let end = e.end_date.min(today);
        // The middle of the employment, where its supervision and lead surely hold.
        let span = (end - e.start_date).num_days();
        let (from, to) = (
            e.start_date + chrono::Days::new((span / 5).max(0) as u64),
            e.start_date + chrono::Days::new((span * 4 / 5).max(0) as u64),
        );
        let mid = from + chrono::Days::new(((to - from).num_days() / 2).max(0) as u64);
        for a in logbog_db::requests::current_approvers(conn, hu3, mid).await? {
            raw.push((a.person_id, a.role, from, to));
        }
    }
    // The region's secretariat, over the last two years of the first programme's region.
    if let Some(first) = logbog_db::programmes::programmes_of(conn, hu3).await?.first()
        && let Some(sec) = world.secretariats.get(&first.region)
    {
        raw.push((
            *sec,
            Role::Secretariat,
            first.start_date.max(today - chrono::Days::new(730)),
            today,
        ));
    }
    let days: i64 = raw.iter().map(|(_, _, f, t)| (*t - *f).num_days() + 1).sum();
    let mut left = plan.hu3_views;
    let n = raw.len();
    Ok(raw
        .into_iter()
        .enumerate()
        .map(|(i, (viewer, role, from, to))| {
            let share = if i + 1 == n {
                left
            } else {
                (plan.hu3_views as f64 * ((to - from).num_days() + 1) as f64 / days.max(1) as f64) as u64
            };
            left = left.saturating_sub(share);
            Period {
                trainee: hu3,
                viewer,
                role,
                from,
                to,
                weight: 0.0,
                fixed: Some(share),
            }
        })
        .collect())
}

/// Row counts of the tables the seed fills.
pub async fn counts(app: &App) -> Result<Vec<(&'static str, i64)>, AppError> {
    let mut conn = app.db.conn().await?;
    Ok(bulk::table_counts(&mut conn).await?)
}
