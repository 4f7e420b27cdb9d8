//! The overview of medical employment (oversigt over lægelig beskæftigelse, DOMAIN §8): the
//! employments of the trainee's programmes, prefilled, and those she adds herself (other
//! posts, research posts, posts abroad). No day may add up to more than full time with an
//! overlap (`logbog_domain::overview`). She marks it complete, which sending to STPS requires;
//! any later change opens it again. Every change is audited: it is what STPS receives.

use crate::audit::{self, Event};
use crate::people::CurrentUser;
use crate::{App, AppError, At, Problem, policy};
use chrono::{DateTime, NaiveDate, Utc};
use logbog_db::overview::{self as repo, MedicalEmployment, MedicalEmploymentText};
use logbog_db::{Conn, DbError};
use logbog_domain::overview::{self as rules, Extent, OtherEmploymentKind, Span};
use logbog_domain::{AuditAction, EmploymentId, MedicalEmploymentId, PersonId, Role, Subject};

/// Where an entry of the overview comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Source {
    /// An employment of one of the trainee's programmes, as the secretariat registered it.
    Programme(EmploymentId),
    /// One the trainee added, of this kind.
    Own(MedicalEmploymentId, OtherEmploymentKind),
}

/// One employment of the overview.
#[derive(Debug, Clone, PartialEq)]
pub struct Entry {
    pub source: Source,
    pub employer: String,
    pub department: String,
    pub position: String,
    pub start_date: NaiveDate,
    pub end_date: NaiveDate,
    pub extent: Extent,
}

impl Entry {
    /// "Employer, department", as an overlap names it.
    pub fn label(&self) -> String {
        if self.department.is_empty() {
            self.employer.clone()
        } else {
            format!("{}, {}", self.employer, self.department)
        }
    }

    fn span(&self) -> Span<Source> {
        Span {
            key: self.source,
            start: self.start_date,
            end: self.end_date,
            extent: self.extent,
        }
    }
}

/// A trainee's overview as one reader sees it.
#[derive(Debug, Clone)]
pub struct OverviewView {
    pub viewed_as: Role,
    pub trainee_name: String,
    /// Every employment, in time order.
    pub entries: Vec<Entry>,
    /// The revision shown: marking complete names it.
    pub revision: i64,
    /// When the trainee marked this revision complete, if she has.
    pub completed_at: Option<DateTime<Utc>>,
}

/// What the trainee writes about an employment outside her programmes.
#[derive(Debug, Clone, PartialEq)]
pub struct EmploymentInput {
    pub kind: OtherEmploymentKind,
    pub employer: String,
    pub department: String,
    pub position: String,
    pub start_date: NaiveDate,
    pub end_date: NaiveDate,
    pub extent: Extent,
}

/// The extent from what a form or body gives: exactly one of a working percent and hours per
/// week, each in its range.
pub fn extent(working_percent: Option<i64>, hours_per_week: Option<i64>) -> Result<Extent, AppError> {
    match (working_percent, hours_per_week) {
        (Some(p), None) => Extent::percent(p).map_err(|_| AppError::Invalid {
            field: "working_percent",
            problem: Problem::OutOfRange { min: 1, max: 100 },
        }),
        (None, Some(h)) => Extent::hours_per_week(h).map_err(|_| AppError::Invalid {
            field: "hours_per_week",
            problem: Problem::OutOfRange { min: 1, max: 80 },
        }),
        _ => Err(AppError::Invalid {
            field: "working_percent",
            problem: Problem::OneExtent,
        }),
    }
}

fn required<'a>(field: &'static str, value: &'a str, optional: bool) -> Result<&'a str, AppError> {
    let value = value.trim();
    if value.is_empty() && !optional {
        return Err(AppError::Invalid {
            field,
            problem: Problem::Required,
        });
    }
    match crate::text::check(field, value) {
        Some(problem) => Err(AppError::Invalid { field, problem }),
        None => Ok(value),
    }
}

/// Check an employment: employer and position given, the department optional, the period
/// from 1990 and ending no earlier than it starts and at most ten years ahead.
fn checked<'a>(input: &'a EmploymentInput, today: NaiveDate) -> Result<MedicalEmploymentText<'a>, AppError> {
    let employer = required("employer", &input.employer, false)?;
    let department = required("department", &input.department, true)?;
    let position = required("position", &input.position, false)?;
    crate::error::plausible_day("start_date", input.start_date, today)?;
    if input.end_date < input.start_date {
        return Err(AppError::Invalid {
            field: "end_date",
            problem: Problem::PeriodEndsBeforeStart,
        });
    }
    if input.end_date > today + chrono::Duration::days(3653) {
        return Err(AppError::Invalid {
            field: "end_date",
            problem: Problem::PeriodImplausible,
        });
    }
    Ok(MedicalEmploymentText {
        kind: input.kind,
        employer,
        department,
        position,
        start_date: input.start_date,
        end_date: input.end_date,
        extent: input.extent,
    })
}

