//! Reference data: postgraduate regions and their secretariats, hospitals, specialties, sites.

use crate::{Conn, DbError, RowExt, date_to_sql, instant_to_sql};
use chrono::{DateTime, NaiveDate, Utc};
use logbog_domain::{HospitalId, PostgraduateRegion, SiteId, SiteKind, SpecialtyId};

/// A postgraduate region and its secretariat's contact details.
#[derive(Debug, Clone, PartialEq)]
pub struct Region {
    pub id: PostgraduateRegion,
    pub name_da: String,
    pub name_en: String,
    pub secretariat_name: String,
    pub secretariat_email: String,
    pub secretariat_phone: String,
    pub secretariat_url: String,
}

pub async fn upsert_region(conn: &mut Conn, r: &Region) -> Result<(), DbError> {
    sqlx::query(
        "INSERT INTO postgraduate_regions (id, name_da, name_en, secretariat_name, secretariat_email, secretariat_phone, secretariat_url) \
         VALUES ($1, $2, $3, $4, $5, $6, $7) \
         ON CONFLICT (id) DO UPDATE SET name_da = excluded.name_da, name_en = excluded.name_en, \
           secretariat_name = excluded.secretariat_name, secretariat_email = excluded.secretariat_email, \
           secretariat_phone = excluded.secretariat_phone, secretariat_url = excluded.secretariat_url",
    )
    .bind(r.id.code())
    .bind(&r.name_da)
    .bind(&r.name_en)
    .bind(&r.secretariat_name)
    .bind(&r.secretariat_email)
    .bind(&r.secretariat_phone)
    .bind(&r.secretariat_url)
    .execute(conn)
    .await?;
    Ok(())
}

pub async fn find_region(conn: &mut Conn, id: PostgraduateRegion) -> Result<Option<Region>, DbError> {
    let row = sqlx::query("SELECT * FROM postgraduate_regions WHERE id = $1")
        .bind(id.code())
        .fetch_optional(conn)
        .await?;
    row.map(|row| {
        Ok(Region {
            id: row.parse("id")?,
            name_da: row.text("name_da")?,
            name_en: row.text("name_en")?,
            secretariat_name: row.text("secretariat_name")?,
            secretariat_email: row.text("secretariat_email")?,
            secretariat_phone: row.text("secretariat_phone")?,
            secretariat_url: row.text("secretariat_url")?,
        })
    })
    .transpose()
}

/// Insert a hospital unless one of that name exists; returns its id either way.
pub async fn ensure_hospital(
    conn: &mut Conn,
    name: &str,
    administrative_region: &str,
    region: PostgraduateRegion,
) -> Result<HospitalId, DbError> {
    if let Some(id) = sqlx::query_scalar::<_, String>("SELECT id FROM hospitals WHERE name = $1")
        .bind(name)
        .fetch_optional(&mut *conn)
        .await?
    {
        return id.parse().map_err(|_| DbError::Corrupt("bad hospital id".into()));
    }
    let id = HospitalId::new();
    sqlx::query(
        "INSERT INTO hospitals (id, name, administrative_region, postgraduate_region_id) VALUES ($1, $2, $3, $4)",
    )
    .bind(id.to_string())
    .bind(name)
    .bind(administrative_region)
    .bind(region.code())
    .execute(conn)
    .await?;
    Ok(id)
}

/// A specialty.
#[derive(Debug, Clone, PartialEq)]
pub struct Specialty {
    pub id: SpecialtyId,
    pub code: String,
    pub name_da: String,
    pub name_en: String,
    pub joined_logbook_on: NaiveDate,
}

