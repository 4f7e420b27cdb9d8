//! Invented, deterministic identities for the national dataset: Danish-looking names, CPR-like
//! numbers that are unique and valid, usernames, authorisation ids, and ids made from the seeded
//! random generator (UUID v7 stamped with the moment a row was made), so that a resumed seed
//! recomputes exactly the ids of the first run.

use crate::AppError;
use chrono::{DateTime, Datelike, Days, NaiveDate, NaiveTime, Utc};
use chrono_tz::Europe::Copenhagen;
use logbog_domain::Cpr;
use rand::rngs::StdRng;
use rand::{Rng, RngCore, SeedableRng};
use std::collections::HashSet;

const FEMALE: &[&str] = &[
    "Anne", "Mette", "Kirsten", "Hanne", "Helle", "Susanne", "Lene", "Camilla", "Ida", "Emma", "Sofie", "Julie",
    "Maria", "Louise", "Sara", "Cecilie", "Katrine", "Line", "Maja", "Freja", "Nanna", "Signe", "Astrid", "Clara",
    "Laura", "Mathilde", "Rikke", "Tine", "Trine", "Karen",
];
const MALE: &[&str] = &[
    "Peter",
    "Jens",
    "Lars",
    "Michael",
    "Henrik",
    "Thomas",
    "Søren",
    "Jesper",
    "Niels",
    "Anders",
    "Rasmus",
    "Mads",
    "Emil",
    "Frederik",
    "Mikkel",
    "Oliver",
    "William",
    "Magnus",
    "Christian",
    "Martin",
    "Jakob",
    "Simon",
    "Kasper",
    "Mathias",
    "Jonas",
    "Morten",
    "Kristian",
    "Anton",
    "Asger",
    "Troels",
];
const FAMILY: &[&str] = &[
    "Nielsen",
    "Jensen",
    "Hansen",
    "Pedersen",
    "Andersen",
    "Christensen",
    "Larsen",
    "Sørensen",
    "Rasmussen",
    "Jørgensen",
    "Petersen",
    "Madsen",
    "Kristensen",
    "Olsen",
    "Thomsen",
    "Christiansen",
    "Poulsen",
    "Johansen",
    "Møller",
    "Mortensen",
    "Knudsen",
    "Jakobsen",
    "Mikkelsen",
    "Olesen",
    "Frederiksen",
    "Laursen",
    "Henriksen",
    "Lund",
    "Holm",
    "Schmidt",
    "Eriksen",
    "Kristiansen",
    "Clausen",
    "Simonsen",
    "Svendsen",
    "Andreasen",
    "Iversen",
    "Jeppesen",
    "Vestergaard",
    "Mogensen",
    "Nygaard",
    "Bech",
    "Dam",
    "Bak",
    "Lauridsen",
    "Kjær",
    "Overgaard",
    "Holst",
    "Bruun",
    "Skov",
];

/// A random generator seeded from the dataset's seed and a stream number, so that every part
/// (the world, each trainee, each view period) draws the same numbers on every run.
pub(super) fn rng(seed: u64, stream: u64) -> StdRng {
    StdRng::seed_from_u64(seed ^ stream.wrapping_mul(0x9E37_79B9_7F4A_7C15).rotate_left(17))
}

/// A UUID v7 stamped with `at`, its random part from `rng`.
pub(super) fn uuid_at(rng: &mut StdRng, at: DateTime<Utc>) -> uuid::Uuid {
    let mut bytes = [0u8; 10];
    rng.fill_bytes(&mut bytes);
    uuid::Builder::from_unix_timestamp_millis(at.timestamp_millis().max(0) as u64, &bytes).into_uuid()
}

/// A given name and family name.
pub(super) fn name(rng: &mut StdRng, female: bool) -> (&'static str, &'static str) {
    let given = if female { FEMALE } else { MALE };
    (
        given[rng.random_range(0..given.len())],
        FAMILY[rng.random_range(0..FAMILY.len())],
    )
}

/// ASCII lower case for usernames and addresses: æ ø å as ae oe aa.
pub(super) fn ascii(s: &str) -> String {
    crate::reference_data::specialty_code(s)
}

