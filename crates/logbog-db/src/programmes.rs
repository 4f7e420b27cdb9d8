//! Training programmes of a trainee: employments, leave, supplementary agreements, supervisor
//! relations and specialist recognition.

use crate::curricula::{CurriculumVersion, version_from_row};
use crate::{Conn, DbError, RowExt, date_to_sql, instant_to_sql};
use chrono::{DateTime, NaiveDate, Utc};
use logbog_domain::{
    CurriculumVersionId, EmploymentId, LeaveKind, PersonId, PhaseId, PostgraduateRegion, ProgrammeId, ProgrammeKind,
    SiteId, SiteKind, SpecialtyId, SupervisionId, SupervisorKind, WorkingPercent,
};

/// A programme with its specialty's names.
#[derive(Debug, Clone, PartialEq)]
pub struct Programme {
    pub id: ProgrammeId,
    pub trainee_id: PersonId,
    pub kind: ProgrammeKind,
    pub specialty_id: Option<SpecialtyId>,
    pub specialty_name_da: Option<String>,
    pub specialty_name_en: Option<String>,
    pub region: PostgraduateRegion,
    pub start_date: NaiveDate,
    pub end_date: NaiveDate,
}

/// A new programme.
#[derive(Debug, Clone)]
pub struct NewProgramme {
    pub trainee_id: PersonId,
    pub kind: ProgrammeKind,
    pub specialty_id: Option<SpecialtyId>,
    pub region: PostgraduateRegion,
    pub start_date: NaiveDate,
    pub end_date: NaiveDate,
    pub agreement_reference: String,
}

pub async fn insert_programme(conn: &mut Conn, p: &NewProgramme, now: DateTime<Utc>) -> Result<ProgrammeId, DbError> {
    let id = ProgrammeId::new();
    sqlx::query(
        "INSERT INTO programmes (id, trainee_id, kind, specialty_id, postgraduate_region_id, start_date, end_date, agreement_reference, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
    )
    .bind(id.to_string())
    .bind(p.trainee_id.to_string())
    .bind(p.kind.code())
    .bind(p.specialty_id.map(|s| s.to_string()))
    .bind(p.region.code())
    .bind(date_to_sql(p.start_date))
    .bind(date_to_sql(p.end_date))
    .bind(&p.agreement_reference)
    .bind(instant_to_sql(now))
    .execute(conn)
    .await?;
    Ok(id)
}

pub async fn add_curriculum(
    conn: &mut Conn,
    programme: ProgrammeId,
    version: CurriculumVersionId,
    ordinal: i64,
) -> Result<(), DbError> {
    sqlx::query("INSERT INTO programme_curricula (programme_id, curriculum_version_id, ordinal) VALUES ($1, $2, $3)")
        .bind(programme.to_string())
        .bind(version.to_string())
        .bind(ordinal)
        .execute(conn)
        .await?;
    Ok(())
}

/// A trainee's programmes, oldest first.
pub async fn programmes_of(conn: &mut Conn, trainee: PersonId) -> Result<Vec<Programme>, DbError> {
    let rows = sqlx::query(
        "SELECT p.id, p.trainee_id, p.kind, p.specialty_id, s.name_da AS specialty_name_da, s.name_en AS specialty_name_en, \
                p.postgraduate_region_id, p.start_date, p.end_date \
         FROM programmes p LEFT JOIN specialties s ON s.id = p.specialty_id \
         WHERE p.trainee_id = $1 ORDER BY p.start_date, p.id",
    )
    .bind(trainee.to_string())
    .fetch_all(conn)
    .await?;
    rows.iter()
        .map(|row| {
            Ok(Programme {
                id: row.parse("id")?,
                trainee_id: row.parse("trainee_id")?,
                kind: row.parse("kind")?,
                specialty_id: row.opt_parse("specialty_id")?,
                specialty_name_da: row.opt_text("specialty_name_da")?,
                specialty_name_en: row.opt_text("specialty_name_en")?,
                region: row.parse("postgraduate_region_id")?,
                start_date: row.date("start_date")?,
                end_date: row.date("end_date")?,
            })
        })
        .collect()
}

