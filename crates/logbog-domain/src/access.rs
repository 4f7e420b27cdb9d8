//! Who may log in when (DOMAIN §7): a trainee from the first weekday of the first programme
//! until 6 months after specialist recognition. Other roles are governed by their grants.

use crate::dates::{add_months, first_weekday_on_or_after};
use chrono::NaiveDate;
use serde::Serialize;
use thiserror::Error;

/// Why a trainee may not log in today.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Error, Serialize)]
#[serde(tag = "reason", rename_all = "snake_case")]
pub enum TraineeAccessDenied {
    #[error("no training programme registered; contact your regional secretariat")]
    NoProgramme,
    #[error("access opens {opens_on}")]
    NotYetOpen { opens_on: NaiveDate },
    #[error("access ended {ended_on}")]
    Ended { ended_on: NaiveDate },
}

/// The window in which a trainee may log in, both days included; `last_day` is open until the
/// trainee is recognised as a specialist.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TraineeAccessWindow {
    pub first_day: NaiveDate,
    pub last_day: Option<NaiveDate>,
}

impl TraineeAccessWindow {
    /// From the start of the first programme and the specialist recognition date, if any.
    pub fn new(first_programme_start: NaiveDate, recognised_on: Option<NaiveDate>) -> Self {
        Self {
            first_day: first_weekday_on_or_after(first_programme_start),
            last_day: recognised_on.map(|r| add_months(r, 6)),
        }
    }
}

/// Decide whether a trainee may log in on `today`.
pub fn trainee_access(
    first_programme_start: Option<NaiveDate>,
    recognised_on: Option<NaiveDate>,
    today: NaiveDate,
) -> Result<TraineeAccessWindow, TraineeAccessDenied> {
    let start = first_programme_start.ok_or(TraineeAccessDenied::NoProgramme)?;
    let window = TraineeAccessWindow::new(start, recognised_on);
    if today < window.first_day {
        return Err(TraineeAccessDenied::NotYetOpen {
            opens_on: window.first_day,
        });
    }
    if let Some(last) = window.last_day
        && today > last
    {
        return Err(TraineeAccessDenied::Ended { ended_on: last });
    }
    Ok(window)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    /// First programme start, recognition date, login day, expected outcome.
    type Case = (
        &'static str,
        Option<&'static str>,
        &'static str,
        Result<(), TraineeAccessDenied>,
    );

    /// The table "Trainee access" of RULES-EXAMPLES.md, row by row.
    #[test]
    fn rules_examples_trainee_access() {
        let cases: &[Case] = &[
            (
                "2026-08-01",
                None,
                "2026-08-02",
                Err(TraineeAccessDenied::NotYetOpen {
                    opens_on: d("2026-08-03"),
                }),
            ),
            ("2026-08-01", None, "2026-08-03", Ok(())),
            ("2026-09-01", None, "2026-09-01", Ok(())),
            ("2019-09-01", Some("2026-03-15"), "2026-09-15", Ok(())),
            (
                "2019-09-01",
                Some("2026-03-15"),
                "2026-09-16",
                Err(TraineeAccessDenied::Ended {
                    ended_on: d("2026-09-15"),
                }),
            ),
            ("2019-09-01", Some("2026-08-31"), "2027-02-28", Ok(())),
        ];
        for (start, recognised, today, expected) in cases {
            let got = trainee_access(Some(d(start)), recognised.map(d), d(today)).map(|_| ());
            assert_eq!(
                &got, expected,
                "start {start}, recognised {recognised:?}, login {today}"
            );
        }
    }

    #[test]
    fn no_programme_is_refused_with_guidance() {
        let err = trainee_access(None, None, d("2026-10-01")).unwrap_err();
        assert_eq!(err, TraineeAccessDenied::NoProgramme);
        assert!(err.to_string().contains("regional secretariat"));
    }

    #[test]
    fn the_day_after_recognition_plus_six_months_is_refused() {
        assert!(trainee_access(Some(d("2019-09-01")), Some(d("2026-08-31")), d("2027-03-01")).is_err());
    }
}
