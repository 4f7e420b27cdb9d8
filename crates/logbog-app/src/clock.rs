//! Time: instants in UTC, civil dates in Europe/Copenhagen. Tests and the demo set the clock.

use chrono::{DateTime, NaiveDate, Utc};
use chrono_tz::Europe::Copenhagen;
use std::sync::Mutex;

/// A source of the current time.
pub trait Clock: Send + Sync {
    fn now(&self) -> DateTime<Utc>;

    /// Today's civil date in Denmark.
    fn today(&self) -> NaiveDate {
        self.now().with_timezone(&Copenhagen).date_naive()
    }
}

/// The moment a use case acts at: the civil date its rules are decided on and the instant its
/// changes and audit events are stamped with. The public use cases act at the clock's; a caller
/// replaying history inside its own transaction (the demo, an import) gives its own.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct At {
    pub today: NaiveDate,
    pub now: DateTime<Utc>,
}

impl At {
    /// The clock's today and now.
    pub fn of(clock: &dyn Clock) -> Self {
        Self {
            today: clock.today(),
            now: clock.now(),
        }
    }
}

/// The system clock.
#[derive(Debug, Default, Clone, Copy)]
pub struct SystemClock;

impl Clock for SystemClock {
    fn now(&self) -> DateTime<Utc> {
        Utc::now()
    }
}

/// A clock that stands still until it is moved; for tests.
#[derive(Debug)]
pub struct FixedClock(Mutex<DateTime<Utc>>);

impl FixedClock {
    pub fn new(now: DateTime<Utc>) -> Self {
        Self(Mutex::new(now))
    }

    /// Noon in Copenhagen on `day`.
    pub fn at_date(day: NaiveDate) -> Self {
        let noon = day.and_hms_opt(12, 0, 0).unwrap_or_default();
        let local = noon.and_local_timezone(Copenhagen).single();
        Self::new(local.map(|t| t.with_timezone(&Utc)).unwrap_or_else(|| noon.and_utc()))
    }

    /// Move to noon in Copenhagen on `day`.
    pub fn set_date(&self, day: NaiveDate) {
        self.set(Self::at_date(day).now());
    }

    pub fn set(&self, now: DateTime<Utc>) {
        if let Ok(mut t) = self.0.lock() {
            *t = now;
        }
    }

    pub fn advance(&self, by: chrono::Duration) {
        if let Ok(mut t) = self.0.lock() {
            *t += by;
        }
    }
}

impl Clock for FixedClock {
    fn now(&self) -> DateTime<Utc> {
        self.0.lock().map(|t| *t).unwrap_or_else(|e| *e.into_inner())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn today_is_the_danish_date() {
        // 23:30 UTC on 31 December is already New Year's Day in Copenhagen.
        let c = FixedClock::new("2026-12-31T23:30:00Z".parse().unwrap());
        assert_eq!(c.today(), NaiveDate::from_ymd_opt(2027, 1, 1).unwrap());
        let c = FixedClock::at_date(NaiveDate::from_ymd_opt(2026, 7, 1).unwrap());
        assert_eq!(c.today(), NaiveDate::from_ymd_opt(2026, 7, 1).unwrap());
    }
}
