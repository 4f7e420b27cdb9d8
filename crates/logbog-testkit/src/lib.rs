//! Test support (a dev-dependency only): a fresh database per test on SQLite and PostgreSQL,
//! the whole app on a free port with a clock the test controls, HTTP clients per user, and a
//! real Chromium through WebDriver with axe-core.

// Test support fails loudly: a panic with its message is the test failure it should be.
#![allow(clippy::unwrap_used, clippy::expect_used)]

pub mod browser;
pub mod builders;
pub mod uploads;
pub use uploads::{multipart, upload_agreement};

use chrono::NaiveDate;
use logbog_app::{App, AppConfig, FixedClock};
use logbog_db::{Backend, Db};
use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::Arc;

/// Run an async test function once on SQLite and once on PostgreSQL:
/// `dual_db_tests!(my_test);` where `async fn my_test(db: TestDb)`.
/// PostgreSQL runs when `LOGBOG_TEST_POSTGRES_URL` is set; `LOGBOG_REQUIRE_POSTGRES=1` makes its
/// absence a failure instead of a skip.
#[macro_export]
macro_rules! dual_db_tests {
    ($($name:ident),* $(,)?) => {$(
        mod $name {
            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn sqlite() {
                super::$name($crate::TestDb::sqlite().await).await
            }
            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn postgres() {
                if let Some(db) = $crate::TestDb::postgres().await {
                    super::$name(db).await
                }
            }
        }
    )*};
}

/// A database of one test's own: a temporary SQLite file, or a fresh PostgreSQL schema.
pub struct TestDb {
    pub db: Db,
    file: Option<PathBuf>,
}

impl TestDb {
    pub fn backend(&self) -> Backend {
        self.db.backend()
    }

    /// A migrated SQLite database in a temporary file, removed when dropped.
    pub async fn sqlite() -> Self {
        let file = std::env::temp_dir().join(format!("logbog-test-{}.db", uuid::Uuid::now_v7().simple()));
        let db = Db::connect(&format!("sqlite://{}", file.display()))
            .await
            .expect("open SQLite");
        db.migrate().await.expect("migrate SQLite");
        Self { db, file: Some(file) }
    }

    /// A migrated PostgreSQL schema of its own, or `None` when no server is configured.
    pub async fn postgres() -> Option<Self> {
        let Ok(url) = std::env::var("LOGBOG_TEST_POSTGRES_URL") else {
            if std::env::var("LOGBOG_REQUIRE_POSTGRES").is_ok_and(|v| v == "1") {
                panic!("LOGBOG_REQUIRE_POSTGRES=1 but LOGBOG_TEST_POSTGRES_URL is not set");
            }
            eprintln!("skipping PostgreSQL: LOGBOG_TEST_POSTGRES_URL is not set");
            return None;
        };
        let now = chrono::Utc::now().timestamp();
        let schema = format!("lbt_{now}_{}", &uuid::Uuid::now_v7().simple().to_string()[20..]);
        let admin = Db::connect(&url)
            .await
            .expect("connect to PostgreSQL (LOGBOG_TEST_POSTGRES_URL)");
        {
            let mut conn = admin.conn().await.expect("PostgreSQL connection");
            // Schemas of earlier runs older than an hour are left-overs: drop them.
            let old: Vec<String> =
                sqlx::query_scalar("SELECT nspname::text FROM pg_namespace WHERE nspname LIKE 'lbt\\_%'")
                    .fetch_all(&mut *conn)
                    .await
                    .expect("list schemas");
            for name in old {
                let ts: i64 = name.split('_').nth(1).and_then(|t| t.parse().ok()).unwrap_or(now);
                if now - ts > 3600 {
                    let _ = sqlx::raw_sql(sqlx::AssertSqlSafe(format!("DROP SCHEMA IF EXISTS \"{name}\" CASCADE")))
                        .execute(&mut *conn)
                        .await;
                }
            }
            sqlx::raw_sql(sqlx::AssertSqlSafe(format!("CREATE SCHEMA \"{schema}\"")))
                .execute(&mut *conn)
                .await
                .expect("create schema");
        }
        admin.close().await;
        let db = Db::connect_in_schema(&url, Some(&schema))
            .await
            .expect("connect in schema");
        db.migrate().await.expect("migrate PostgreSQL");
        Some(Self { db, file: None })
    }
}

