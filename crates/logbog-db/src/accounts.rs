//! People, their login accounts and their role grants.

use crate::{Conn, DbError, RowExt, date_to_sql, instant_to_sql};
use chrono::{DateTime, NaiveDate, Utc};
use logbog_domain::{AccountId, Cpr, GrantId, PersonId, Role, ScopeKind};
use sqlx::any::AnyRow;

/// A natural person.
#[derive(Debug, Clone, PartialEq)]
pub struct Person {
    pub id: PersonId,
    pub given_name: String,
    pub family_name: String,
    pub cpr: Option<Cpr>,
    pub authorisation_id: Option<String>,
    pub email: Option<String>,
}

impl Person {
    pub fn full_name(&self) -> String {
        format!("{} {}", self.given_name, self.family_name)
    }
}

/// A login account, with its person.
#[derive(Debug, Clone)]
pub struct Account {
    pub id: AccountId,
    pub person: Person,
    pub username: String,
    pub password_hash: String,
    pub locale: String,
    pub disabled: bool,
}

/// A role grant with the display name of its scope.
#[derive(Debug, Clone, PartialEq)]
pub struct Grant {
    pub id: GrantId,
    pub person_id: PersonId,
    pub role: Role,
    pub scope_kind: ScopeKind,
    pub scope_id: Option<String>,
    pub scope_name: Option<String>,
    pub valid_from: NaiveDate,
    pub valid_until: Option<NaiveDate>,
    pub ended_at: Option<DateTime<Utc>>,
}

impl Grant {
    /// Whether the grant is in force on `day`.
    pub fn is_current(&self, day: NaiveDate) -> bool {
        self.ended_at.is_none() && self.valid_from <= day && self.valid_until.is_none_or(|u| day <= u)
    }
}

/// A new person to insert.
#[derive(Debug, Clone)]
pub struct NewPerson<'a> {
    pub given_name: &'a str,
    pub family_name: &'a str,
    pub cpr: Option<&'a Cpr>,
    pub authorisation_id: Option<&'a str>,
    pub email: Option<&'a str>,
}

pub async fn insert_person(conn: &mut Conn, p: &NewPerson<'_>, now: DateTime<Utc>) -> Result<PersonId, DbError> {
    let id = PersonId::new();
    sqlx::query(
        "INSERT INTO people (id, given_name, family_name, cpr, authorisation_id, email, created_at, search_name) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
    )
    .bind(id.to_string())
    .bind(p.given_name)
    .bind(p.family_name)
    .bind(p.cpr.map(Cpr::full))
    .bind(p.authorisation_id)
    .bind(p.email)
    .bind(instant_to_sql(now))
    .bind(search_name(p.given_name, p.family_name))
    .execute(conn)
    .await?;
    Ok(id)
}

/// A full name as it is searched: lower case by Unicode's rules, on both backends.
pub fn search_name(given: &str, family: &str) -> String {
    format!("{given} {family}").to_lowercase()
}

/// Fill in the search name of people written before it was kept (migration 3).
pub(crate) async fn fill_search_names(conn: &mut Conn) -> Result<(), DbError> {
    let rows = sqlx::query("SELECT id, given_name, family_name FROM people WHERE search_name IS NULL")
        .fetch_all(&mut *conn)
        .await?;
    for row in &rows {
        sqlx::query("UPDATE people SET search_name = $1 WHERE id = $2")
            .bind(search_name(&row.text("given_name")?, &row.text("family_name")?))
            .bind(row.text("id")?)
            .execute(&mut *conn)
            .await?;
    }
    Ok(())
}

pub async fn insert_account(
    conn: &mut Conn,
    person_id: PersonId,
    username: &str,
    password_hash: &str,
    now: DateTime<Utc>,
) -> Result<AccountId, DbError> {
    let id = AccountId::new();
    sqlx::query(
        "INSERT INTO accounts (id, person_id, username, password_hash, locale, disabled, created_at) \
         VALUES ($1, $2, $3, $4, 'da', 0, $5)",
    )
    .bind(id.to_string())
    .bind(person_id.to_string())
    .bind(username.to_lowercase())
    .bind(password_hash)
    .bind(instant_to_sql(now))
    .execute(conn)
    .await?;
    Ok(id)
}

