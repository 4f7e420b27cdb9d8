//! Use cases: where a request becomes a transaction (load, check policy, change, audit, commit).
//! Both front ends (HTML and JSON) call these, so each rule is enforced once.

pub mod access;
pub mod approvals;
pub mod audit;
pub mod auth;
pub mod clock;
pub mod config;
pub mod demo;
pub mod error;
pub mod items;
pub mod logbook;
pub mod notifications;
pub mod password;
pub mod people;
pub mod policy;
pub mod reference_data;
pub mod time;

pub use clock::{Clock, FixedClock, SystemClock};
pub use config::{AppConfig, HttpLimits, MailConfig, Paths, Secret};
pub use error::{AppError, Problem};

use logbog_db::Db;
use std::sync::Arc;

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
}