/// Insert a specialty unless one with that code exists; returns its id either way.
pub async fn ensure_specialty(
    conn: &mut Conn,
    code: &str,
    name_da: &str,
    name_en: &str,
    joined_logbook_on: NaiveDate,
) -> Result<SpecialtyId, DbError> {
    if let Some(id) = sqlx::query_scalar::<_, String>("SELECT id FROM specialties WHERE code = $1")
        .bind(code)
        .fetch_optional(&mut *conn)
        .await?
    {
        return id.parse().map_err(|_| DbError::Corrupt("bad specialty id".into()));
    }
    let id = SpecialtyId::new();
    sqlx::query("INSERT INTO specialties (id, code, name_da, name_en, joined_logbook_on) VALUES ($1, $2, $3, $4, $5)")
        .bind(id.to_string())
        .bind(code)
        .bind(name_da)
        .bind(name_en)
        .bind(date_to_sql(joined_logbook_on))
        .execute(conn)
        .await?;
    Ok(id)
}

/// Record an earlier date on which a specialty (by code) joined the electronic logbook.
pub async fn set_joined_logbook_on(conn: &mut Conn, code: &str, joined: NaiveDate) -> Result<(), DbError> {
    sqlx::query("UPDATE specialties SET joined_logbook_on = $1 WHERE code = $2")
        .bind(date_to_sql(joined))
        .bind(code)
        .execute(conn)
        .await?;
    Ok(())
}

pub async fn list_specialties(conn: &mut Conn) -> Result<Vec<Specialty>, DbError> {
    let rows = sqlx::query("SELECT * FROM specialties ORDER BY name_da")
        .fetch_all(conn)
        .await?;
    rows.iter()
        .map(|row| {
            Ok(Specialty {
                id: row.parse("id")?,
                code: row.text("code")?,
                name_da: row.text("name_da")?,
                name_en: row.text("name_en")?,
                joined_logbook_on: row.date("joined_logbook_on")?,
            })
        })
        .collect()
}

/// A training site: a hospital department or a practice.
#[derive(Debug, Clone, PartialEq)]
pub struct Site {
    pub id: SiteId,
    pub kind: SiteKind,
    pub name: String,
    pub hospital_name: Option<String>,
    pub region: PostgraduateRegion,
    pub specialty_id: Option<SpecialtyId>,
    pub address: String,
}

/// A new site.
#[derive(Debug, Clone)]
pub struct NewSite<'a> {
    pub kind: SiteKind,
    pub name: &'a str,
    pub hospital_id: Option<HospitalId>,
    pub region: PostgraduateRegion,
    pub specialty_id: Option<SpecialtyId>,
    pub address: &'a str,
}

pub async fn insert_site(conn: &mut Conn, s: &NewSite<'_>, now: DateTime<Utc>) -> Result<SiteId, DbError> {
    let id = SiteId::new();
    sqlx::query(
        "INSERT INTO sites (id, kind, name, hospital_id, postgraduate_region_id, specialty_id, address, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
    )
    .bind(id.to_string())
    .bind(s.kind.code())
    .bind(s.name)
    .bind(s.hospital_id.map(|h| h.to_string()))
    .bind(s.region.code())
    .bind(s.specialty_id.map(|h| h.to_string()))
    .bind(s.address)
    .bind(instant_to_sql(now))
    .execute(conn)
    .await?;
    Ok(id)
}

pub async fn find_site(conn: &mut Conn, id: SiteId) -> Result<Option<Site>, DbError> {
    let row = sqlx::query(
        "SELECT s.id, s.kind, s.name, h.name AS hospital_name, s.postgraduate_region_id, s.specialty_id, s.address \
         FROM sites s LEFT JOIN hospitals h ON h.id = s.hospital_id WHERE s.id = $1",
    )
    .bind(id.to_string())
    .fetch_optional(conn)
    .await?;
    row.map(|row| {
        Ok(Site {
            id: row.parse("id")?,
            kind: row.parse("kind")?,
            name: row.text("name")?,
            hospital_name: row.opt_text("hospital_name")?,
            region: row.parse("postgraduate_region_id")?,
            specialty_id: row.opt_parse("specialty_id")?,
            address: row.text("address")?,
        })
    })
    .transpose()
}
