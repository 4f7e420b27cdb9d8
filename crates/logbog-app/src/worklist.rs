//! What waits for an approver: the work list, one page at a time, and the count in the
//! navigation of every page.
//!
//! Whether an approver may still decide a request depends on the request's facts (the relation
//! in force, the item), read for every pending request of the approver in one query (240 for the
//! training lead of a large department) and decided by `policy::may_decide`. The work list needs
//! that for the count and the order; what it shows of the items is then read for one page only.
//! The navigation's count reuses an earlier count while nothing it depends on has changed: the
//! same day, the same roles of the user, the same pending requests (their number and earliest
//! and latest request time, read from the approver index alone), no change of access made in
//! this process, and no older than [`REUSE_FOR`], which bounds what a change of access made by
//! another server process can leave stale.

use crate::paging::{Page, PageRequest};
use crate::people::CurrentUser;
use crate::{App, AppError, policy};
use chrono::NaiveDate;
use logbog_db::requests::{self, PendingFingerprint, PendingRequest};
use logbog_db::work_items::{self, WorkItem};
use logbog_domain::{PersonId, Role};
use std::collections::HashMap;
use std::sync::Mutex;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

/// The longest a count is reused without being counted again.
pub const REUSE_FOR: Duration = Duration::from_secs(30);

/// Counts kept at most; beyond it, those too old to reuse are dropped first.
const KEPT: usize = 20_000;

/// The counts of waiting requests last counted per approver.
#[derive(Debug, Default)]
pub struct WaitingCounts {
    /// Bumped by every change of access (grants, supervisions) made in this process.
    access_changes: AtomicU64,
    counted: Mutex<HashMap<PersonId, Counted>>,
}

#[derive(Debug, Clone)]
struct Counted {
    key: CountKey,
    at: Instant,
    count: i64,
}

/// Everything a count depends on besides the facts of the requests themselves.
#[derive(Debug, Clone, PartialEq, Eq)]
struct CountKey {
    today: NaiveDate,
    roles: Vec<Role>,
    pending: PendingFingerprint,
    access_changes: u64,
}

impl WaitingCounts {
    /// A grant or supervision was made or ended: counts of this process are counted again.
    pub fn access_changed(&self) {
        self.access_changes.fetch_add(1, Ordering::Relaxed);
    }

    fn reusable(&self, approver: PersonId, key: &CountKey) -> Option<i64> {
        let counted = self.counted.lock().ok()?;
        let c = counted.get(&approver)?;
        (c.key == *key && c.at.elapsed() < REUSE_FOR).then_some(c.count)
    }

    fn remember(&self, approver: PersonId, key: CountKey, count: i64) {
        let Ok(mut counted) = self.counted.lock() else {
            return;
        };
        if counted.len() >= KEPT {
            counted.retain(|_, c| c.at.elapsed() < REUSE_FOR);
            if counted.len() >= KEPT {
                counted.clear();
            }
        }
        counted.insert(
            approver,
            Counted {
                key,
                at: Instant::now(),
                count,
            },
        );
    }
}

async fn count_key(
    app: &App,
    conn: &mut logbog_db::Conn,
    user: &CurrentUser,
    today: NaiveDate,
) -> Result<CountKey, AppError> {
    Ok(CountKey {
        today,
        roles: user.roles(),
        pending: requests::pending_fingerprint(conn, user.id()).await?,
        access_changes: app.waiting.access_changes.load(Ordering::Relaxed),
    })
}

