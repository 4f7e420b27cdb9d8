//! Calendar arithmetic on civil dates (Europe/Copenhagen), as the rules of training use it.

use chrono::{Datelike, Months, NaiveDate, Weekday};

/// `date` plus `n` calendar months, clamped to the last day of the target month
/// (2027-08-31 + 6 months = 2028-02-29).
pub fn add_months(date: NaiveDate, n: u32) -> NaiveDate {
    date.checked_add_months(Months::new(n)).unwrap_or(NaiveDate::MAX)
}

/// `date` minus `n` calendar months, clamped (2027-03-31 − 1 month = 2027-02-28).
pub fn sub_months(date: NaiveDate, n: u32) -> NaiveDate {
    date.checked_sub_months(Months::new(n)).unwrap_or(NaiveDate::MIN)
}

/// Monday to Friday.
pub fn is_weekday(date: NaiveDate) -> bool {
    !matches!(date.weekday(), Weekday::Sat | Weekday::Sun)
}

/// The first weekday on or after `date`.
pub fn first_weekday_on_or_after(date: NaiveDate) -> NaiveDate {
    let mut d = date;
    while !is_weekday(d) {
        d = d.succ_opt().unwrap_or(d);
        if d == NaiveDate::MAX {
            break;
        }
    }
    d
}

/// The first day of the "last month" of a period ending on `end`: the day after `end` − 1 month.
/// Time attestations and the permission to practise independently open on this day.
pub fn last_month_opens(end: NaiveDate) -> NaiveDate {
    let d = sub_months(end, 1);
    d.succ_opt().unwrap_or(d)
}

/// Whole days from `from` to `to` (negative when `to` is earlier).
pub fn days_between(from: NaiveDate, to: NaiveDate) -> i64 {
    (to - from).num_days()
}

/// Of periods in order of start, the one current on `today` (the latest of those running), else
/// the latest begun, else the first: the programme a logbook opens on.
pub fn current_or_latest<T>(items: &[T], span: impl Fn(&T) -> (NaiveDate, NaiveDate), today: NaiveDate) -> Option<&T> {
    items
        .iter()
        .rev()
        .find(|i| {
            let (start, end) = span(i);
            start <= today && today <= end
        })
        .or_else(|| items.iter().rev().find(|i| span(i).0 <= today))
        .or_else(|| items.first())
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    #[test]
    fn the_current_period_else_the_latest_begun_else_the_first() {
        let periods = [
            (d("2020-01-01"), d("2020-12-31")),
            (d("2021-02-01"), d("2022-01-31")),
            (d("2024-01-01"), d("2028-12-31")),
        ];
        let span = |p: &(NaiveDate, NaiveDate)| *p;
        assert_eq!(current_or_latest(&periods, span, d("2021-06-01")), Some(&periods[1]));
        // Between two periods: the one begun last.
        assert_eq!(current_or_latest(&periods, span, d("2023-01-01")), Some(&periods[1]));
        assert_eq!(current_or_latest(&periods, span, d("2025-01-01")), Some(&periods[2]));
        // Before all: the first.
        assert_eq!(current_or_latest(&periods, span, d("2019-01-01")), Some(&periods[0]));
        let none: [(NaiveDate, NaiveDate); 0] = [];
        assert_eq!(current_or_latest(&none, span, d("2019-01-01")), None);
    }

    #[test]
    fn month_arithmetic_clamps_to_the_last_day() {
        assert_eq!(sub_months(d("2027-03-31"), 1), d("2027-02-28"));
        assert_eq!(add_months(d("2027-08-31"), 6), d("2028-02-29"));
        assert_eq!(add_months(d("2026-03-15"), 6), d("2026-09-15"));
    }

    #[test]
    fn last_month_opens_the_day_after_end_minus_one_month() {
        assert_eq!(last_month_opens(d("2027-03-31")), d("2027-03-01"));
        assert_eq!(last_month_opens(d("2027-03-15")), d("2027-02-16"));
    }

    #[test]
    fn first_weekday() {
        assert_eq!(first_weekday_on_or_after(d("2026-08-01")), d("2026-08-03"));
        assert_eq!(first_weekday_on_or_after(d("2026-09-01")), d("2026-09-01"));
    }

    proptest! {
        #[test]
        fn first_weekday_is_a_weekday_within_three_days(days in 0i64..40_000) {
            let date = d("1970-01-01") + chrono::Duration::days(days);
            let w = first_weekday_on_or_after(date);
            prop_assert!(is_weekday(w));
            prop_assert!(w >= date);
            prop_assert!((w - date).num_days() <= 2);
        }

        #[test]
        fn adding_months_never_overflows_the_month(days in 0i64..40_000, n in 0u32..120) {
            let date = d("1970-01-01") + chrono::Duration::days(days);
            let later = add_months(date, n);
            prop_assert!(later >= date);
            prop_assert!(later.day() <= date.day());
            let months = (later.year() - date.year()) * 12 + later.month() as i32 - date.month() as i32;
            prop_assert_eq!(months, n as i32);
        }

        #[test]
        fn last_month_opens_within_a_month_before_end(days in 0i64..40_000) {
            let end = d("1970-01-01") + chrono::Duration::days(days);
            let opens = last_month_opens(end);
            prop_assert!(opens <= end);
            prop_assert!((end - opens).num_days() <= 30);
            prop_assert!((end - opens).num_days() >= 27);
        }
    }
}
