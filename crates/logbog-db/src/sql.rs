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
    fn malformed_dates_are_corrupt_not_panics() {
        assert!(matches!(date_from_sql("2026-13-01"), Err(DbError::Corrupt(_))));
    }
}
