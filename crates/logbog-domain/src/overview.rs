//! The overview of medical employment (oversigt over lægelig beskæftigelse, DOMAIN §8): every
//! medical employment of the trainee, those of her training programmes and those outside them
//! (other posts, research posts, posts abroad). It goes to STPS with the specialist
//! application, so no day of it may add up to more than full time: employments that overlap
//! above 100 % in total are refused, naming the overlap.

use chrono::NaiveDate;
use thiserror::Error;

/// A full-time week in Danish hospital employment, in hours.
pub const FULL_TIME_HOURS: u32 = 37;

code_enum!(
    /// What a medical employment outside the training programmes is.
    OtherEmploymentKind: "kind of employment" {
        /// Another medical post in Denmark (a temporary post, a post between programmes).
        Post = "post",
        /// A research post (forskningsansættelse).
        Research = "research",
        /// A medical post abroad.
        Abroad = "abroad",
    }
);

/// How much of a week an employment takes: a working percent or hours per week.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Extent {
    /// 1–100 % of full time.
    Percent(u8),
    /// 1–80 hours a week (full time is [`FULL_TIME_HOURS`]).
    HoursPerWeek(u8),
}

/// An extent outside what the field takes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Error)]
pub enum InvalidExtent {
    #[error("a working percent is between 1 and 100")]
    Percent,
    #[error("hours per week are between 1 and 80")]
    Hours,
}

impl Extent {
    pub fn percent(value: i64) -> Result<Self, InvalidExtent> {
        u8::try_from(value)
            .ok()
            .filter(|v| (1..=100).contains(v))
            .map(Self::Percent)
            .ok_or(InvalidExtent::Percent)
    }

    pub fn hours_per_week(value: i64) -> Result<Self, InvalidExtent> {
        u8::try_from(value)
            .ok()
            .filter(|v| (1..=80).contains(v))
            .map(Self::HoursPerWeek)
            .ok_or(InvalidExtent::Hours)
    }

    /// The load in units where full time is exactly `100 * FULL_TIME_HOURS`, so percents and
    /// hours add up without rounding.
    fn load(self) -> u32 {
        match self {
            Extent::Percent(p) => u32::from(p) * FULL_TIME_HOURS,
            Extent::HoursPerWeek(h) => u32::from(h) * 100,
        }
    }
}

const FULL_LOAD: u32 = 100 * FULL_TIME_HOURS;

/// Percent of full time of a load, rounded to the nearest whole percent.
fn percent_of(load: u32) -> u32 {
    (load + FULL_TIME_HOURS / 2) / FULL_TIME_HOURS
}

/// One employment of the overview: its period (both days included) and extent, named by `key`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Span<K> {
    pub key: K,
    pub start: NaiveDate,
    pub end: NaiveDate,
    pub extent: Extent,
}

impl<K> Span<K> {
    fn covers(&self, day: NaiveDate) -> bool {
        self.start <= day && day <= self.end
    }
}

/// Where employments together exceed full time: from `from` to `to` (both included) the
/// employment being saved and `with` add up to `total_percent`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Overlap<K> {
    pub with: Vec<K>,
    pub from: NaiveDate,
    pub to: NaiveDate,
    pub total_percent: u32,
}