/// The curriculum versions of all a trainee's programmes, in programme order.
pub async fn curricula_of_trainee(
    conn: &mut Conn,
    trainee: PersonId,
) -> Result<Vec<(ProgrammeId, CurriculumVersion)>, DbError> {
    let rows = sqlx::query(
        "SELECT pc.programme_id, v.id AS version_id, v.curriculum_id, c.kind, c.name_da, c.name_en, v.label, v.valid_from, v.valid_until \
         FROM programme_curricula pc \
         JOIN programmes p ON p.id = pc.programme_id \
         JOIN curriculum_versions v ON v.id = pc.curriculum_version_id \
         JOIN curricula c ON c.id = v.curriculum_id \
         WHERE p.trainee_id = $1 ORDER BY p.start_date, pc.ordinal",
    )
    .bind(trainee.to_string())
    .fetch_all(conn)
    .await?;
    rows.iter()
        .map(|row| Ok((row.parse("programme_id")?, version_from_row(row)?)))
        .collect()
}

/// An employment with its site.
#[derive(Debug, Clone, PartialEq)]
pub struct Employment {
    pub id: EmploymentId,
    pub programme_id: ProgrammeId,
    pub site_id: SiteId,
    pub site_name: String,
    pub site_kind: SiteKind,
    pub hospital_name: Option<String>,
    pub phase_id: Option<PhaseId>,
    /// The curriculum version the employment is trained under.
    pub curriculum_version_id: Option<CurriculumVersionId>,
    pub title: String,
    pub start_date: NaiveDate,
    pub end_date: NaiveDate,
    pub working_percent: WorkingPercent,
}

/// A new employment.
#[derive(Debug, Clone)]
pub struct NewEmployment {
    pub programme_id: ProgrammeId,
    pub site_id: SiteId,
    pub phase_id: Option<PhaseId>,
    pub curriculum_version_id: Option<CurriculumVersionId>,
    pub ordinal: i64,
    pub title: String,
    pub start_date: NaiveDate,
    pub end_date: NaiveDate,
    pub working_percent: WorkingPercent,
}

pub async fn insert_employment(conn: &mut Conn, e: &NewEmployment) -> Result<EmploymentId, DbError> {
    let id = EmploymentId::new();
    sqlx::query(
        "INSERT INTO employments (id, programme_id, site_id, phase_id, curriculum_version_id, ordinal, title, start_date, end_date, working_percent) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)",
    )
    .bind(id.to_string())
    .bind(e.programme_id.to_string())
    .bind(e.site_id.to_string())
    .bind(e.phase_id.map(|p| p.to_string()))
    .bind(e.curriculum_version_id.map(|v| v.to_string()))
    .bind(e.ordinal)
    .bind(&e.title)
    .bind(date_to_sql(e.start_date))
    .bind(date_to_sql(e.end_date))
    .bind(i64::from(e.working_percent.get()))
    .execute(conn)
    .await?;
    Ok(id)
}

fn employment_from_row(row: &sqlx::any::AnyRow) -> Result<Employment, DbError> {
    Ok(Employment {
        id: row.parse("id")?,
        programme_id: row.parse("programme_id")?,
        site_id: row.parse("site_id")?,
        site_name: row.text("site_name")?,
        site_kind: row.parse("site_kind")?,
        hospital_name: row.opt_text("hospital_name")?,
        phase_id: row.opt_parse("phase_id")?,
        curriculum_version_id: row.opt_parse("curriculum_version_id")?,
        title: row.text("title")?,
        start_date: row.date("start_date")?,
        end_date: row.date("end_date")?,
        working_percent: WorkingPercent::new(row.int("working_percent")?)
            .map_err(|e| DbError::Corrupt(e.to_string()))?,
    })
}