impl Drop for TestDb {
    fn drop(&mut self) {
        if let Some(file) = &self.file {
            for suffix in ["", "-wal", "-shm"] {
                let _ = std::fs::remove_file(format!("{}{suffix}", file.display()));
            }
        }
    }
}

/// Noon in Copenhagen on a date given as `YYYY-MM-DD`.
/// Assert that `named` lists every table of `db`'s schema, each once (for lists that must not
/// forget a table added later: what a backup keeps, what an export searches).
pub async fn assert_names_every_table(db: &TestDb, named: &[&str], what: &str) {
    let mut conn = db.db.conn().await.expect("connection");
    let tables = logbog_db::backup::schema_tables(&mut conn, db.db.backend())
        .await
        .expect("schema tables");
    let mut named: Vec<String> = named.iter().map(|t| (*t).to_owned()).collect();
    named.sort();
    assert_eq!(tables, named, "{what} must name every table of the schema, once");
}

pub fn date(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").expect("a YYYY-MM-DD date")
}

/// A new bucket on the S3-compatible server `LOGBOG_TEST_S3` names (`.ci/run` starts
/// `moto_server` and sets it), or `None` when it is unset; with `LOGBOG_REQUIRE_S3=1` unset is
/// a failure.
pub async fn test_s3(name: &str) -> Option<logbog_files::S3Config> {
    let Ok(endpoint) = std::env::var("LOGBOG_TEST_S3") else {
        assert!(
            std::env::var("LOGBOG_REQUIRE_S3").as_deref() != Ok("1"),
            "LOGBOG_REQUIRE_S3=1 but LOGBOG_TEST_S3 is not set"
        );
        eprintln!("LOGBOG_TEST_S3 not set: the S3 half of {name} is skipped");
        return None;
    };
    let bucket = format!("logbog-{}-{}", name.replace('_', "-"), uuid::Uuid::now_v7().simple());
    let bucket: String = bucket.chars().take(63).collect();
    let created = reqwest::Client::new()
        .put(format!("{}/{bucket}", endpoint.trim_end_matches('/')))
        .send()
        .await
        .expect("the S3 test server answers");
    assert!(
        created.status().is_success(),
        "creating bucket {bucket}: {}",
        created.status()
    );
    Some(logbog_files::S3Config {
        endpoint,
        bucket,
        region: "us-east-1".to_owned(),
        access_key_id: "testing".to_owned(),
        secret_access_key: "testing".to_owned(),
    })
}

/// The application on a free port, with a clock the test controls.
pub struct TestApp {
    pub app: App,
    pub clock: Arc<FixedClock>,
    pub addr: SocketAddr,
    /// The folder of the document store (a fresh one per test), when it is a folder.
    pub files_root: Option<PathBuf>,
    _db: TestDb,
    server: tokio::task::JoinHandle<()>,
}

impl TestApp {
    /// Start the app on `db` with today = `today`, reference data loaded.
    pub async fn start(db: TestDb, today: NaiveDate) -> Self {
        Self::start_with(db, today, logbog_web::WebSettings::default()).await
    }

    pub async fn start_with(db: TestDb, today: NaiveDate, settings: logbog_web::WebSettings) -> Self {
        Self::start_with_files(db, today, settings, Self::temp_files()).await
    }

    /// Start with documents stored as `files` says (a folder, or a test bucket from [`test_s3`]).
    pub async fn start_with_files(
        db: TestDb,
        today: NaiveDate,
        settings: logbog_web::WebSettings,
        files: logbog_files::StoreConfig,
    ) -> Self {
        Self::start_configured(db, today, settings, files, AppConfig::default()).await
    }

