//! Facts for the approvers' homes and the training lead's department dashboard (issue 10
//! point 2), each read for a whole set of trainees or sites in one query: where the trainees
//! stand in their competencies, whom their requests wait on, who supervises whom, and which
//! employments end soon. Facts only; who may see them is `logbog_app::policy`.

use crate::{Conn, DbError, RowExt, date_to_sql};
use chrono::{DateTime, NaiveDate, Utc};
use logbog_domain::{
    CompetencyId, CurriculumVersionId, EmploymentId, PersonId, PhaseId, ProgrammeId, Role, SiteId, SupervisorKind,
};

type AnyQuery<'q> = sqlx::query::Query<'q, sqlx::Any, sqlx::any::AnyArguments>;

/// Bind each of `values` in turn (the numbered parameters of an `IN` list).
fn bind_all<'q>(mut q: AnyQuery<'q>, values: &[String]) -> AnyQuery<'q> {
    for v in values {
        q = q.bind(v.clone());
    }
    q
}

/// The competencies of the trainees with an approval that stands, and those reported ready and
/// waiting: (trainee, competency, approved). A competency both approved and waiting appears twice.
pub async fn competency_marks(
    conn: &mut Conn,
    trainees: &[String],
) -> Result<Vec<(PersonId, CompetencyId, bool)>, DbError> {
    if trainees.is_empty() {
        return Ok(Vec::new());
    }
    let params = crate::sql::in_list_params(1, trainees.len());
    let n = trainees.len();
    let params2 = crate::sql::in_list_params(1 + n, n);
    // Only numbered parameters are formatted in; the values are bound.
    let sql = format!(
        "SELECT a.trainee_id, a.item_id, 1 AS approved FROM approvals a \
          WHERE a.item_kind = 'competency' AND a.trainee_id IN ({params}) \
            AND NOT EXISTS (SELECT 1 FROM approval_resets x WHERE x.approval_id = a.id) \
         UNION ALL \
         SELECT r.trainee_id, r.item_id, 0 AS approved FROM approval_requests r \
          WHERE r.item_kind = 'competency' AND r.state = 'pending' AND r.trainee_id IN ({params2})"
    );
    let q = bind_all(sqlx::query(sqlx::AssertSqlSafe(sql)), trainees);
    let q = bind_all(q, trainees);
    q.fetch_all(conn)
        .await?
        .iter()
        .map(|row| {
            Ok((
                row.parse("trainee_id")?,
                row.parse("item_id")?,
                row.int("approved")? == 1,
            ))
        })
        .collect()
}

/// A programme of one of the trainees with one of its curricula (none when it has none), and
/// the phase of the trainee's first employment in it that runs on the day asked (if any).
#[derive(Debug, Clone, PartialEq)]
pub struct ProgrammeCurriculum {
    pub trainee_id: PersonId,
    pub programme_id: ProgrammeId,
    pub start_date: NaiveDate,
    pub end_date: NaiveDate,
    pub curriculum_version_id: Option<CurriculumVersionId>,
    pub current_phase: Option<PhaseId>,
}