/// All employments of a trainee, in time order.
pub async fn employments_of_trainee(conn: &mut Conn, trainee: PersonId) -> Result<Vec<Employment>, DbError> {
    let rows = sqlx::query(
        "SELECT e.id, e.programme_id, e.site_id, s.name AS site_name, s.kind AS site_kind, h.name AS hospital_name, \
                e.phase_id, e.curriculum_version_id, e.title, e.start_date, e.end_date, e.working_percent \
         FROM employments e JOIN programmes p ON p.id = e.programme_id \
         JOIN sites s ON s.id = e.site_id LEFT JOIN hospitals h ON h.id = s.hospital_id \
         WHERE p.trainee_id = $1 ORDER BY e.start_date, e.ordinal",
    )
    .bind(trainee.to_string())
    .fetch_all(conn)
    .await?;
    rows.iter().map(employment_from_row).collect()
}

/// A period of leave within an employment.
#[derive(Debug, Clone, PartialEq)]
pub struct Leave {
    pub employment_id: EmploymentId,
    pub kind: LeaveKind,
    pub start_date: NaiveDate,
    pub end_date: NaiveDate,
}

pub async fn insert_leave(conn: &mut Conn, l: &Leave) -> Result<(), DbError> {
    sqlx::query("INSERT INTO leaves (id, employment_id, kind, start_date, end_date) VALUES ($1, $2, $3, $4, $5)")
        .bind(uuid::Uuid::now_v7().to_string())
        .bind(l.employment_id.to_string())
        .bind(l.kind.code())
        .bind(date_to_sql(l.start_date))
        .bind(date_to_sql(l.end_date))
        .execute(conn)
        .await?;
    Ok(())
}

pub async fn leaves_of_trainee(conn: &mut Conn, trainee: PersonId) -> Result<Vec<Leave>, DbError> {
    let rows = sqlx::query(
        "SELECT l.employment_id, l.kind, l.start_date, l.end_date FROM leaves l \
         JOIN employments e ON e.id = l.employment_id JOIN programmes p ON p.id = e.programme_id \
         WHERE p.trainee_id = $1 ORDER BY l.start_date",
    )
    .bind(trainee.to_string())
    .fetch_all(conn)
    .await?;
    rows.iter()
        .map(|row| {
            Ok(Leave {
                employment_id: row.parse("employment_id")?,
                kind: row.parse("kind")?,
                start_date: row.date("start_date")?,
                end_date: row.date("end_date")?,
            })
        })
        .collect()
}

/// Record a supplementary agreement (tillægsaftale) that moves an employment's end date.
pub async fn amend_end_date(
    conn: &mut Conn,
    employment: EmploymentId,
    issued_on: NaiveDate,
    previous_end: NaiveDate,
    new_end: NaiveDate,
    reason: &str,
) -> Result<(), DbError> {
    sqlx::query(
        "INSERT INTO employment_amendments (id, employment_id, issued_on, previous_end_date, new_end_date, reason) \
         VALUES ($1, $2, $3, $4, $5, $6)",
    )
    .bind(uuid::Uuid::now_v7().to_string())
    .bind(employment.to_string())
    .bind(date_to_sql(issued_on))
    .bind(date_to_sql(previous_end))
    .bind(date_to_sql(new_end))
    .bind(reason)
    .execute(&mut *conn)
    .await?;
    sqlx::query("UPDATE employments SET end_date = $1 WHERE id = $2")
        .bind(date_to_sql(new_end))
        .bind(employment.to_string())
        .execute(conn)
        .await?;
    Ok(())
}

/// A new supervisor relation.
#[derive(Debug, Clone)]
pub struct NewSupervision {
    pub supervisor_id: PersonId,
    pub trainee_id: PersonId,
    pub site_id: SiteId,
    pub kind: SupervisorKind,
    pub valid_from: NaiveDate,
    pub valid_until: Option<NaiveDate>,
    pub granted_by: PersonId,
}

pub async fn insert_supervision(
    conn: &mut Conn,
    s: &NewSupervision,
    now: DateTime<Utc>,
) -> Result<SupervisionId, DbError> {
    let id = SupervisionId::new();
    sqlx::query(
        "INSERT INTO supervisions (id, supervisor_id, trainee_id, site_id, kind, valid_from, valid_until, granted_by, granted_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
    )
    .bind(id.to_string())
    .bind(s.supervisor_id.to_string())
    .bind(s.trainee_id.to_string())
    .bind(s.site_id.to_string())
    .bind(s.kind.code())
    .bind(date_to_sql(s.valid_from))
    .bind(s.valid_until.map(date_to_sql))
    .bind(s.granted_by.to_string())
    .bind(instant_to_sql(now))
    .execute(conn)
    .await?;
    Ok(id)
}