/// May an employment of `start`–`end` at `extent` join `others`? Refused with the first stretch
/// of days on which it and the employments it overlaps take more than full time. An employment
/// alone is never refused, whatever its hours: only an overlap is.
pub fn check_overlap<K: Clone + PartialEq>(
    start: NaiveDate,
    end: NaiveDate,
    extent: Extent,
    others: &[Span<K>],
) -> Result<(), Overlap<K>> {
    let overlapping: Vec<&Span<K>> = others.iter().filter(|o| o.start <= end && start <= o.end).collect();
    // The days on which the set of employments covering the period can change.
    let mut cuts: Vec<NaiveDate> = vec![start];
    for o in &overlapping {
        cuts.push(o.start.max(start));
        if let Some(after) = o.end.succ_opt().filter(|d| *d <= end) {
            cuts.push(after);
        }
    }
    cuts.sort();
    cuts.dedup();
    let mut found: Option<Overlap<K>> = None;
    for (i, from) in cuts.iter().enumerate() {
        let to = cuts.get(i + 1).and_then(|d| d.pred_opt()).unwrap_or(end);
        let covering: Vec<&&Span<K>> = overlapping.iter().filter(|o| o.covers(*from)).collect();
        let load = extent.load() + covering.iter().map(|o| o.extent.load()).sum::<u32>();
        let keys: Vec<K> = covering.iter().map(|o| o.key.clone()).collect();
        if covering.is_empty() || load <= FULL_LOAD {
            if found.is_some() {
                break;
            }
            continue;
        }
        match &mut found {
            // The next stretch of the same employments is the same overlap.
            Some(f) if f.with == keys && f.total_percent == percent_of(load) => f.to = to,
            Some(_) => break,
            None => {
                found = Some(Overlap {
                    with: keys,
                    from: *from,
                    to,
                    total_percent: percent_of(load),
                })
            }
        }
    }
    match found {
        Some(o) => Err(o),
        None => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    fn span(key: &'static str, start: &str, end: &str, extent: Extent) -> Span<&'static str> {
        Span {
            key,
            start: d(start),
            end: d(end),
            extent,
        }
    }

    #[test]
    fn two_half_time_posts_fill_a_week() {
        let others = [span("a", "2024-01-01", "2024-12-31", Extent::Percent(50))];
        assert_eq!(
            check_overlap(d("2024-03-01"), d("2024-06-30"), Extent::Percent(50), &others),
            Ok(())
        );
    }

    #[test]
    fn an_overlap_above_full_time_is_named() {
        let others = [
            span("a", "2024-01-01", "2024-12-31", Extent::Percent(100)),
            span("b", "2025-01-01", "2025-12-31", Extent::Percent(100)),
        ];
        let refused = check_overlap(d("2024-11-01"), d("2025-02-28"), Extent::Percent(50), &others).unwrap_err();
        assert_eq!(
            refused,
            Overlap {
                with: vec!["a"],
                from: d("2024-11-01"),
                to: d("2024-12-31"),
                total_percent: 150,
            },
            "the first stretch is named, not the whole period"
        );
    }

    #[test]
    fn hours_count_against_a_37_hour_week() {
        let others = [span("a", "2024-01-01", "2024-12-31", Extent::Percent(80))];
        // 80 % is 29.6 hours; 7 more hours is 36.6, within full time; 8 more is over.
        assert!(check_overlap(d("2024-05-01"), d("2024-05-31"), Extent::HoursPerWeek(7), &others).is_ok());
        let refused = check_overlap(d("2024-05-01"), d("2024-05-31"), Extent::HoursPerWeek(8), &others).unwrap_err();
        assert_eq!(refused.total_percent, 102);
    }

    #[test]
    fn one_long_week_alone_is_not_an_overlap() {
        assert!(
            check_overlap(
                d("2024-01-01"),
                d("2024-12-31"),
                Extent::HoursPerWeek(48),
                &[] as &[Span<u8>]
            )
            .is_ok()
        );
        let others = [span("a", "2023-01-01", "2023-12-31", Extent::Percent(100))];
        assert!(
            check_overlap(d("2024-01-01"), d("2024-12-31"), Extent::Percent(100), &others).is_ok(),
            "back to back, not overlapping"
        );
    }

    #[test]
    fn three_posts_meet_on_one_stretch() {
        let others = [
            span("a", "2024-01-01", "2024-06-30", Extent::Percent(50)),
            span("b", "2024-04-01", "2024-09-30", Extent::Percent(40)),
        ];
        let refused = check_overlap(d("2024-01-01"), d("2024-12-31"), Extent::Percent(20), &others).unwrap_err();
        assert_eq!(refused.with, vec!["a", "b"]);
        assert_eq!((refused.from, refused.to), (d("2024-04-01"), d("2024-06-30")));
        assert_eq!(refused.total_percent, 110);
    }

    #[test]
    fn extents_are_bounded() {
        assert_eq!(Extent::percent(0), Err(InvalidExtent::Percent));
        assert_eq!(Extent::percent(101), Err(InvalidExtent::Percent));
        assert_eq!(Extent::percent(100), Ok(Extent::Percent(100)));
        assert_eq!(Extent::hours_per_week(81), Err(InvalidExtent::Hours));
        assert_eq!(Extent::hours_per_week(-1), Err(InvalidExtent::Hours));
        assert_eq!(Extent::hours_per_week(37), Ok(Extent::HoursPerWeek(37)));
    }

    fn day_strategy() -> impl Strategy<Value = NaiveDate> {
        (0i64..120).prop_map(|n| d("2024-01-01") + chrono::Duration::days(n))
    }

    fn span_strategy() -> impl Strategy<Value = (NaiveDate, NaiveDate, u8)> {
        (day_strategy(), 0i64..60, 1u8..=100).prop_map(|(s, len, p)| (s, s + chrono::Duration::days(len), p))
    }

    proptest! {
        /// The rule agrees with counting day by day: refused exactly when some day of the new
        /// period carries more than full time with at least one other employment on it, and
        /// the stretch it names is such a day.
        #[test]
        fn agrees_with_a_day_by_day_count(
            new in span_strategy(),
            others in proptest::collection::vec(span_strategy(), 0..5),
        ) {
            let others: Vec<Span<usize>> = others
                .iter()
                .enumerate()
                .map(|(i, (s, e, p))| Span { key: i, start: *s, end: *e, extent: Extent::Percent(*p) })
                .collect();
            let (start, end, p) = new;
            let over_on = |day: NaiveDate| {
                let on: Vec<&Span<usize>> = others.iter().filter(|o| o.covers(day)).collect();
                !on.is_empty() && u32::from(p) + on.iter().map(|o| match o.extent { Extent::Percent(x) => u32::from(x), Extent::HoursPerWeek(_) => 0 }).sum::<u32>() > 100
            };
            let any_day = start.iter_days().take_while(|d| *d <= end).any(over_on);
            match check_overlap(start, end, Extent::Percent(p), &others) {
                Ok(()) => prop_assert!(!any_day),
                Err(o) => {
                    prop_assert!(any_day);
                    prop_assert!(start <= o.from && o.from <= o.to && o.to <= end);
                    prop_assert!(o.from.iter_days().take_while(|d| *d <= o.to).all(over_on));
                    prop_assert!(o.total_percent > 100);
                }
            }
        }
    }
}