    /// Start with everything chosen: settings, the document store and the configuration.
    pub async fn start_configured(
        db: TestDb,
        today: NaiveDate,
        settings: logbog_web::WebSettings,
        files: logbog_files::StoreConfig,
        config: AppConfig,
    ) -> Self {
        let clock = Arc::new(FixedClock::at_date(today));
        let files_root = match &files {
            logbog_files::StoreConfig::Local { root } => Some(root.clone()),
            _ => None,
        };
        let store = logbog_files::Store::open(&files).expect("the test's file store");
        let app = App::new(db.db.clone(), clock.clone(), config).with_files(store);
        {
            let mut tx = app.db.begin().await.expect("begin");
            logbog_app::reference_data::ensure_reference_data(&mut tx, today)
                .await
                .expect("reference data");
            tx.commit().await.expect("commit");
        }
        let state = logbog_web::AppState::new(app.clone(), settings).expect("state");
        let router = logbog_web::router(state);
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("bind");
        let addr = listener.local_addr().expect("addr");
        let server = tokio::spawn(async move {
            let _ = axum::serve(listener, router.into_make_service_with_connect_info::<SocketAddr>()).await;
        });
        Self {
            app,
            clock,
            addr,
            files_root,
            _db: db,
            server,
        }
    }

    /// Start and seed the demo data (as of `today`).
    pub async fn with_demo(db: TestDb, today: NaiveDate) -> Self {
        let t = Self::start(db, today).await;
        t.seed_demo().await;
        t
    }

    /// Seed the demo data into a started app.
    pub async fn seed_demo(&self) {
        logbog_app::demo::seed(&self.app, &mut |_, _, _| {})
            .await
            .expect("seed demo");
    }

    /// A fresh folder for a test's document store.
    pub fn temp_files() -> logbog_files::StoreConfig {
        logbog_files::StoreConfig::Local {
            root: std::env::temp_dir().join(format!("logbog-test-files-{}", uuid::Uuid::now_v7().simple())),
        }
    }

    pub fn url(&self, path: &str) -> String {
        format!("http://{}{path}", self.addr)
    }

    /// A browser-like client: keeps cookies, does not follow redirects.
    pub fn client(&self) -> reqwest::Client {
        reqwest::Client::builder()
            .cookie_store(true)
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .expect("client")
    }

    /// A browser-like client whose requests come, as a trusted proxy in front of the server
    /// says, from `address` (`X-Forwarded-For`; believed only when the app trusts 127.0.0.1).
    pub fn client_from(&self, address: &str) -> reqwest::Client {
        let mut headers = reqwest::header::HeaderMap::new();
        headers.insert(
            "x-forwarded-for",
            reqwest::header::HeaderValue::from_str(address).expect("address"),
        );
        reqwest::Client::builder()
            .cookie_store(true)
            .redirect(reqwest::redirect::Policy::none())
            .default_headers(headers)
            .build()
            .expect("client")
    }

    /// The body of a GET of `path` by `client`.
    pub async fn text(&self, client: &reqwest::Client, path: &str) -> String {
        client
            .get(self.url(path))
            .send()
            .await
            .expect("GET")
            .text()
            .await
            .expect("body")
    }

    /// A client logged in through the login form as `username`.
    pub async fn login(&self, username: &str, password: &str) -> reqwest::Client {
        let client = self.client();
        let resp = self.post_login(&client, username, password).await;
        assert_eq!(resp.status(), 303, "login of {username} should redirect");
        client
    }

    /// Submit the login form with the CSRF token of a fresh login page.
    pub async fn post_login(&self, client: &reqwest::Client, username: &str, password: &str) -> reqwest::Response {
        let mut resp = client.get(self.url("/login")).send().await.expect("GET /login");
        // Already logged in: the login page redirects; any page's form carries the token.
        if resp.status().is_redirection() {
            let to = resp.headers()["location"].to_str().expect("location").to_owned();
            resp = client.get(self.url(&to)).send().await.expect("GET landing");
        }
        let csrf = csrf_of(&resp.text().await.expect("body"));
        client
            .post(self.url("/login"))
            .form(&[
                ("csrf", csrf.as_str()),
                ("username", username),
                ("password", password),
                ("next", ""),
            ])
            .send()
            .await
            .expect("POST /login")
    }