/// Every employment of `trainee`'s overview, in time order.
async fn entries(conn: &mut Conn, trainee: PersonId) -> Result<Vec<Entry>, AppError> {
    let mut out: Vec<Entry> = logbog_db::employments::employments_of_trainee(conn, trainee)
        .await?
        .into_iter()
        .map(|e| Entry {
            source: Source::Programme(e.id),
            employer: e.hospital_name.clone().unwrap_or_else(|| e.site_name.clone()),
            department: if e.hospital_name.is_some() {
                e.site_name
            } else {
                String::new()
            },
            position: e.title,
            start_date: e.start_date,
            end_date: e.end_date,
            extent: Extent::Percent(e.working_percent.get()),
        })
        .collect();
    out.extend(repo::of_trainee(conn, trainee).await?.into_iter().map(|m| Entry {
        source: Source::Own(m.id, m.kind),
        employer: m.employer,
        department: m.department,
        position: m.position,
        start_date: m.start_date,
        end_date: m.end_date,
        extent: m.extent,
    }));
    out.sort_by_key(|e| (e.start_date, e.end_date));
    Ok(out)
}

/// `trainee`'s overview as `user` may see it: hers, or of a trainee whose logbook they may see
/// (the view is in the audit trail).
pub async fn overview(app: &App, user: &CurrentUser, trainee: PersonId) -> Result<OverviewView, AppError> {
    let today = app.clock.today();
    let mut tx = app.db.read().await?;
    let viewed_as = policy::authorize_view(&mut tx, user, trainee, None, today).await?;
    let trainee_name = logbog_db::accounts::find_person(&mut tx, trainee)
        .await?
        .ok_or(AppError::NotFound("trainee"))?
        .full_name();
    let entries = entries(&mut tx, trainee).await?;
    let state = repo::state(&mut tx, trainee).await?;
    drop(tx);
    policy::record_view(app, user, viewed_as, trainee, "employment_overview").await?;
    Ok(OverviewView {
        viewed_as,
        trainee_name,
        entries,
        revision: state.revision,
        completed_at: state.completed_at,
    })
}

/// One of the user's own added employments (to edit it), or not found.
pub async fn own_employment(
    app: &App,
    user: &CurrentUser,
    id: MedicalEmploymentId,
) -> Result<MedicalEmployment, AppError> {
    let mut conn = app.db.conn().await?;
    own_entry(&mut conn, user, id).await
}

async fn own_entry(
    conn: &mut Conn,
    user: &CurrentUser,
    id: MedicalEmploymentId,
) -> Result<MedicalEmployment, AppError> {
    match repo::find(conn, id).await? {
        Some(m) if m.trainee_id == user.id() && user.has_role(Role::Trainee) => Ok(m),
        _ => Err(AppError::NotFound("employment")),
    }
}

/// Lock the overview, then refuse `text` if it overlaps the others above full time. Returns
/// whether the overview was complete before.
async fn begin_checked(
    conn: &mut Conn,
    trainee: PersonId,
    text: &MedicalEmploymentText<'_>,
    replacing: Option<MedicalEmploymentId>,
) -> Result<bool, AppError> {
    let before = repo::begin_change(conn, trainee).await?;
    let all = entries(conn, trainee).await?;
    let others: Vec<Span<Source>> = all
        .iter()
        .filter(|e| !matches!(e.source, Source::Own(id, _) if Some(id) == replacing))
        .map(Entry::span)
        .collect();
    if let Err(o) = rules::check_overlap(text.start_date, text.end_date, text.extent, &others) {
        let with = o
            .with
            .iter()
            .filter_map(|k| all.iter().find(|e| e.source == *k))
            .map(|e| {
                format!(
                    "{} ({} – {})",
                    e.label(),
                    e.start_date.format("%d.%m.%Y"),
                    e.end_date.format("%d.%m.%Y")
                )
            })
            .collect();
        return Err(AppError::Invalid {
            field: "start_date",
            problem: Problem::Overlap {
                with,
                from: o.from,
                to: o.to,
                total_percent: o.total_percent,
            },
        });
    }
    Ok(before.completed_at.is_some())
}

fn details(text: &MedicalEmploymentText<'_>, reopened: bool) -> serde_json::Value {
    let mut d = serde_json::json!({
        "kind": text.kind.code(),
        "employer": text.employer,
        "department": text.department,
        "position": text.position,
        "from": text.start_date,
        "until": text.end_date,
    });
    match text.extent {
        Extent::Percent(p) => d["working_percent"] = p.into(),
        Extent::HoursPerWeek(h) => d["hours_per_week"] = h.into(),
    }
    if reopened {
        d["reopened"] = true.into();
    }
    d
}

