//! The errors a use case can end in; the web crate maps each to a status and a message once.

use logbog_domain::access::TraineeAccessDenied;
use thiserror::Error;

#[derive(Debug, Error)]
pub enum AppError {
    /// Wrong username or password (never says which).
    #[error("wrong username or password")]
    BadCredentials,
    /// Too many failed logins; try again after the given number of seconds.
    #[error("too many failed attempts; try again in {retry_after_secs} seconds")]
    Throttled { retry_after_secs: u64 },
    /// The account is disabled.
    #[error("the account is disabled")]
    AccountDisabled,
    /// A trainee outside the access window (DOMAIN §7).
    #[error("access refused: {0}")]
    TraineeAccess(TraineeAccessDenied),
    /// The account has no role in force.
    #[error("the account has no role in force")]
    NoRole,
    /// No valid session or token.
    #[error("not logged in")]
    Unauthenticated,
    /// Refused by a rule of the domain (who may approve what, when).
    #[error("refused: {0}")]
    Denied(logbog_domain::rights::Denied),
    /// Logged in, but not allowed to do this.
    #[error("not allowed")]
    Forbidden,
    /// The thing does not exist (or the user may not know it exists).
    #[error("{0} not found")]
    NotFound(&'static str),
    /// Input that fails validation, naming the field.
    #[error("{field}: {message}")]
    Invalid { field: &'static str, message: String },
    /// The competency (by its code) is already reported ready and waits for a decision.
    #[error("{0} is already reported ready")]
    AlreadyReported(String),
    /// The request was decided (approved, returned or withdrawn) already.
    #[error("the request was already decided")]
    RequestDecided,
    /// A conflict with existing data.
    #[error("{0}")]
    Conflict(String),
    #[error(transparent)]
    Db(#[from] logbog_db::DbError),
    #[error("internal error: {0}")]
    Internal(String),
}

impl From<sqlx_error::Never> for AppError {
    fn from(n: sqlx_error::Never) -> Self {
        match n {}
    }
}

mod sqlx_error {
    /// Uninhabited: lets `?` on infallible conversions compile without a dependency on sqlx.
    #[derive(Debug)]
    pub enum Never {}
}