    /// The person behind an account.
    pub async fn person(&self, username: &str) -> logbog_domain::PersonId {
        let mut conn = self.app.db.conn().await.expect("connection");
        logbog_db::accounts::find_by_username(&mut conn, username)
            .await
            .expect("lookup")
            .unwrap_or_else(|| panic!("no account {username}"))
            .person
            .id
    }

    /// The user behind an account as the use cases see them today.
    pub async fn user(&self, username: &str) -> logbog_app::people::CurrentUser {
        let account = {
            let mut conn = self.app.db.conn().await.expect("connection");
            logbog_db::accounts::find_by_username(&mut conn, username)
                .await
                .expect("lookup")
                .unwrap_or_else(|| panic!("no account {username}"))
        };
        logbog_app::people::load_current_user(&self.app, account.id)
            .await
            .expect("current user")
    }

    /// The competencies of the trainee's current phase not started yet (free to report).
    pub async fn not_started(&self, trainee: &logbog_app::people::CurrentUser) -> Vec<logbog_domain::CompetencyId> {
        logbog_app::logbook::view_logbook(&self.app, trainee, trainee.id(), Default::default())
            .await
            .expect("own logbook")
            .competencies
            .iter()
            .filter(|c| c.status.state() == logbog_domain::CompetencyState::NotStarted)
            .map(|c| c.competency.id)
            .collect()
    }

    /// The JSON answer of an API GET with a bearer token (any status).
    pub async fn api_json(&self, token: &str, path: &str) -> serde_json::Value {
        self.client()
            .get(self.url(path))
            .bearer_auth(token)
            .send()
            .await
            .expect("API request")
            .json()
            .await
            .expect("JSON answer")
    }

    /// A bearer token for `username` from the API.
    pub async fn token(&self, username: &str, password: &str) -> String {
        let resp = self
            .client()
            .post(self.url("/api/v1/auth/token"))
            .json(&serde_json::json!({ "username": username, "password": password }))
            .send()
            .await
            .expect("POST token");
        assert_eq!(resp.status(), 201, "token for {username}");
        let body: serde_json::Value = resp.json().await.expect("json");
        body["token"].as_str().expect("token").to_owned()
    }
}

impl Drop for TestApp {
    fn drop(&mut self) {
        self.server.abort();
        if let Some(root) = &self.files_root {
            let _ = std::fs::remove_dir_all(root);
        }
    }
}

/// The CSRF token in a page's first form.
pub fn csrf_of(html: &str) -> String {
    value_after(html, "name=\"csrf\" value=\"")
}

/// The quoted value that follows the first `marker` in `html` (e.g. `name="request" value="`).
pub fn value_after(html: &str, marker: &str) -> String {
    let start = html
        .find(marker)
        .map(|i| i + marker.len())
        .unwrap_or_else(|| panic!("{marker} on the page"));
    html[start..start + html[start..].find('"').expect("closing quote")].to_owned()
}

#[cfg(test)]
mod structure_tests {
    /// No source file outside tests grows past about 600 lines: a file that does has more than
    /// one concern, and the next capability would make it worse.
    #[test]
    fn no_source_file_outside_tests_is_over_600_lines() {
        fn walk(dir: &std::path::Path, out: &mut Vec<(String, usize)>) {
            for entry in std::fs::read_dir(dir).expect("dir") {
                let path = entry.expect("entry").path();
                let name = path.file_name().expect("name").to_string_lossy().into_owned();
                if path.is_dir() {
                    if name != "tests" && name != "target" {
                        walk(&path, out);
                    }
                } else if name.ends_with(".rs") {
                    let lines = std::fs::read_to_string(&path).expect("read").lines().count();
                    out.push((path.display().to_string(), lines));
                }
            }
        }
        let crates = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
        let mut files = Vec::new();
        walk(&crates, &mut files);
        assert!(files.len() > 50, "found the sources: {}", files.len());
        let long: Vec<_> = files.iter().filter(|(_, n)| *n > 620).collect();
        assert!(long.is_empty(), "split these by concern: {long:?}");
    }
}