/// End a supervisor relation early: the last day of access becomes `last_day`.
pub async fn end_supervision(
    conn: &mut Conn,
    id: SupervisionId,
    last_day: NaiveDate,
    ended_by: PersonId,
    now: DateTime<Utc>,
) -> Result<bool, DbError> {
    let done = sqlx::query(
        "UPDATE supervisions SET valid_until = $1, ended_by = $2, ended_at = $3 WHERE id = $4 AND ended_at IS NULL",
    )
    .bind(date_to_sql(last_day))
    .bind(ended_by.to_string())
    .bind(instant_to_sql(now))
    .bind(id.to_string())
    .execute(conn)
    .await?;
    Ok(done.rows_affected() > 0)
}

/// A supervisor relation as seen from the trainee.
#[derive(Debug, Clone, PartialEq)]
pub struct SupervisorOfTrainee {
    pub supervisor_id: PersonId,
    pub name: String,
    pub kind: SupervisorKind,
    pub site_name: String,
    pub valid_from: NaiveDate,
    pub valid_until: Option<NaiveDate>,
}

/// Supervisor relations of a trainee that are in force on `day`.
pub async fn current_supervisors(
    conn: &mut Conn,
    trainee: PersonId,
    day: NaiveDate,
) -> Result<Vec<SupervisorOfTrainee>, DbError> {
    let d = date_to_sql(day);
    let rows = sqlx::query(
        "SELECT s.supervisor_id, p.given_name, p.family_name, s.kind, si.name AS site_name, s.valid_from, s.valid_until \
         FROM supervisions s JOIN people p ON p.id = s.supervisor_id JOIN sites si ON si.id = s.site_id \
         WHERE s.trainee_id = $1 AND s.valid_from <= $2 AND (s.valid_until IS NULL OR s.valid_until >= $2) \
         ORDER BY s.kind, p.family_name",
    )
    .bind(trainee.to_string())
    .bind(d)
    .fetch_all(conn)
    .await?;
    rows.iter()
        .map(|row| {
            Ok(SupervisorOfTrainee {
                supervisor_id: row.parse("supervisor_id")?,
                name: format!("{} {}", row.text("given_name")?, row.text("family_name")?),
                kind: row.parse("kind")?,
                site_name: row.text("site_name")?,
                valid_from: row.date("valid_from")?,
                valid_until: row.opt_date("valid_until")?,
            })
        })
        .collect()
}

/// The facts the login rule needs: the start of the first programme and the latest recognition.
pub async fn access_facts(
    conn: &mut Conn,
    trainee: PersonId,
) -> Result<(Option<NaiveDate>, Option<NaiveDate>), DbError> {
    let first: Option<String> = sqlx::query_scalar("SELECT MIN(start_date) FROM programmes WHERE trainee_id = $1")
        .bind(trainee.to_string())
        .fetch_one(&mut *conn)
        .await?;
    let recognised: Option<String> =
        sqlx::query_scalar("SELECT MAX(recognised_on) FROM specialist_recognitions WHERE trainee_id = $1")
            .bind(trainee.to_string())
            .fetch_one(conn)
            .await?;
    Ok((
        first.map(|s| crate::date_from_sql(&s)).transpose()?,
        recognised.map(|s| crate::date_from_sql(&s)).transpose()?,
    ))
}

pub async fn insert_recognition(
    conn: &mut Conn,
    trainee: PersonId,
    specialty: SpecialtyId,
    recognised_on: NaiveDate,
    now: DateTime<Utc>,
) -> Result<(), DbError> {
    sqlx::query(
        "INSERT INTO specialist_recognitions (id, trainee_id, specialty_id, recognised_on, recorded_at) VALUES ($1, $2, $3, $4, $5)",
    )
    .bind(uuid::Uuid::now_v7().to_string())
    .bind(trainee.to_string())
    .bind(specialty.to_string())
    .bind(date_to_sql(recognised_on))
    .bind(instant_to_sql(now))
    .execute(conn)
    .await?;
    Ok(())
}