/// The requests waiting for the user that they may decide today, oldest first, with what the
/// work list shows of those `chosen` from them (all, or one page), the count of all, and the key
/// they were counted under. One read transaction: the facts of all, the details of the chosen.
async fn decidable<T>(
    app: &App,
    user: &CurrentUser,
    chosen: impl FnOnce(Vec<PendingRequest>) -> (Vec<PendingRequest>, T),
) -> Result<(Vec<WorkItem>, T, CountKey, i64), AppError> {
    let today = app.clock.today();
    let mut tx = app.db.read().await?;
    let key = count_key(app, &mut tx, user, today).await?;
    let mut pending = requests::pending_facts_addressed_to(&mut tx, user.id(), today).await?;
    pending.retain(|r| policy::may_decide(user, r, today));
    let count = pending.len() as i64;
    let (pending, rest) = chosen(pending);
    let ids: Vec<_> = pending.iter().map(|r| r.id).collect();
    let mut details = work_items::work_details(&mut tx, &ids).await?;
    let competencies: Vec<_> = pending
        .iter()
        .filter_map(|r| match r.item {
            logbog_domain::ItemRef::Competency(c) => Some((r.trainee_id, c)),
            _ => None,
        })
        .collect();
    let mut cards = logbog_db::documents::current_cards_of(&mut tx, &competencies).await?;
    let card_ids: Vec<_> = cards.values().map(|(id, _)| *id).collect();
    let mut confirmations = logbog_db::card_confirmations::of_documents(&mut tx, &card_ids).await?;
    drop(tx);
    let items = pending
        .into_iter()
        .map(|r| {
            let card = match r.item {
                logbog_domain::ItemRef::Competency(c) => cards.remove(&(r.trainee_id, c)),
                _ => None,
            };
            let mut item = details.remove(&r.id).unwrap_or_default().of(r);
            item.card_confirmation = card.as_ref().and_then(|(id, _)| confirmations.remove(id));
            item.card = card;
            item
        })
        .collect();
    Ok((items, rest, key, count))
}

/// Everything waiting for the user that they may decide today, oldest first.
pub async fn work_list(app: &App, user: &CurrentUser) -> Result<Vec<WorkItem>, AppError> {
    if !policy::is_approver(user) {
        return Err(AppError::Forbidden);
    }
    let (items, (), _, _) = decidable(app, user, |all| (all, ())).await?;
    Ok(items)
}

/// One page of [`work_list`], with the count of all that wait; what the list shows of the
/// items is read for this page only.
/// One page of the work list, or of one trainee's requests in it (`only`, where a notification
/// about the trainee leads; opening it marks those notifications read).
pub async fn work_list_page(
    app: &App,
    user: &CurrentUser,
    page: PageRequest,
    only: Option<PersonId>,
) -> Result<Page<WorkItem>, AppError> {
    if !policy::is_approver(user) {
        return Err(AppError::Forbidden);
    }
    let (items, (total, request), key, count) = decidable(app, user, |all| {
        let all: Vec<_> = all
            .into_iter()
            .filter(|r| only.is_none_or(|t| r.trainee_id == t))
            .collect();
        let p = page.slice(all);
        (p.items, (p.total, p.request))
    })
    .await?;
    app.waiting.remember(user.id(), key, count);
    if let Some(trainee) = only {
        crate::notifications::read_about(app, user, trainee, None).await?;
    }
    Ok(Page { items, total, request })
}

/// What waits for an approver from one trainee: how many requests, and since when the oldest.
#[derive(Debug, Clone, PartialEq)]
pub struct WaitingTrainee {
    pub trainee_id: PersonId,
    pub trainee_name: String,
    pub count: usize,
    pub oldest: chrono::DateTime<chrono::Utc>,
}