macro_rules! account_columns {
    () => {
        "a.id AS account_id, a.username, a.password_hash, a.locale, a.disabled, \
     p.id AS person_id, p.given_name, p.family_name, p.cpr, p.authorisation_id, p.email"
    };
}
pub(crate) use account_columns;

pub(crate) fn person_from_row(row: &AnyRow) -> Result<Person, DbError> {
    Ok(Person {
        id: row.parse("person_id")?,
        given_name: row.text("given_name")?,
        family_name: row.text("family_name")?,
        cpr: row
            .opt_text("cpr")?
            .map(|c| Cpr::parse(&c).map_err(|_| DbError::Corrupt("bad CPR in people".into())))
            .transpose()?,
        authorisation_id: row.opt_text("authorisation_id")?,
        email: row.opt_text("email")?,
    })
}

pub(crate) fn account_from_row(row: &AnyRow) -> Result<Account, DbError> {
    Ok(Account {
        id: row.parse("account_id")?,
        person: person_from_row(row)?,
        username: row.text("username")?,
        password_hash: row.text("password_hash")?,
        locale: row.text("locale")?,
        disabled: row.int("disabled")? != 0,
    })
}

pub async fn find_by_username(conn: &mut Conn, username: &str) -> Result<Option<Account>, DbError> {
    let row = sqlx::query(concat!(
        "SELECT ",
        account_columns!(),
        " FROM accounts a JOIN people p ON p.id = a.person_id WHERE a.username = $1"
    ))
    .bind(username.trim().to_lowercase())
    .fetch_optional(conn)
    .await?;
    row.as_ref().map(account_from_row).transpose()
}

pub async fn find_by_id(conn: &mut Conn, id: AccountId) -> Result<Option<Account>, DbError> {
    let row = sqlx::query(concat!(
        "SELECT ",
        account_columns!(),
        " FROM accounts a JOIN people p ON p.id = a.person_id WHERE a.id = $1"
    ))
    .bind(id.to_string())
    .fetch_optional(conn)
    .await?;
    row.as_ref().map(account_from_row).transpose()
}

pub async fn find_person(conn: &mut Conn, id: PersonId) -> Result<Option<Person>, DbError> {
    let row = sqlx::query(
        "SELECT id AS person_id, given_name, family_name, cpr, authorisation_id, email FROM people WHERE id = $1",
    )
    .bind(id.to_string())
    .fetch_optional(conn)
    .await?;
    row.as_ref().map(person_from_row).transpose()
}

pub async fn count_accounts(conn: &mut Conn) -> Result<i64, DbError> {
    Ok(sqlx::query_scalar("SELECT COUNT(*) FROM accounts")
        .fetch_one(conn)
        .await?)
}

pub async fn record_login(conn: &mut Conn, id: AccountId, now: DateTime<Utc>) -> Result<(), DbError> {
    sqlx::query("UPDATE accounts SET last_login_at = $1 WHERE id = $2")
        .bind(instant_to_sql(now))
        .bind(id.to_string())
        .execute(conn)
        .await?;
    Ok(())
}

pub async fn set_locale(conn: &mut Conn, id: AccountId, locale: &str) -> Result<(), DbError> {
    sqlx::query("UPDATE accounts SET locale = $1 WHERE id = $2")
        .bind(locale)
        .bind(id.to_string())
        .execute(conn)
        .await?;
    Ok(())
}

/// A new grant of a role.
#[derive(Debug, Clone)]
pub struct NewGrant<'a> {
    pub person_id: PersonId,
    pub role: Role,
    pub scope_id: Option<&'a str>,
    pub valid_from: NaiveDate,
    pub valid_until: Option<NaiveDate>,
    pub granted_by: Option<PersonId>,
}