/// The roles in which `viewer` relates to `trainee` on `day`: current supervisor; training lead
/// or tutor of a site where the trainee is employed that day; secretariat of a region where the
/// trainee has a programme. One query.
pub async fn relation_roles(
    conn: &mut Conn,
    viewer: PersonId,
    trainee: PersonId,
    day: NaiveDate,
) -> Result<Vec<logbog_domain::Role>, DbError> {
    let d = date_to_sql(day);
    let rows: Vec<String> = sqlx::query_scalar(
        "SELECT 'supervisor' FROM supervisions s WHERE s.supervisor_id = $1 AND s.trainee_id = $2 \
           AND s.valid_from <= $3 AND (s.valid_until IS NULL OR s.valid_until >= $3) \
         UNION \
         SELECT g.role FROM role_grants g JOIN employments e ON e.site_id = g.scope_id \
           JOIN programmes p ON p.id = e.programme_id \
           WHERE g.person_id = $1 AND g.role IN ('training_lead', 'tutor') AND g.ended_at IS NULL \
             AND g.valid_from <= $3 AND (g.valid_until IS NULL OR g.valid_until >= $3) \
             AND p.trainee_id = $2 AND e.start_date <= $3 AND e.end_date >= $3 \
         UNION \
         SELECT g.role FROM role_grants g JOIN programmes p ON p.postgraduate_region_id = g.scope_id \
           WHERE g.person_id = $1 AND g.role = 'secretariat' AND g.ended_at IS NULL \
             AND g.valid_from <= $3 AND (g.valid_until IS NULL OR g.valid_until >= $3) AND p.trainee_id = $2",
    )
    .bind(viewer.to_string())
    .bind(trainee.to_string())
    .bind(d)
    .fetch_all(conn)
    .await?;
    rows.iter()
        .map(|r| r.parse().map_err(|_| DbError::Corrupt(format!("bad role {r:?}"))))
        .collect()
}

/// A trainee as listed for a supervisor, training lead or tutor.
#[derive(Debug, Clone, PartialEq)]
pub struct TraineeOfStaff {
    pub trainee_id: PersonId,
    pub name: String,
    pub role: logbog_domain::Role,
    pub site_name: String,
    pub until: Option<NaiveDate>,
}

/// The trainees `staff` has access to on `day`, as supervisor, training lead or tutor.
pub async fn trainees_of_staff(
    conn: &mut Conn,
    staff: PersonId,
    day: NaiveDate,
) -> Result<Vec<TraineeOfStaff>, DbError> {
    let d = date_to_sql(day);
    let rows = sqlx::query(
        "SELECT s.trainee_id, 'supervisor' AS role, si.name AS site_name, s.valid_until AS until \
           FROM supervisions s JOIN sites si ON si.id = s.site_id \
           WHERE s.supervisor_id = $1 AND s.valid_from <= $2 AND (s.valid_until IS NULL OR s.valid_until >= $2) \
         UNION \
         SELECT p.trainee_id, g.role, si.name, e.end_date \
           FROM role_grants g JOIN employments e ON e.site_id = g.scope_id \
           JOIN programmes p ON p.id = e.programme_id JOIN sites si ON si.id = e.site_id \
           WHERE g.person_id = $1 AND g.role IN ('training_lead', 'tutor') AND g.ended_at IS NULL \
             AND g.valid_from <= $2 AND (g.valid_until IS NULL OR g.valid_until >= $2) \
             AND e.start_date <= $2 AND e.end_date >= $2",
    )
    .bind(staff.to_string())
    .bind(d)
    .fetch_all(&mut *conn)
    .await?;
    let mut out = Vec::with_capacity(rows.len());
    let ids: Vec<String> = rows.iter().map(|r| r.text("trainee_id")).collect::<Result<_, _>>()?;
    let names = names_of(conn, &ids).await?;
    for row in &rows {
        let id: PersonId = row.parse("trainee_id")?;
        out.push(TraineeOfStaff {
            trainee_id: id,
            name: names.get(&id).cloned().unwrap_or_default(),
            role: row.parse("role")?,
            site_name: row.text("site_name")?,
            until: row.opt_date("until")?,
        });
    }
    out.sort_by(|a, b| a.name.cmp(&b.name).then(a.role.cmp(&b.role)));
    Ok(out)
}

