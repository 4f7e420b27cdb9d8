//! Who relates to whom on a day: the roles a person holds towards a trainee, the trainees of a
//! supervisor, training lead or tutor, and the staff of sites. Facts only; the rules that use
//! them are in `logbog_domain::rights`.

use crate::{Conn, DbError, RowExt, date_to_sql};
use chrono::NaiveDate;
use logbog_domain::{PersonId, SiteId};

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
    let rows: Vec<String> = sqlx::query_scalar(concat!(
        "SELECT 'supervisor' FROM supervisions s WHERE s.supervisor_id = $1 AND s.trainee_id = $2 \
           AND ",
        crate::supervision_in_force!("s", "$3"),
        " \
         UNION \
         SELECT g.role FROM programmes p JOIN employments e ON e.programme_id = p.id \
           JOIN role_grants g ON g.scope_id = e.site_id \
           WHERE p.trainee_id = $2 AND e.start_date <= $3 AND e.end_date >= $3 \
             AND g.person_id = $1 AND g.role IN ('training_lead', 'tutor') AND g.ended_at IS NULL \
             AND ",
        crate::in_force!("g", "$3"),
        " \
         UNION \
         SELECT g.role FROM role_grants g JOIN programmes p ON p.postgraduate_region_id = g.scope_id \
           WHERE g.person_id = $1 AND g.role = 'secretariat' AND g.ended_at IS NULL \
             AND ",
        crate::in_force!("g", "$3"),
        " AND p.trainee_id = $2"
    ))
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
    let rows = sqlx::query(concat!(
        "SELECT s.trainee_id, 'supervisor' AS role, si.name AS site_name, s.valid_until AS until \
           FROM supervisions s JOIN sites si ON si.id = s.site_id \
           WHERE s.supervisor_id = $1 AND ",
        crate::supervision_in_force!("s", "$2"),
        " \
         UNION \
         SELECT p.trainee_id, g.role, si.name, e.end_date \
           FROM role_grants g JOIN employments e ON e.site_id = g.scope_id \
           JOIN programmes p ON p.id = e.programme_id JOIN sites si ON si.id = e.site_id \
           WHERE g.person_id = $1 AND g.role IN ('training_lead', 'tutor') AND g.ended_at IS NULL \
             AND ",
        crate::in_force!("g", "$2"),
        " \
             AND e.start_date <= $2 AND e.end_date >= $2"
    ))
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

/// The roles (training lead, tutor) `person` holds for `site` on `day`.
pub async fn roles_at_site(
    conn: &mut Conn,
    person: PersonId,
    site: SiteId,
    day: NaiveDate,
) -> Result<Vec<logbog_domain::Role>, DbError> {
    let d = date_to_sql(day);
    let rows: Vec<String> = sqlx::query_scalar(concat!(
        "SELECT role FROM role_grants WHERE person_id = $1 AND scope_id = $2 AND role IN ('training_lead', 'tutor') \
           AND ended_at IS NULL AND ",
        crate::in_force!("role_grants", "$3"),
        ""
    ))
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
        concat!("SELECT g.person_id, g.role, p.given_name, p.family_name FROM role_grants g JOIN people p ON p.id = g.person_id \
         WHERE g.scope_id = $1 AND g.role IN ('training_lead', 'tutor') AND g.ended_at IS NULL \
           AND ", crate::in_force!("g", "$2"), " ORDER BY p.family_name"),
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
        concat!(
            "SELECT g.person_id, g.scope_id, p.given_name, p.family_name FROM role_grants g JOIN people p ON p.id = g.person_id \
             WHERE g.role = 'supervisor' AND g.ended_at IS NULL AND ",
            crate::in_force!("g", "$1"),
            " AND g.scope_id IN ({params}) ORDER BY p.family_name, p.given_name"
        ),
        params = params
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
