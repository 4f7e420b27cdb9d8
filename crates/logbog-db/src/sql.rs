//! How domain values map to columns on both backends, and small helpers for reading rows.

use crate::DbError;
use chrono::{DateTime, NaiveDate, Utc};
use sha2::{Digest, Sha256};
use sqlx::Row;
use sqlx::any::AnyRow;
use std::str::FromStr;

pub(crate) fn sha256_hex(bytes: &[u8]) -> String {
    hex::encode(Sha256::digest(bytes))
}

/// The SQL condition that a row of a dated relation (a role grant or a supervision, aliased
/// `$t`) is in force on the day bound at parameter `$day` (e.g. `"$2"`). Ending a grant or a
/// supervision moves its `valid_until` to the day before, so this is the one test of "in force".
/// Expands to a string literal, for use inside `concat!`, so no SQL is assembled at run time.
#[macro_export]
macro_rules! in_force {
    ($t:literal, $day:literal) => {
        concat!(
            "(",
            $t,
            ".valid_from <= ",
            $day,
            " AND (",
            $t,
            ".valid_until IS NULL OR ",
            $t,
            ".valid_until >= ",
            $day,
            "))"
        )
    };
}

/// The SQL condition that a supervision (aliased `$s`) gives its supervisor access on the day
/// bound at `$day`: in force, and the trainee employed that day at the supervision's site. A
/// supervisor's access, given by a site's training lead or tutor, ends when the employment there
/// ends (DOMAIN §7), whatever end date the grant named.
#[macro_export]
macro_rules! supervision_in_force {
    ($s:literal, $day:literal) => {
        concat!(
            "(",
            $crate::in_force!($s, $day),
            " AND EXISTS (SELECT 1 FROM programmes sp JOIN employments se ON se.programme_id = sp.id \
               WHERE sp.trainee_id = ",
            $s,
            ".trainee_id AND se.site_id = ",
            $s,
            ".site_id \
               AND se.start_date <= ",
            $day,
            " AND se.end_date >= ",
            $day,
            "))"
        )
    };
}

/// Numbered parameters `$first, …` for an `IN (…)` list of `count` bound values.
pub(crate) fn in_list_params(first: usize, count: usize) -> String {
    (first..first + count)
        .map(|i| format!("${i}"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// Civil dates are stored as `YYYY-MM-DD`.
pub fn date_to_sql(d: NaiveDate) -> String {
    d.format("%Y-%m-%d").to_string()
}

pub fn date_from_sql(s: &str) -> Result<NaiveDate, DbError> {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").map_err(|_| DbError::Corrupt(format!("bad date {s:?}")))
}

/// Instants are stored as fixed-width UTC text, so that text order is time order.
pub fn instant_to_sql(t: DateTime<Utc>) -> String {
    t.format("%Y-%m-%dT%H:%M:%S%.6fZ").to_string()
}

pub fn instant_from_sql(s: &str) -> Result<DateTime<Utc>, DbError> {
    DateTime::parse_from_rfc3339(s)
        .map(|t| t.with_timezone(&Utc))
        .map_err(|_| DbError::Corrupt(format!("bad instant {s:?}")))
}

/// Whether an error is a violated unique or primary key constraint.
pub fn is_unique_violation(err: &DbError) -> bool {
    match err {
        DbError::Sqlx(sqlx::Error::Database(e)) => e.is_unique_violation(),
        _ => false,
    }
}

/// Typed reads of columns, turning malformed values into [`DbError::Corrupt`].
pub trait RowExt {
    fn text(&self, col: &str) -> Result<String, DbError>;
    fn opt_text(&self, col: &str) -> Result<Option<String>, DbError>;
    fn int(&self, col: &str) -> Result<i64, DbError>;
    fn opt_int(&self, col: &str) -> Result<Option<i64>, DbError>;
    fn date(&self, col: &str) -> Result<NaiveDate, DbError> {
        date_from_sql(&self.text(col)?)
    }
    fn opt_date(&self, col: &str) -> Result<Option<NaiveDate>, DbError> {
        self.opt_text(col)?.map(|s| date_from_sql(&s)).transpose()
    }
    fn instant(&self, col: &str) -> Result<DateTime<Utc>, DbError> {
        instant_from_sql(&self.text(col)?)
    }
    fn opt_instant(&self, col: &str) -> Result<Option<DateTime<Utc>>, DbError> {
        self.opt_text(col)?.map(|s| instant_from_sql(&s)).transpose()
    }
    /// Any `FromStr` value: ids, enum codes.
    fn parse<T: FromStr>(&self, col: &str) -> Result<T, DbError> {
        let s = self.text(col)?;
        s.parse()
            .map_err(|_| DbError::Corrupt(format!("bad value {s:?} in column {col}")))
    }
    fn opt_parse<T: FromStr>(&self, col: &str) -> Result<Option<T>, DbError> {
        self.opt_text(col)?
            .map(|s| {
                s.parse()
                    .map_err(|_| DbError::Corrupt(format!("bad value {s:?} in column {col}")))
            })
            .transpose()
    }
    /// A comma-separated list of codes.
    fn codes<T: FromStr>(&self, col: &str) -> Result<Vec<T>, DbError> {
        let s = self.text(col)?;
        s.split(',')
            .filter(|c| !c.is_empty())
            .map(|c| {
                c.parse()
                    .map_err(|_| DbError::Corrupt(format!("bad code {c:?} in column {col}")))
            })
            .collect()
    }
}

impl RowExt for AnyRow {
    fn text(&self, col: &str) -> Result<String, DbError> {
        Ok(self.try_get::<String, _>(col)?)
    }
    fn opt_text(&self, col: &str) -> Result<Option<String>, DbError> {
        Ok(self.try_get::<Option<String>, _>(col)?)
    }
    fn int(&self, col: &str) -> Result<i64, DbError> {
        Ok(self.try_get::<i64, _>(col)?)
    }
    fn opt_int(&self, col: &str) -> Result<Option<i64>, DbError> {
        Ok(self.try_get::<Option<i64>, _>(col)?)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn instants_round_trip_and_sort_as_text() {
        let a = DateTime::parse_from_rfc3339("2026-11-26T09:05:01.5Z")
            .unwrap()
            .with_timezone(&Utc);
        let b = DateTime::parse_from_rfc3339("2026-11-26T10:00:00Z")
            .unwrap()
            .with_timezone(&Utc);
        assert_eq!(instant_from_sql(&instant_to_sql(a)).unwrap(), a);
        assert!(instant_to_sql(a) < instant_to_sql(b));
        assert_eq!(instant_to_sql(b).len(), instant_to_sql(a).len());
    }

    #[test]
    fn in_force_is_one_literal_condition() {
        assert_eq!(
            crate::in_force!("g", "$3"),
            "(g.valid_from <= $3 AND (g.valid_until IS NULL OR g.valid_until >= $3))"
        );
    }

    #[test]
    fn malformed_dates_are_corrupt_not_panics() {
        assert!(matches!(date_from_sql("2026-13-01"), Err(DbError::Corrupt(_))));
    }
}