/// `given.family.NNNNN`: two dots, which no demo account has, and the person's number, which
/// makes it unique.
pub(super) fn username(given: &str, family: &str, number: u32) -> String {
    format!("{}.{}.{number:05}", ascii(given), ascii(family))
}

pub(super) fn email(given: &str, family: &str, number: u32) -> String {
    format!("{}.{}.{number}@example.dk", ascii(given), ascii(family))
}

/// CPR numbers not used before: the demo's (given at the start) and each one handed out.
pub(super) struct CprBook {
    used: HashSet<String>,
}

impl CprBook {
    pub(super) fn new(existing: impl IntoIterator<Item = String>) -> Self {
        Self {
            used: existing.into_iter().collect(),
        }
    }

    /// A CPR number of someone born `age_days` before `today`: the seventh digit gives the
    /// century (0–3 for the 1900s, 4 for 2000–2036), the last is odd for men and even for women.
    pub(super) fn issue(
        &mut self,
        rng: &mut StdRng,
        today: NaiveDate,
        age_days: u64,
        female: bool,
    ) -> Result<Cpr, AppError> {
        let birth = today
            .checked_sub_days(Days::new(age_days))
            .ok_or_else(|| AppError::Internal("no birth date for a generated person".into()))?;
        for _ in 0..10_000 {
            let seventh: u32 = if birth.year() >= 2000 {
                4
            } else {
                rng.random_range(0..4)
            };
            let mut serial = seventh * 1000 + rng.random_range(0..1000u32);
            if female == (serial % 2 == 1) {
                serial ^= 1;
            }
            let text = format!(
                "{:02}{:02}{:02}-{serial:04}",
                birth.day(),
                birth.month(),
                birth.year() % 100
            );
            if self.used.insert(text.clone()) {
                return Cpr::parse(&text).map_err(|e| AppError::Internal(format!("generated CPR {text}: {e}")));
            }
        }
        Err(AppError::Internal(format!("no free CPR number for {birth}")))
    }
}

/// A Copenhagen wall-clock time on `day`, as an instant.
pub(super) fn instant(day: NaiveDate, hour: u32, minute: u32) -> DateTime<Utc> {
    let local = day.and_time(NaiveTime::from_hms_opt(hour, minute, 0).unwrap_or_default());
    local
        .and_local_timezone(Copenhagen)
        .earliest()
        .map(|t| t.with_timezone(&Utc))
        .unwrap_or_else(|| local.and_utc())
}

/// A working-hours instant on a random day of `from..=to` (`from` when the range is empty).
pub(super) fn working_time(rng: &mut StdRng, from: NaiveDate, to: NaiveDate) -> DateTime<Utc> {
    let span = (to - from).num_days().max(0) as u64;
    let day = from + Days::new(rng.random_range(0..=span));
    instant(day, rng.random_range(9..16), rng.random_range(0..60))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cpr_numbers_are_valid_unique_and_of_the_right_sex() {
        let today = NaiveDate::from_ymd_opt(2026, 11, 26).unwrap();
        let mut book = CprBook::new(Vec::new());
        let mut r = rng(1, 2);
        let mut seen = HashSet::new();
        for i in 0..3000u64 {
            let female = i % 2 == 0;
            let cpr = book.issue(&mut r, today, 9000 + i % 400, female).unwrap();
            assert!(seen.insert(cpr.full()));
            let last = cpr.full().chars().last().unwrap().to_digit(10).unwrap();
            assert_eq!(last % 2 == 0, female);
            assert_eq!(
                cpr.birth_date().unwrap(),
                today.checked_sub_days(Days::new(9000 + i % 400)).unwrap()
            );
        }
    }

    #[test]
    fn ids_are_deterministic_v7() {
        let at = instant(NaiveDate::from_ymd_opt(2020, 1, 1).unwrap(), 9, 0);
        let a = uuid_at(&mut rng(7, 1), at);
        assert_eq!(a, uuid_at(&mut rng(7, 1), at));
        assert_ne!(a, uuid_at(&mut rng(7, 2), at));
        assert_eq!(a.get_version_num(), 7);
        assert_eq!(username("Søren", "Møller", 12), "soeren.moeller.00012");
    }
}