pub async fn insert_grant(conn: &mut Conn, g: &NewGrant<'_>, now: DateTime<Utc>) -> Result<GrantId, DbError> {
    let id = GrantId::new();
    sqlx::query(
        "INSERT INTO role_grants (id, person_id, role, scope_kind, scope_id, valid_from, valid_until, granted_by, granted_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
    )
    .bind(id.to_string())
    .bind(g.person_id.to_string())
    .bind(g.role.code())
    .bind(g.role.scope_kind().code())
    .bind(g.scope_id)
    .bind(date_to_sql(g.valid_from))
    .bind(g.valid_until.map(date_to_sql))
    .bind(g.granted_by.map(|p| p.to_string()))
    .bind(instant_to_sql(now))
    .execute(conn)
    .await?;
    Ok(id)
}

/// All grants of a person, with scope names, newest first.
pub async fn grants_of(conn: &mut Conn, person_id: PersonId) -> Result<Vec<Grant>, DbError> {
    let rows = sqlx::query(
        "SELECT g.id, g.person_id, g.role, g.scope_kind, g.scope_id, g.valid_from, g.valid_until, g.ended_at, \
                COALESCE(s.name, r.name_da, sp.name_da) AS scope_name \
         FROM role_grants g \
         LEFT JOIN sites s ON g.scope_kind = 'site' AND s.id = g.scope_id \
         LEFT JOIN postgraduate_regions r ON g.scope_kind = 'region' AND r.id = g.scope_id \
         LEFT JOIN specialties sp ON g.scope_kind = 'specialty' AND sp.id = g.scope_id \
         WHERE g.person_id = $1 ORDER BY g.valid_from DESC, g.id",
    )
    .bind(person_id.to_string())
    .fetch_all(conn)
    .await?;
    rows.iter()
        .map(|row| {
            Ok(Grant {
                id: row.parse("id")?,
                person_id: row.parse("person_id")?,
                role: row.parse("role")?,
                scope_kind: row.parse("scope_kind")?,
                scope_id: row.opt_text("scope_id")?,
                scope_name: row.opt_text("scope_name")?,
                valid_from: row.date("valid_from")?,
                valid_until: row.opt_date("valid_until")?,
                ended_at: row.opt_instant("ended_at")?,
            })
        })
        .collect()
}

/// A site role (training lead, tutor) granted by a secretariat, as its page lists it.
#[derive(Debug, Clone, PartialEq)]
pub struct SiteGrant {
    pub id: GrantId,
    pub region: logbog_domain::PostgraduateRegion,
    pub person_name: String,
    pub username: Option<String>,
    pub role: Role,
    pub site_id: String,
    pub site_name: String,
    pub valid_from: NaiveDate,
    pub valid_until: Option<NaiveDate>,
    pub ended_at: Option<DateTime<Utc>>,
    /// Who gave it, and when.
    pub granted_by_name: Option<String>,
    pub granted_at: DateTime<Utc>,
}