async fn record(
    conn: &mut Conn,
    user: &CurrentUser,
    action: AuditAction,
    subject: Subject,
    details: serde_json::Value,
    now: DateTime<Utc>,
) -> Result<(), AppError> {
    audit::record(
        conn,
        user,
        Role::Trainee,
        Event {
            action,
            subject,
            trainee: Some(user.id()),
            details,
        },
        now,
    )
    .await
}

/// Add an employment to `trainee`'s overview (her own).
pub async fn add_employment(
    app: &App,
    user: &CurrentUser,
    trainee: PersonId,
    input: &EmploymentInput,
) -> Result<MedicalEmploymentId, AppError> {
    app.in_transaction(async |tx, at| add_employment_in(tx, at, user, trainee, input).await)
        .await
}

/// [`add_employment`] inside the caller's transaction (the demo uses it).
pub(crate) async fn add_employment_in(
    conn: &mut Conn,
    at: At,
    user: &CurrentUser,
    trainee: PersonId,
    input: &EmploymentInput,
) -> Result<MedicalEmploymentId, AppError> {
    policy::authorize_own(conn, user, trainee, at.today).await?;
    let text = checked(input, at.today)?;
    let reopened = begin_checked(conn, trainee, &text, None).await?;
    let id = repo::insert(conn, trainee, &text, at.now).await?;
    let d = details(&text, reopened);
    record(
        conn,
        user,
        AuditAction::OverviewEmploymentAdded,
        Subject::MedicalEmployment(id),
        d,
        at.now,
    )
    .await?;
    Ok(id)
}

/// Change one of the user's added employments.
pub async fn edit_employment(
    app: &App,
    user: &CurrentUser,
    id: MedicalEmploymentId,
    input: &EmploymentInput,
) -> Result<(), AppError> {
    let at = app.at();
    let mut tx = app.db.begin().await?;
    let current = own_entry(&mut tx, user, id).await?;
    let text = checked(input, at.today)?;
    let reopened = begin_checked(&mut tx, current.trainee_id, &text, Some(id)).await?;
    repo::update(&mut tx, id, &text, at.now).await?;
    let d = details(&text, reopened);
    record(
        &mut tx,
        user,
        AuditAction::OverviewEmploymentChanged,
        Subject::MedicalEmployment(id),
        d,
        at.now,
    )
    .await?;
    tx.commit().await.map_err(DbError::from)?;
    Ok(())
}

/// Remove one of the user's added employments.
pub async fn remove_employment(app: &App, user: &CurrentUser, id: MedicalEmploymentId) -> Result<(), AppError> {
    let at = app.at();
    let mut tx = app.db.begin().await?;
    let current = own_entry(&mut tx, user, id).await?;
    let before = repo::begin_change(&mut tx, current.trainee_id).await?;
    repo::delete(&mut tx, id).await?;
    let mut d =
        serde_json::json!({ "employer": current.employer, "from": current.start_date, "until": current.end_date });
    if before.completed_at.is_some() {
        d["reopened"] = true.into();
    }
    record(
        &mut tx,
        user,
        AuditAction::OverviewEmploymentRemoved,
        Subject::MedicalEmployment(id),
        d,
        at.now,
    )
    .await?;
    tx.commit().await.map_err(DbError::from)?;
    Ok(())
}

/// Mark `trainee`'s overview (her own) complete as of `revision`, the one she was shown.
/// Refused with [`AppError::OverviewChanged`] when it has changed since; marking a complete
/// overview again changes nothing.
pub async fn mark_complete(app: &App, user: &CurrentUser, trainee: PersonId, revision: i64) -> Result<(), AppError> {
    app.in_transaction(async |tx, at| mark_complete_in(tx, at, user, trainee, revision).await)
        .await
}

/// [`mark_complete`] inside the caller's transaction (the demo uses it).
pub(crate) async fn mark_complete_in(
    conn: &mut Conn,
    at: At,
    user: &CurrentUser,
    trainee: PersonId,
    revision: i64,
) -> Result<(), AppError> {
    policy::authorize_own(conn, user, trainee, at.today).await?;
    if repo::complete(conn, trainee, revision, at.now).await? {
        let count = entries(conn, trainee).await?.len();
        let d = serde_json::json!({ "revision": revision, "employments": count });
        return record(
            conn,
            user,
            AuditAction::OverviewCompleted,
            Subject::EmploymentOverview(trainee),
            d,
            at.now,
        )
        .await;
    }
    let state = repo::state(conn, trainee).await?;
    if state.revision == revision && state.completed_at.is_some() {
        Ok(())
    } else {
        Err(AppError::OverviewChanged)
    }
}