/// Every programme of the trainees with its curricula, in the order a logbook lists them
/// (`programmes::programmes_of`: by start, then id; curricula by ordinal), and the employments
/// in the order `employments::employments_of_trainee` gives.
pub async fn programme_curricula(
    conn: &mut Conn,
    trainees: &[String],
    day: NaiveDate,
) -> Result<Vec<ProgrammeCurriculum>, DbError> {
    if trainees.is_empty() {
        return Ok(Vec::new());
    }
    let params = crate::sql::in_list_params(2, trainees.len());
    // Only numbered parameters are formatted in; the values are bound.
    let sql = format!(
        "SELECT p.trainee_id, p.id AS programme_id, p.start_date, p.end_date, pc.curriculum_version_id, \
                (SELECT e.phase_id FROM employments e WHERE e.programme_id = p.id AND e.start_date <= $1 \
                   AND e.end_date >= $1 ORDER BY e.start_date, e.ordinal LIMIT 1) AS phase_id \
           FROM programmes p LEFT JOIN programme_curricula pc ON pc.programme_id = p.id \
          WHERE p.trainee_id IN ({params}) ORDER BY p.start_date, p.id, pc.ordinal"
    );
    let q = sqlx::query(sqlx::AssertSqlSafe(sql)).bind(date_to_sql(day));
    bind_all(q, trainees)
        .fetch_all(conn)
        .await?
        .iter()
        .map(|row| {
            Ok(ProgrammeCurriculum {
                trainee_id: row.parse("trainee_id")?,
                programme_id: row.parse("programme_id")?,
                start_date: row.date("start_date")?,
                end_date: row.date("end_date")?,
                curriculum_version_id: row.opt_parse("curriculum_version_id")?,
                current_phase: row.opt_parse("phase_id")?,
            })
        })
        .collect()
}

/// Requests of one trainee that wait, counted by the approver they wait on.
#[derive(Debug, Clone, PartialEq)]
pub struct WaitingOn {
    pub trainee_id: PersonId,
    pub approver_id: PersonId,
    pub approver_name: String,
    pub approver_role: Role,
    pub count: i64,
    pub oldest: DateTime<Utc>,
}

/// Whom each of the trainees' waiting requests wait on, the longest waiting first.
pub async fn waiting_on(conn: &mut Conn, trainees: &[String]) -> Result<Vec<WaitingOn>, DbError> {
    if trainees.is_empty() {
        return Ok(Vec::new());
    }
    let params = crate::sql::in_list_params(1, trainees.len());
    // Only numbered parameters are formatted in; the values are bound.
    let sql = format!(
        "SELECT r.trainee_id, r.approver_id, r.approver_role, p.given_name, p.family_name, COUNT(*) AS n, MIN(r.requested_at) AS oldest \
           FROM approval_requests r JOIN people p ON p.id = r.approver_id \
          WHERE r.state = 'pending' AND r.trainee_id IN ({params}) \
          GROUP BY r.trainee_id, r.approver_id, r.approver_role, p.given_name, p.family_name ORDER BY oldest"
    );
    bind_all(sqlx::query(sqlx::AssertSqlSafe(sql)), trainees)
        .fetch_all(conn)
        .await?
        .iter()
        .map(|row| {
            Ok(WaitingOn {
                trainee_id: row.parse("trainee_id")?,
                approver_id: row.parse("approver_id")?,
                approver_name: format!("{} {}", row.text("given_name")?, row.text("family_name")?),
                approver_role: row.parse("approver_role")?,
                count: row.int("n")?,
                oldest: row.instant("oldest")?,
            })
        })
        .collect()
}

/// A supervision that gives access on the day asked, at one of the sites.
#[derive(Debug, Clone, PartialEq)]
pub struct SiteSupervision {
    pub site_id: SiteId,
    pub supervisor_id: PersonId,
    pub supervisor_name: String,
    pub trainee_id: PersonId,
    pub trainee_name: String,
    pub kind: SupervisorKind,
}

