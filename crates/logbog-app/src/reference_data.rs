//! Reference data every installation needs: the three postgraduate regions with their
//! secretariats, the 39 specialties and the hospitals (embedded CSV files), ensured idempotently.

use crate::AppError;
use chrono::NaiveDate;
use logbog_db::reference::{self, Region};
use logbog_domain::{HospitalId, PostgraduateRegion, SpecialtyId};
use std::collections::HashMap;

const SPECIALTIES_CSV: &str = include_str!("../data/specialties.csv");
const HOSPITALS_CSV: &str = include_str!("../data/hospitals.csv");

/// One row of `data/specialties.csv`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct SpecialtyRow {
    pub name_da: String,
    pub name_en: String,
}

/// One row of `data/hospitals.csv`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct HospitalRow {
    pub region: PostgraduateRegion,
    pub administrative_region: String,
    pub name: String,
}

/// The ids of the reference data, for callers that build on it (the demo).
#[derive(Debug, Clone, Default)]
pub(crate) struct ReferenceIds {
    /// By Danish name.
    pub specialties: HashMap<String, SpecialtyId>,
    /// By name.
    pub hospitals: HashMap<String, HospitalId>,
}

/// Make sure the regions, specialties and hospitals exist. Idempotent: existing rows are kept as
/// they are (administrators may have edited a secretariat's contact details, DOMAIN §12).
pub async fn ensure_reference_data(conn: &mut logbog_db::Conn, today: NaiveDate) -> Result<(), AppError> {
    ensure_reference_ids(conn, today).await.map(|_| ())
}

/// The codes of the 39 specialties.
pub(crate) fn specialty_codes() -> Result<Vec<String>, AppError> {
    Ok(specialty_rows()?.iter().map(|r| specialty_code(&r.name_da)).collect())
}

/// [`ensure_reference_data`], returning the ids.
pub(crate) async fn ensure_reference_ids(
    conn: &mut logbog_db::Conn,
    today: NaiveDate,
) -> Result<ReferenceIds, AppError> {
    for region in regions() {
        if reference::find_region(&mut *conn, region.id).await?.is_none() {
            reference::upsert_region(&mut *conn, &region).await?;
        }
    }
    let mut ids = ReferenceIds::default();
    for row in specialty_rows()? {
        let code = specialty_code(&row.name_da);
        // A specialty joins this logbook the day it is registered here; what is known of an
        // earlier history (an import, the demo) sets an earlier date.
        let id = reference::ensure_specialty(&mut *conn, &code, &row.name_da, &row.name_en, today).await?;
        ids.specialties.insert(row.name_da, id);
    }
    for row in hospital_rows()? {
        let id = reference::ensure_hospital(&mut *conn, &row.name, &row.administrative_region, row.region).await?;
        ids.hospitals.insert(row.name, id);
    }
    Ok(ids)
}

/// The three postgraduate regions and their secretariats. Contact details are left empty: they
/// are for the operator to enter (DOMAIN §12); the demo fills in invented ones.
fn regions() -> Vec<Region> {
    let region = |id: PostgraduateRegion, name_en: &str, short: &str| Region {
        id,
        name_da: id.name_da().to_owned(),
        name_en: name_en.to_owned(),
        secretariat_name: format!("Sekretariatet for Lægelig Videreuddannelse, Region {short}"),
        secretariat_email: String::new(),
        secretariat_phone: String::new(),
        secretariat_url: String::new(),
    };
    vec![
        region(PostgraduateRegion::Nord, "Postgraduate Region North", "Nord"),
        region(PostgraduateRegion::Syd, "Postgraduate Region South", "Syd"),
        region(PostgraduateRegion::Oest, "Postgraduate Region East", "Øst"),
    ]
}

/// Invented contact details of the three secretariats, for the demo only.
pub(crate) fn demo_regions() -> Vec<Region> {
    let contact = [
        (
            PostgraduateRegion::Nord,
            "sekretariat.nord@example.dk",
            "+45 70 00 00 01",
            "https://nord.example.dk",
        ),
        (
            PostgraduateRegion::Syd,
            "sekretariat.syd@example.dk",
            "+45 70 00 00 02",
            "https://syd.example.dk",
        ),
        (
            PostgraduateRegion::Oest,
            "sekretariat.oest@example.dk",
            "+45 70 00 00 03",
            "https://oest.example.dk",
        ),
    ];
    regions()
        .into_iter()
        .map(|mut r| {
            if let Some((_, email, phone, url)) = contact.iter().find(|(id, ..)| *id == r.id) {
                r.secretariat_email = (*email).to_owned();
                r.secretariat_phone = (*phone).to_owned();
                r.secretariat_url = (*url).to_owned();
            }
            r
        })
        .collect()
}

