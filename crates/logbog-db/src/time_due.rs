//! Time attestations that fall due (issue 10 point 3): employments whose last month has opened
//! and whose time nobody has approved, asked for or put on paper, found from the side of the
//! training lead or tutor of their site. Facts only; whether one may be approved is
//! `logbog_domain::rights::may_approve`.

use crate::{Conn, DbError, RowExt, date_to_sql};
use chrono::{Days, NaiveDate};
use logbog_domain::dates::last_month_opens;
use logbog_domain::{EmploymentId, PersonId, Role};

/// How long after its end an unattested employment still shows as due.
pub const LOOKBACK_DAYS: u64 = 92;

/// An employment whose time attestation is due, and who may attest it.
#[derive(Debug, Clone, PartialEq)]
pub struct DueTime {
    pub employment_id: EmploymentId,
    pub trainee_id: PersonId,
    pub trainee_name: String,
    pub site_name: String,
    pub start_date: NaiveDate,
    pub end_date: NaiveDate,
    pub opens_on: NaiveDate,
    /// The training lead or tutor of the site, and the role held there.
    pub lead: PersonId,
    pub role: Role,
}

/// Not approved (or reset since), not asked for, no paper waiting.
macro_rules! undecided {
    () => {
        " AND NOT EXISTS (SELECT 1 FROM approvals ap WHERE ap.trainee_id = p.trainee_id \
             AND ap.item_kind = 'time_attestation' AND ap.item_id = e.id \
             AND NOT EXISTS (SELECT 1 FROM approval_resets x WHERE x.approval_id = ap.id)) \
           AND NOT EXISTS (SELECT 1 FROM approval_requests r WHERE r.trainee_id = p.trainee_id \
             AND r.item_kind = 'time_attestation' AND r.item_id = e.id AND r.state = 'pending') \
           AND NOT EXISTS (SELECT 1 FROM paper_attestations pa WHERE pa.employment_id = e.id AND pa.state = 'waiting')"
    };
}

const SELECT: &str = concat!(
    "SELECT e.id AS employment_id, e.start_date, e.end_date, p.trainee_id, t.given_name, t.family_name, \
            s.name AS site_name, g.person_id AS lead_id, g.role \
       FROM role_grants g \
       JOIN employments e ON e.site_id = g.scope_id \
       JOIN programmes p ON p.id = e.programme_id \
       JOIN people t ON t.id = p.trainee_id \
       JOIN sites s ON s.id = e.site_id \
      WHERE g.role IN ('training_lead', 'tutor') AND g.ended_at IS NULL AND g.valid_from <= $1 \
        AND (g.valid_until IS NULL OR g.valid_until >= $1) \
        AND e.end_date >= $2 AND e.end_date <= $3 AND p.trainee_id <> g.person_id",
    undecided!()
);

fn due_from_rows(rows: &[sqlx::any::AnyRow], day: NaiveDate) -> Result<Vec<DueTime>, DbError> {
    let mut out = Vec::new();
    for row in rows {
        let end_date = row.date("end_date")?;
        let opens_on = last_month_opens(end_date);
        if opens_on > day {
            continue;
        }
        out.push(DueTime {
            employment_id: row.parse("employment_id")?,
            trainee_id: row.parse("trainee_id")?,
            trainee_name: format!("{} {}", row.text("given_name")?, row.text("family_name")?),
            site_name: row.text("site_name")?,
            start_date: row.date("start_date")?,
            end_date,
            opens_on,
            lead: row.parse("lead_id")?,
            role: row.parse("role")?,
        });
    }
    Ok(out)
}

/// The bounds of end dates that can be due on `day`: ended within the lookback, or ending
/// within a month (the last month has opened); the exact opening is checked per row.
fn window(day: NaiveDate) -> (String, String) {
    (
        date_to_sql(day - Days::new(LOOKBACK_DAYS)),
        date_to_sql(day + Days::new(31)),
    )
}

/// The time attestations due on `day` at the sites `lead` leads or tutors, oldest end first.
/// One query.
pub async fn due_for(conn: &mut Conn, lead: PersonId, day: NaiveDate) -> Result<Vec<DueTime>, DbError> {
    let (from, to) = window(day);
    let rows = sqlx::query(sqlx::AssertSqlSafe(format!(
        "{SELECT} AND g.person_id = $4 ORDER BY e.end_date, e.id"
    )))
    .bind(date_to_sql(day))
    .bind(from)
    .bind(to)
    .bind(lead.to_string())
    .fetch_all(conn)
    .await?;
    due_from_rows(&rows, day)
}

/// Every due time attestation whose lead or tutor has not been told of it yet (no notification
/// with the key [`due_key`]). One query, for the reminder job.
pub async fn untold(conn: &mut Conn, day: NaiveDate) -> Result<Vec<DueTime>, DbError> {
    let (from, to) = window(day);
    let rows = sqlx::query(sqlx::AssertSqlSafe(format!(
        "{SELECT} AND NOT EXISTS (SELECT 1 FROM notifications n \
             WHERE n.dedupe_key = 'time_due:' || e.id || ':' || g.person_id) \
         ORDER BY e.end_date, e.id, g.person_id"
    )))
    .bind(date_to_sql(day))
    .bind(from)
    .bind(to)
    .fetch_all(conn)
    .await?;
    due_from_rows(&rows, day)
}

/// The notification key of telling `lead` that the time of `employment` is due.
pub fn due_key(employment: EmploymentId, lead: PersonId) -> String {
    format!("time_due:{employment}:{lead}")
}
