//! Use cases: where a request becomes a transaction (load, check policy, change, audit, commit).
//! Both front ends (HTML and JSON) call these, so each rule is enforced once.

pub mod access;
pub mod approvals;
pub mod audit;
pub mod auth;
pub mod clock;
pub mod demo;
pub mod error;
pub mod items;
pub mod logbook;
pub mod notifications;
pub mod password;
pub mod people;
pub mod policy;
pub mod programmes;
pub mod reference_data;
pub mod time;

pub use clock::{At, Clock, FixedClock, SystemClock};
pub use error::{AppError, Problem};

use logbog_db::Db;
use std::sync::Arc;

/// Settings the use cases need.
#[derive(Debug, Clone)]
pub struct AppConfig {
    /// How long an idle web session lives.
    pub session_idle: chrono::Duration,
    /// The absolute lifetime of a web session.
    pub session_absolute: chrono::Duration,
    /// The lifetime of an API token.
    pub token_lifetime: chrono::Duration,
    /// Days a request waits before its approver is reminded.
    pub reminder_days: i64,
    /// Days a request waits before the training lead or tutor of the site is told.
    pub escalation_days: i64,
}

impl Default for AppConfig {
    fn default() -> Self {
        Self {
            session_idle: chrono::Duration::hours(2),
            session_absolute: chrono::Duration::hours(12),
            token_lifetime: chrono::Duration::days(30),
            reminder_days: 7,
            escalation_days: 14,
        }
    }
}

/// The application: database, clock, configuration and in-memory guards.
#[derive(Clone)]
pub struct App {
    pub db: Db,
    pub clock: Arc<dyn Clock>,
    pub config: AppConfig,
    pub throttle: Arc<auth::LoginThrottle>,
}

impl App {
    pub fn new(db: Db, clock: Arc<dyn Clock>, config: AppConfig) -> Self {
        Self {
            db,
            clock,
            config,
            throttle: Arc::new(auth::LoginThrottle::default()),
        }
    }

    /// The clock's today and now, for a use case acting in its own transaction.
    pub fn at(&self) -> At {
        At::of(self.clock.as_ref())
    }
}