/// Full names of several people, in one query.
pub async fn names_of(conn: &mut Conn, ids: &[String]) -> Result<std::collections::HashMap<PersonId, String>, DbError> {
    let mut out = std::collections::HashMap::new();
    if ids.is_empty() {
        return Ok(out);
    }
    let params = crate::sql::in_list_params(1, ids.len());
    // Only numbered parameters are formatted in; the values are bound.
    let mut q = sqlx::query(sqlx::AssertSqlSafe(format!(
        "SELECT id, given_name, family_name FROM people WHERE id IN ({params})"
    )));
    for id in ids {
        q = q.bind(id.clone());
    }
    for row in q.fetch_all(conn).await? {
        out.insert(
            row.parse("id")?,
            format!("{} {}", row.text("given_name")?, row.text("family_name")?),
        );
    }
    Ok(out)
}

/// Trainees with a programme in a region, counted (for the secretariat's overview).
pub async fn count_trainees_in_region(conn: &mut Conn, region: PostgraduateRegion) -> Result<i64, DbError> {
    Ok(
        sqlx::query_scalar("SELECT COUNT(DISTINCT trainee_id) FROM programmes WHERE postgraduate_region_id = $1")
            .bind(region.code())
            .fetch_one(conn)
            .await?,
    )
}

/// One employment with the trainee it belongs to.
pub async fn find_employment(conn: &mut Conn, id: EmploymentId) -> Result<Option<(PersonId, Employment)>, DbError> {
    let row = sqlx::query(
        "SELECT p.trainee_id, e.id, e.programme_id, e.site_id, s.name AS site_name, s.kind AS site_kind, h.name AS hospital_name, \
                e.phase_id, e.curriculum_version_id, e.title, e.start_date, e.end_date, e.working_percent \
         FROM employments e JOIN programmes p ON p.id = e.programme_id \
         JOIN sites s ON s.id = e.site_id LEFT JOIN hospitals h ON h.id = s.hospital_id \
         WHERE e.id = $1",
    )
    .bind(id.to_string())
    .fetch_optional(conn)
    .await?;
    row.map(|row| Ok((row.parse("trainee_id")?, employment_from_row(&row)?)))
        .transpose()
}

/// The roles (training lead, tutor) `person` holds for `site` on `day`.
pub async fn roles_at_site(
    conn: &mut Conn,
    person: PersonId,
    site: SiteId,
    day: NaiveDate,
) -> Result<Vec<logbog_domain::Role>, DbError> {
    let d = date_to_sql(day);
    let rows: Vec<String> = sqlx::query_scalar(
        "SELECT role FROM role_grants WHERE person_id = $1 AND scope_id = $2 AND role IN ('training_lead', 'tutor') \
           AND ended_at IS NULL AND valid_from <= $3 AND (valid_until IS NULL OR valid_until >= $3)",
    )
    .bind(person.to_string())
    .bind(site.to_string())
    .bind(d)
    .fetch_all(conn)
    .await?;
    rows.iter()
        .map(|r| r.parse().map_err(|_| DbError::Corrupt(format!("bad role {r:?}"))))
        .collect()
}

/// The training leads and tutors of a site on `day`: (person, name, role).
pub async fn leads_of_site(
    conn: &mut Conn,
    site: SiteId,
    day: NaiveDate,
) -> Result<Vec<(PersonId, String, logbog_domain::Role)>, DbError> {
    let d = date_to_sql(day);
    let rows = sqlx::query(
        "SELECT g.person_id, g.role, p.given_name, p.family_name FROM role_grants g JOIN people p ON p.id = g.person_id \
         WHERE g.scope_id = $1 AND g.role IN ('training_lead', 'tutor') AND g.ended_at IS NULL \
           AND g.valid_from <= $2 AND (g.valid_until IS NULL OR g.valid_until >= $2) ORDER BY p.family_name",
    )
    .bind(site.to_string())
    .bind(d)
    .fetch_all(conn)
    .await?;
    rows.iter()
        .map(|row| {
            Ok((
                row.parse("person_id")?,
                format!("{} {}", row.text("given_name")?, row.text("family_name")?),
                row.parse("role")?,
            ))
        })
        .collect()
}