/// The stable code of a specialty: its Danish name in lower-case ASCII (æ → ae, ø → oe,
/// å → aa), with every run of other characters turned into one `-`.
/// "Intern medicin: kardiologi" → "intern-medicin-kardiologi".
pub fn specialty_code(name_da: &str) -> String {
    let mut out = String::with_capacity(name_da.len());
    let mut pending_dash = false;
    for c in name_da.chars().flat_map(char::to_lowercase) {
        let ascii: Option<&str> = match c {
            'æ' | 'ä' => Some("ae"),
            'ø' | 'ö' => Some("oe"),
            'å' => Some("aa"),
            'é' | 'è' | 'ê' => Some("e"),
            'ü' => Some("u"),
            _ => None,
        };
        let mut push = |s: &str| {
            if pending_dash && !out.is_empty() {
                out.push('-');
            }
            pending_dash = false;
            out.push_str(s);
        };
        match ascii {
            Some(s) => push(s),
            None if c.is_ascii_alphanumeric() => push(c.encode_utf8(&mut [0; 4])),
            None => pending_dash = true,
        }
    }
    out
}

fn broken(file: &str, line: usize, why: impl std::fmt::Display) -> AppError {
    AppError::Internal(format!("embedded {file}, line {line}: {why}"))
}

/// The rows of an embedded CSV file after its header, each split into exactly `columns` fields.
fn csv_rows(file: &'static str, text: &'static str, header: &[&str]) -> Result<Vec<(usize, Vec<String>)>, AppError> {
    let mut lines = text.lines().enumerate().filter(|(_, l)| !l.trim().is_empty());
    let (_, first) = lines.next().ok_or_else(|| broken(file, 1, "empty file"))?;
    let got = split_csv_line(first).map_err(|e| broken(file, 1, e))?;
    if got != header {
        return Err(broken(file, 1, format!("header {got:?}, expected {header:?}")));
    }
    lines
        .map(|(i, line)| {
            let fields = split_csv_line(line).map_err(|e| broken(file, i + 1, e))?;
            if fields.len() != header.len() {
                return Err(broken(
                    file,
                    i + 1,
                    format!("{} fields, expected {}", fields.len(), header.len()),
                ));
            }
            Ok((i + 1, fields))
        })
        .collect()
}

/// Split one CSV line: fields separated by commas, optionally in double quotes (with `""` for a
/// quote inside). Fields are trimmed of surrounding spaces.
fn split_csv_line(line: &str) -> Result<Vec<String>, String> {
    let mut fields = Vec::new();
    let mut field = String::new();
    let mut chars = line.trim_end_matches('\r').chars().peekable();
    let mut quoted = false;
    let mut was_quoted = false;
    while let Some(c) = chars.next() {
        match (quoted, c) {
            (true, '"') if chars.peek() == Some(&'"') => {
                chars.next();
                field.push('"');
            }
            (true, '"') => quoted = false,
            (true, c) => field.push(c),
            (false, '"') if field.trim().is_empty() && !was_quoted => {
                field.clear();
                quoted = true;
                was_quoted = true;
            }
            (false, '"') => return Err("a quote in the middle of a field".into()),
            (false, ',') => {
                fields.push(field.trim().to_owned());
                field.clear();
                was_quoted = false;
            }
            (false, c) => field.push(c),
        }
    }
    if quoted {
        return Err("an unterminated quoted field".into());
    }
    fields.push(field.trim().to_owned());
    Ok(fields)
}

/// The 39 specialties of `data/specialties.csv`.
pub(crate) fn specialty_rows() -> Result<Vec<SpecialtyRow>, AppError> {
    csv_rows("specialties.csv", SPECIALTIES_CSV, &["name_da", "name_en"])?
        .into_iter()
        .map(|(_, f)| {
            let mut f = f.into_iter();
            Ok(SpecialtyRow {
                name_da: f.next().unwrap_or_default(),
                name_en: f.next().unwrap_or_default(),
            })
        })
        .collect()
}