/// The requests waiting for the user that they may decide today, by trainee, the trainee whose
/// request has waited longest first (the home's "what waits for you"). The same facts as the
/// work list; details are read for one request per trainee.
pub async fn waiting_by_trainee(app: &App, user: &CurrentUser) -> Result<Vec<WaitingTrainee>, AppError> {
    if !policy::is_approver(user) {
        return Ok(Vec::new());
    }
    let (firsts, counts, key, count) = decidable(app, user, |all| {
        let mut counts: Vec<(PersonId, usize)> = Vec::new();
        let mut firsts = Vec::new();
        for r in all {
            match counts.iter_mut().find(|(t, _)| *t == r.trainee_id) {
                Some((_, n)) => *n += 1,
                None => {
                    counts.push((r.trainee_id, 1));
                    firsts.push(r);
                }
            }
        }
        (firsts, counts)
    })
    .await?;
    app.waiting.remember(user.id(), key, count);
    Ok(firsts
        .into_iter()
        .map(|w| WaitingTrainee {
            count: counts
                .iter()
                .find(|(t, _)| *t == w.request.trainee_id)
                .map_or(1, |(_, n)| *n),
            trainee_id: w.request.trainee_id,
            trainee_name: w.request.trainee_name,
            oldest: w.request.requested_at,
        })
        .collect())
}

/// What the user just approved of `ids` (their own approvals only, at most 50): the trainee's
/// name and the items' codes or sites, for the confirmation that names them.
pub async fn just_approved(
    app: &App,
    user: &CurrentUser,
    ids: &[logbog_domain::ApprovalRequestId],
) -> Result<Option<(String, Vec<String>)>, AppError> {
    let ids = &ids[..ids.len().min(50)];
    let mut tx = app.db.read().await?;
    let done = work_items::approved_by(&mut tx, user.id(), ids).await?;
    let Some((_, first)) = done.first() else {
        return Ok(None);
    };
    let name = first.trainee_name.clone();
    let items = done
        .iter()
        .filter(|(_, d)| d.trainee_name == name)
        .map(|(_, d)| {
            if d.code.is_empty() {
                d.title_da.clone()
            } else {
                d.code.clone()
            }
        })
        .collect();
    Ok(Some((name, items)))
}

/// The time attestations due at the sites the user leads or tutors that they may approve today,
/// though nobody asked (issue 10 point 3): oldest end first. One query, none for other roles.
pub async fn due_time_attestations(
    app: &App,
    user: &CurrentUser,
) -> Result<Vec<logbog_db::time_due::DueTime>, AppError> {
    if !(user.has_role(Role::TrainingLead) || user.has_role(Role::Tutor)) {
        return Ok(Vec::new());
    }
    let today = app.clock.today();
    let mut tx = app.db.read().await?;
    let due = logbog_db::time_due::due_for(&mut tx, user.id(), today).await?;
    Ok(due
        .into_iter()
        .filter(|d| policy::may_approve_due(user, d, today))
        .collect())
}

/// [`due_time_attestations`] for a client that asks for them (the API): refused to those who
/// approve nothing, like the work list.
pub async fn due_time_attestations_of_approver(
    app: &App,
    user: &CurrentUser,
) -> Result<Vec<logbog_db::time_due::DueTime>, AppError> {
    if !policy::is_approver(user) {
        return Err(AppError::Forbidden);
    }
    due_time_attestations(app, user).await
}

/// How much waits for the user: the requests of [`work_list`] and the time attestations due at
/// their sites (0 for roles that approve nothing). The requests are counted again only when
/// something they depend on has changed (see the module); the due time attestations each time.
pub async fn waiting_count(app: &App, user: &CurrentUser) -> Result<i64, AppError> {
    let due = due_time_attestations(app, user).await?.len() as i64;
    Ok(waiting_requests(app, user).await? + due)
}

async fn waiting_requests(app: &App, user: &CurrentUser) -> Result<i64, AppError> {
    if !policy::is_approver(user) {
        return Ok(0);
    }
    let today = app.clock.today();
    let mut conn = app.db.conn().await?;
    let key = count_key(app, &mut conn, user, today).await?;
    if let Some(count) = app.waiting.reusable(user.id(), &key) {
        return Ok(count);
    }
    let pending = requests::pending_facts_addressed_to(&mut conn, user.id(), today).await?;
    drop(conn);
    let count = pending.iter().filter(|r| policy::may_decide(user, r, today)).count() as i64;
    app.waiting.remember(user.id(), key, count);
    Ok(count)
}