/// Who supervises whom at the sites on `day`, by supervisor's and trainee's name.
pub async fn supervisions_at_sites(
    conn: &mut Conn,
    sites: &[String],
    day: NaiveDate,
) -> Result<Vec<SiteSupervision>, DbError> {
    if sites.is_empty() {
        return Ok(Vec::new());
    }
    let params = crate::sql::in_list_params(2, sites.len());
    // Only numbered parameters are formatted in; the values are bound.
    let sql = format!(
        concat!(
            "SELECT s.site_id, s.supervisor_id, s.trainee_id, s.kind, sp.given_name AS sg, sp.family_name AS sf, \
                    tp.given_name AS tg, tp.family_name AS tf \
               FROM supervisions s JOIN people sp ON sp.id = s.supervisor_id JOIN people tp ON tp.id = s.trainee_id \
              WHERE ",
            crate::supervision_in_force!("s", "$1"),
            " AND s.site_id IN ({params}) ORDER BY sp.family_name, sp.given_name, tp.family_name, tp.given_name"
        ),
        params = params
    );
    let q = sqlx::query(sqlx::AssertSqlSafe(sql)).bind(date_to_sql(day));
    bind_all(q, sites)
        .fetch_all(conn)
        .await?
        .iter()
        .map(|row| {
            Ok(SiteSupervision {
                site_id: row.parse("site_id")?,
                supervisor_id: row.parse("supervisor_id")?,
                supervisor_name: format!("{} {}", row.text("sg")?, row.text("sf")?),
                trainee_id: row.parse("trainee_id")?,
                trainee_name: format!("{} {}", row.text("tg")?, row.text("tf")?),
                kind: row.parse("kind")?,
            })
        })
        .collect()
}

/// An employment at one of the sites that ends soon.
#[derive(Debug, Clone, PartialEq)]
pub struct EndingEmployment {
    pub employment_id: EmploymentId,
    pub site_id: SiteId,
    pub trainee_id: PersonId,
    pub trainee_name: String,
    pub title: String,
    pub end_date: NaiveDate,
}

/// Employments at the sites that end within `from..=until`, the soonest first.
pub async fn ending_at_sites(
    conn: &mut Conn,
    sites: &[String],
    from: NaiveDate,
    until: NaiveDate,
) -> Result<Vec<EndingEmployment>, DbError> {
    if sites.is_empty() {
        return Ok(Vec::new());
    }
    let params = crate::sql::in_list_params(3, sites.len());
    // Only numbered parameters are formatted in; the values are bound.
    let sql = format!(
        "SELECT e.id, e.site_id, e.title, e.end_date, p.trainee_id, tp.given_name, tp.family_name \
           FROM employments e JOIN programmes p ON p.id = e.programme_id JOIN people tp ON tp.id = p.trainee_id \
          WHERE e.end_date >= $1 AND e.end_date <= $2 AND e.start_date <= $1 AND e.site_id IN ({params}) \
          ORDER BY e.end_date, tp.family_name, tp.given_name"
    );
    let q = sqlx::query(sqlx::AssertSqlSafe(sql))
        .bind(date_to_sql(from))
        .bind(date_to_sql(until));
    bind_all(q, sites)
        .fetch_all(conn)
        .await?
        .iter()
        .map(|row| {
            Ok(EndingEmployment {
                employment_id: row.parse("id")?,
                site_id: row.parse("site_id")?,
                trainee_id: row.parse("trainee_id")?,
                trainee_name: format!("{} {}", row.text("given_name")?, row.text("family_name")?),
                title: row.text("title")?,
                end_date: row.date("end_date")?,
            })
        })
        .collect()
}

/// The sites' names as a person tells them apart: "Anæstesiologisk Afdeling, Regionshospitalet
/// Randers" (a practice by its own name).
pub async fn site_names(
    conn: &mut Conn,
    sites: &[String],
) -> Result<std::collections::HashMap<SiteId, String>, DbError> {
    let mut out = std::collections::HashMap::new();
    if sites.is_empty() {
        return Ok(out);
    }
    let params = crate::sql::in_list_params(1, sites.len());
    // Only numbered parameters are formatted in; the values are bound.
    let sql = format!(
        "SELECT s.id, s.name, h.name AS hospital_name FROM sites s LEFT JOIN hospitals h ON h.id = s.hospital_id \
          WHERE s.id IN ({params})"
    );
    for row in bind_all(sqlx::query(sqlx::AssertSqlSafe(sql)), sites)
        .fetch_all(conn)
        .await?
    {
        let name = match row.opt_text("hospital_name")? {
            Some(h) => format!("{}, {h}", row.text("name")?),
            None => row.text("name")?,
        };
        out.insert(row.parse("id")?, name);
    }
    Ok(out)
}