/// The hospitals of `data/hospitals.csv`, each with its postgraduate region.
pub(crate) fn hospital_rows() -> Result<Vec<HospitalRow>, AppError> {
    csv_rows(
        "hospitals.csv",
        HOSPITALS_CSV,
        &["postgraduate_region", "region", "hospital"],
    )?
    .into_iter()
    .map(|(line, f)| {
        let mut f = f.into_iter();
        let short = f.next().unwrap_or_default();
        let region = PostgraduateRegion::from_short_name(&short)
            .ok_or_else(|| broken("hospitals.csv", line, format!("unknown postgraduate region {short:?}")))?;
        Ok(HospitalRow {
            region,
            administrative_region: f.next().unwrap_or_default(),
            name: f.next().unwrap_or_default(),
        })
    })
    .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    #[test]
    fn specialty_codes_are_ascii_slugs() {
        assert_eq!(
            specialty_code("Intern medicin: kardiologi"),
            "intern-medicin-kardiologi"
        );
        assert_eq!(specialty_code("Anæstesiologi"), "anaestesiologi");
        assert_eq!(
            specialty_code("Børne- og ungdomspsykiatri"),
            "boerne-og-ungdomspsykiatri"
        );
        assert_eq!(specialty_code("Oto-rhino-laryngologi"), "oto-rhino-laryngologi");
        assert_eq!(specialty_code("Ortopædisk kirurgi"), "ortopaedisk-kirurgi");
        assert_eq!(specialty_code("  Pædiatri "), "paediatri");
    }

    #[test]
    fn thirty_nine_specialties_with_unique_codes() {
        let rows = specialty_rows().unwrap();
        assert_eq!(rows.len(), 39);
        let codes: HashSet<String> = rows.iter().map(|r| specialty_code(&r.name_da)).collect();
        assert_eq!(codes.len(), 39);
        for r in &rows {
            assert!(!r.name_da.is_empty() && !r.name_en.is_empty(), "{r:?}");
            let code = specialty_code(&r.name_da);
            assert!(
                code.bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
            );
        }
        assert!(rows.iter().any(|r| r.name_da == "Intern medicin: kardiologi"));
    }

    #[test]
    fn every_hospital_maps_to_a_region() {
        let rows = hospital_rows().unwrap();
        assert_eq!(rows.len(), 26);
        let names: HashSet<&str> = rows.iter().map(|r| r.name.as_str()).collect();
        assert_eq!(names.len(), rows.len(), "hospital names are unique");
        for region in PostgraduateRegion::ALL {
            assert!(rows.iter().any(|r| r.region == *region), "{region}");
        }
        // The one quoted name keeps its comma.
        assert!(names.contains("Næstved, Slagelse og Ringsted Sygehuse"));
        let nord = ["Region Nordjylland", "Region Midtjylland"];
        for r in &rows {
            let expected = match r.administrative_region.as_str() {
                a if nord.contains(&a) => PostgraduateRegion::Nord,
                "Region Syddanmark" => PostgraduateRegion::Syd,
                "Region Hovedstaden" | "Region Sjælland" => PostgraduateRegion::Oest,
                other => panic!("unknown administrative region {other}"),
            };
            assert_eq!(r.region, expected, "{}", r.name);
        }
    }

    #[test]
    fn csv_lines_split_with_quotes() {
        assert_eq!(split_csv_line("a,b , c").unwrap(), ["a", "b", "c"]);
        assert_eq!(split_csv_line("a,\"b, c\",d").unwrap(), ["a", "b, c", "d"]);
        assert_eq!(split_csv_line("\"say \"\"hi\"\"\",x").unwrap(), ["say \"hi\"", "x"]);
        assert!(split_csv_line("a,\"b").is_err());
        assert!(split_csv_line("a,b\"c").is_err());
    }

    #[test]
    fn regions_cover_all_three() {
        let rs = regions();
        assert_eq!(rs.len(), 3);
        for r in PostgraduateRegion::ALL {
            assert!(
                rs.iter()
                    .any(|x| x.id == *r && x.secretariat_name.contains("Videreuddannelse"))
            );
        }
    }
}
