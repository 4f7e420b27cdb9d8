//! The one typed configuration of a running Logbog: built once by the binary from flags,
//! environment and defaults, carried in `App` to every use case and the web layer. Secrets
//! (the database URL's password) never show in `Debug`, so the configuration can be logged.

use std::fmt;
use std::path::PathBuf;
use std::time::Duration;

/// Everything configurable, with the defaults a single-site installation needs.
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
    pub http: HttpLimits,
    pub mail: MailConfig,
    pub paths: Paths,
    /// The bytes one person's documents may take in all.
    pub documents_quota: u64,
}

impl Default for AppConfig {
    fn default() -> Self {
        Self {
            session_idle: chrono::Duration::hours(2),
            session_absolute: chrono::Duration::hours(12),
            token_lifetime: chrono::Duration::days(30),
            reminder_days: 7,
            escalation_days: 14,
            http: HttpLimits::default(),
            mail: MailConfig::default(),
            paths: Paths::default(),
            documents_quota: logbog_domain::documents::DEFAULT_QUOTA_BYTES,
        }
    }
}

/// Limits on requests, per kind of route.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct HttpLimits {
    /// A page's form (urlencoded): small.
    pub form_body: usize,
    /// A JSON body of the API.
    pub json_body: usize,
    /// The largest body of any request: only upload routes come near it.
    pub upload_body: usize,
    /// A request that takes longer is answered 408.
    pub request_timeout: Duration,
    /// The same for an upload (a multipart POST): 25 MB over a slow mobile line.
    pub upload_timeout: Duration,
}

impl Default for HttpLimits {
    fn default() -> Self {
        Self {
            form_body: 64 * 1024,
            json_body: 256 * 1024,
            // The largest kind a user uploads (25 MiB) and the form around it.
            upload_body: 26 * 1024 * 1024,
            request_timeout: Duration::from_secs(30),
            upload_timeout: Duration::from_secs(600),
        }
    }
}

/// Where notification emails go.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MailConfig {
    /// Send through this SMTP relay (host, port).
    pub smtp: Option<(String, u16)>,
    /// Write emails as files to this folder instead (the demo's outbox).
    pub outbox_dir: Option<PathBuf>,
    /// The sender of notification emails.
    pub from: String,
}

impl Default for MailConfig {
    fn default() -> Self {
        Self {
            smtp: None,
            outbox_dir: None,
            from: "Logbog <noreply@logbog.local>".to_owned(),
        }
    }
}

/// Where the installation keeps its data.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Paths {
    /// The data folder: the SQLite file and uploaded files.
    pub data_dir: PathBuf,
    /// The database URL; its password is redacted in `Debug`.
    pub database_url: Option<Secret>,
}

/// A value that must not reach a log: `Debug` and `Display` redact it.
#[derive(Clone, Default, PartialEq, Eq)]
pub struct Secret(String);

impl Secret {
    pub fn new(value: impl Into<String>) -> Self {
        Self(value.into())
    }

    /// The value itself, for the one place that needs it.
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&redact_url(&self.0))
    }
}

impl fmt::Display for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&redact_url(&self.0))
    }
}

/// A URL without its password (`postgres://user:***@host/db`); anything else that is not a
/// URL with credentials is shown as is.
pub fn redact_url(url: &str) -> String {
    match (url.find("://"), url.rfind('@')) {
        (Some(s), Some(at)) if at > s => {
            let creds = &url[s + 3..at];
            match creds.find(':') {
                Some(c) => format!("{}{}:***{}", &url[..s + 3], &creds[..c], &url[at..]),
                None => url.to_owned(),
            }
        }
        _ => url.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn debug_never_shows_the_database_password() {
        let config = AppConfig {
            paths: Paths {
                data_dir: "/srv/logbog".into(),
                database_url: Some(Secret::new("postgres://logbog:hemmelig@db.region.dk/logbog")),
            },
            ..AppConfig::default()
        };
        let shown = format!("{config:?}");
        assert!(!shown.contains("hemmelig"), "{shown}");
        assert!(shown.contains("postgres://logbog:***@db.region.dk/logbog"), "{shown}");
        assert_eq!(
            Secret::new("sqlite://data/logbog.db").to_string(),
            "sqlite://data/logbog.db"
        );
    }
}