/// Training lead and tutor grants on the sites of `regions`: by region, those in force first,
/// then by site and name; `limit` of them after skipping `offset`. One query.
pub async fn site_grants_in_regions(
    conn: &mut Conn,
    regions: &[logbog_domain::PostgraduateRegion],
    limit: i64,
    offset: i64,
) -> Result<Vec<SiteGrant>, DbError> {
    if regions.is_empty() {
        return Ok(Vec::new());
    }
    let params = crate::sql::in_list_params(3, regions.len());
    // Only numbered parameters are formatted in; the values are bound.
    let mut q = sqlx::query(sqlx::AssertSqlSafe(format!(
        "SELECT g.id, g.role, g.scope_id, g.valid_from, g.valid_until, g.ended_at, g.granted_at, p.given_name, p.family_name, \
                a.username, s.name AS site_name, s.postgraduate_region_id, b.given_name AS by_given, b.family_name AS by_family \
         FROM role_grants g JOIN sites s ON s.id = g.scope_id JOIN people p ON p.id = g.person_id \
         LEFT JOIN accounts a ON a.person_id = p.id LEFT JOIN people b ON b.id = g.granted_by \
         WHERE g.role IN ('training_lead', 'tutor') AND s.postgraduate_region_id IN ({params}) \
         ORDER BY s.postgraduate_region_id, g.ended_at IS NOT NULL, s.name, p.family_name, g.id LIMIT $1 OFFSET $2"
    )))
    .bind(limit)
    .bind(offset);
    for r in regions {
        q = q.bind(r.code());
    }
    let rows = q.fetch_all(conn).await?;
    rows.iter()
        .map(|row| {
            Ok(SiteGrant {
                region: row.parse("postgraduate_region_id")?,
                id: row.parse("id")?,
                person_name: format!("{} {}", row.text("given_name")?, row.text("family_name")?),
                username: row.opt_text("username")?,
                role: row.parse("role")?,
                site_id: row.text("scope_id")?,
                site_name: row.text("site_name")?,
                valid_from: row.date("valid_from")?,
                valid_until: row.opt_date("valid_until")?,
                ended_at: row.opt_instant("ended_at")?,
                granted_by_name: match (row.opt_text("by_given")?, row.opt_text("by_family")?) {
                    (Some(g), Some(f)) => Some(format!("{g} {f}")),
                    _ => None,
                },
                granted_at: row.instant("granted_at")?,
            })
        })
        .collect()
}

/// How many training lead and tutor grants the sites of `regions` have.
pub async fn count_site_grants_in_regions(
    conn: &mut Conn,
    regions: &[logbog_domain::PostgraduateRegion],
) -> Result<u64, DbError> {
    if regions.is_empty() {
        return Ok(0);
    }
    let params = crate::sql::in_list_params(1, regions.len());
    let mut q = sqlx::query_scalar::<_, i64>(sqlx::AssertSqlSafe(format!(
        "SELECT COUNT(*) FROM role_grants g JOIN sites s ON s.id = g.scope_id \
         WHERE g.role IN ('training_lead', 'tutor') AND s.postgraduate_region_id IN ({params})"
    )));
    for r in regions {
        q = q.bind(r.code());
    }
    Ok(u64::try_from(q.fetch_one(conn).await?).unwrap_or(0))
}

/// A grant with the region of its site, if it is scoped to a site.
pub async fn find_grant(conn: &mut Conn, id: GrantId) -> Result<Option<(Grant, Option<String>)>, DbError> {
    let row = sqlx::query(
        "SELECT g.id, g.person_id, g.role, g.scope_kind, g.scope_id, g.valid_from, g.valid_until, g.ended_at, \
                s.name AS scope_name, s.postgraduate_region_id \
         FROM role_grants g LEFT JOIN sites s ON g.scope_kind = 'site' AND s.id = g.scope_id WHERE g.id = $1",
    )
    .bind(id.to_string())
    .fetch_optional(conn)
    .await?;
    row.map(|row| {
        Ok((
            Grant {
                id: row.parse("id")?,
                person_id: row.parse("person_id")?,
                role: row.parse("role")?,
                scope_kind: row.parse("scope_kind")?,
                scope_id: row.opt_text("scope_id")?,
                scope_name: row.opt_text("scope_name")?,
                valid_from: row.date("valid_from")?,
                valid_until: row.opt_date("valid_until")?,
                ended_at: row.opt_instant("ended_at")?,
            },
            row.opt_text("postgraduate_region_id")?,
        ))
    })
    .transpose()
}

/// End a grant at once; false when it had ended already.
pub async fn end_grant(
    conn: &mut Conn,
    id: GrantId,
    last_day: NaiveDate,
    ended_by: PersonId,
    now: DateTime<Utc>,
) -> Result<bool, DbError> {
    let done = sqlx::query(
        "UPDATE role_grants SET valid_until = $1, ended_by = $2, ended_at = $3 WHERE id = $4 AND ended_at IS NULL",
    )
    .bind(date_to_sql(last_day))
    .bind(ended_by.to_string())
    .bind(instant_to_sql(now))
    .bind(id.to_string())
    .execute(conn)
    .await?;
    Ok(done.rows_affected() > 0)
}