/// A supervisor relation as a training lead or tutor manages it.
#[derive(Debug, Clone, PartialEq)]
pub struct SupervisionRow {
    pub id: SupervisionId,
    pub supervisor_name: String,
    pub trainee_id: PersonId,
    pub trainee_name: String,
    pub site_id: SiteId,
    pub site_name: String,
    pub kind: SupervisorKind,
    pub valid_from: NaiveDate,
    pub valid_until: Option<NaiveDate>,
    pub ended_at: Option<DateTime<Utc>>,
    /// Who gave it, and when.
    pub granted_by_name: String,
    pub granted_at: DateTime<Utc>,
}

/// Supervisor relations at the given sites, current first. One query.
pub async fn supervisions_at_sites(conn: &mut Conn, sites: &[String]) -> Result<Vec<SupervisionRow>, DbError> {
    if sites.is_empty() {
        return Ok(Vec::new());
    }
    let params = crate::sql::in_list_params(1, sites.len());
    // Only numbered parameters are formatted in; the values are bound.
    let mut q = sqlx::query(sqlx::AssertSqlSafe(format!(
        "SELECT s.id, s.trainee_id, s.site_id, s.kind, s.valid_from, s.valid_until, s.ended_at, s.granted_at, si.name AS site_name, \
                sp.given_name AS s_given, sp.family_name AS s_family, tp.given_name AS t_given, tp.family_name AS t_family, \
                bp.given_name AS b_given, bp.family_name AS b_family \
         FROM supervisions s JOIN sites si ON si.id = s.site_id \
         JOIN people sp ON sp.id = s.supervisor_id JOIN people tp ON tp.id = s.trainee_id \
         JOIN people bp ON bp.id = s.granted_by \
         WHERE s.site_id IN ({params}) ORDER BY s.ended_at IS NOT NULL, tp.family_name, s.valid_from DESC"
    )));
    for s in sites {
        q = q.bind(s.clone());
    }
    q.fetch_all(conn)
        .await?
        .iter()
        .map(|row| {
            Ok(SupervisionRow {
                id: row.parse("id")?,
                supervisor_name: format!("{} {}", row.text("s_given")?, row.text("s_family")?),
                trainee_id: row.parse("trainee_id")?,
                trainee_name: format!("{} {}", row.text("t_given")?, row.text("t_family")?),
                site_id: row.parse("site_id")?,
                site_name: row.text("site_name")?,
                kind: row.parse("kind")?,
                valid_from: row.date("valid_from")?,
                valid_until: row.opt_date("valid_until")?,
                ended_at: row.opt_instant("ended_at")?,
                granted_by_name: format!("{} {}", row.text("b_given")?, row.text("b_family")?),
                granted_at: row.instant("granted_at")?,
            })
        })
        .collect()
}

/// The site of a supervision, if it exists.
pub async fn supervision_site(conn: &mut Conn, id: SupervisionId) -> Result<Option<(SiteId, PersonId)>, DbError> {
    let row = sqlx::query("SELECT site_id, trainee_id FROM supervisions WHERE id = $1")
        .bind(id.to_string())
        .fetch_optional(conn)
        .await?;
    row.map(|row| Ok((row.parse("site_id")?, row.parse("trainee_id")?)))
        .transpose()
}

/// People with a supervisor grant in force at one of the sites: (person, name, site).
pub async fn supervisors_at_sites(
    conn: &mut Conn,
    sites: &[String],
    day: NaiveDate,
) -> Result<Vec<(PersonId, String, SiteId)>, DbError> {
    if sites.is_empty() {
        return Ok(Vec::new());
    }
    let params = crate::sql::in_list_params(2, sites.len());
    // Only numbered parameters are formatted in; the values are bound.
    let mut q = sqlx::query(sqlx::AssertSqlSafe(format!(
        "SELECT g.person_id, g.scope_id, p.given_name, p.family_name FROM role_grants g JOIN people p ON p.id = g.person_id \
         WHERE g.role = 'supervisor' AND g.ended_at IS NULL AND g.valid_from <= $1 \
           AND (g.valid_until IS NULL OR g.valid_until >= $1) AND g.scope_id IN ({params}) \
         ORDER BY p.family_name, p.given_name"
    )))
    .bind(date_to_sql(day));
    for s in sites {
        q = q.bind(s.clone());
    }
    q.fetch_all(conn)
        .await?
        .iter()
        .map(|row| {
            Ok((
                row.parse("person_id")?,
                format!("{} {}", row.text("given_name")?, row.text("family_name")?),
                row.parse("scope_id")?,
            ))
        })
        .collect()
}

/// Trainees employed at one of the sites on `day`: (trainee, name, site).
pub async fn trainees_at_sites(
    conn: &mut Conn,
    sites: &[String],
    day: NaiveDate,
) -> Result<Vec<(PersonId, String, SiteId)>, DbError> {
    if sites.is_empty() {
        return Ok(Vec::new());
    }
    let params = crate::sql::in_list_params(2, sites.len());
    // Only numbered parameters are formatted in; the values are bound.
    let mut q = sqlx::query(sqlx::AssertSqlSafe(format!(
        "SELECT p.trainee_id, e.site_id, tp.given_name, tp.family_name FROM employments e \
         JOIN programmes p ON p.id = e.programme_id JOIN people tp ON tp.id = p.trainee_id \
         WHERE e.start_date <= $1 AND e.end_date >= $1 AND e.site_id IN ({params}) \
         ORDER BY tp.family_name, tp.given_name"
    )))
    .bind(date_to_sql(day));
    for s in sites {
        q = q.bind(s.clone());
    }
    q.fetch_all(conn)
        .await?
        .iter()
        .map(|row| {
            Ok((
                row.parse("trainee_id")?,
                format!("{} {}", row.text("given_name")?, row.text("family_name")?),
                row.parse("site_id")?,
            ))
        })
        .collect()
}

/// The sites of a region, by name: (id, name, kind).
pub async fn sites_in_region(
    conn: &mut Conn,
    region: PostgraduateRegion,
) -> Result<Vec<(SiteId, String, SiteKind)>, DbError> {
    let rows = sqlx::query(
        "SELECT s.id, s.name, s.kind, h.name AS hospital FROM sites s LEFT JOIN hospitals h ON h.id = s.hospital_id \
         WHERE s.postgraduate_region_id = $1 ORDER BY h.name, s.name",
    )
    .bind(region.code())
    .fetch_all(conn)
    .await?;
    rows.iter()
        .map(|row| {
            let name = match row.opt_text("hospital")? {
                Some(h) => format!("{}, {h}", row.text("name")?),
                None => row.text("name")?,
            };
            Ok((row.parse("id")?, name, row.parse("kind")?))
        })
        .collect()
}

/// Trainees with a programme in `region` whose name contains `query` (all when empty), by name,
/// at most `limit`. One query.
pub async fn trainees_in_region(
    conn: &mut Conn,
    region: PostgraduateRegion,
    query: &str,
    limit: i64,
) -> Result<Vec<(PersonId, String)>, DbError> {
    let pattern = format!("%{}%", query.trim().to_lowercase().replace(['%', '_'], ""));
    let rows = sqlx::query(
        "SELECT DISTINCT p.id, p.given_name, p.family_name FROM people p JOIN programmes pr ON pr.trainee_id = p.id \
         WHERE pr.postgraduate_region_id = $1 AND LOWER(p.given_name || ' ' || p.family_name) LIKE $2 \
         ORDER BY p.family_name, p.given_name, p.id LIMIT $3",
    )
    .bind(region.code())
    .bind(pattern)
    .bind(limit)
    .fetch_all(conn)
    .await?;
    rows.iter()
        .map(|row| {
            Ok((
                row.parse("id")?,
                format!("{} {}", row.text("given_name")?, row.text("family_name")?),
            ))
        })
        .collect()
}
