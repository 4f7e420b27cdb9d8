//! The only crate that speaks SQL: connection, migrations and one repository module per aggregate,
//! over SQLite and PostgreSQL through one code path (sqlx's `Any` driver).

pub mod accounts;
pub mod approvals;
pub mod audit;
pub mod backup;
pub mod bulk;
pub mod card_confirmations;
pub mod curricula;
pub mod department;
pub mod documents;
pub mod employments;
pub mod meta;
pub mod notes;
pub mod notifications;
pub mod overview;
pub mod paper;
pub mod privacy;
pub mod programmes;
pub mod reference;
pub mod regions;
pub mod relations;
pub mod requests;
pub mod sessions;
pub mod specialty_files;
mod sql;
pub mod supervisions;
pub mod throttle;
pub mod time_due;
pub mod work_items;

pub use sql::{RowExt, date_from_sql, date_to_sql, instant_from_sql, instant_to_sql, is_unique_violation};

use sqlx::any::{AnyConnectOptions, AnyPoolOptions};
use sqlx::pool::PoolConnection;
use sqlx::{Any, AnyPool, ConnectOptions, Executor};
use std::str::FromStr;
use std::time::Duration;
use thiserror::Error;

/// A connection (pooled or inside a transaction) that repositories run on.
pub type Conn = sqlx::AnyConnection;
/// A write transaction. On SQLite it holds the process's one writer turn (see [`Db::begin`])
/// and took the write lock at `BEGIN` (IMMEDIATE). Dereferences to the connection, so
/// repositories take `&mut tx`; dropped without `commit` it rolls back.
pub struct Tx {
    tx: sqlx::Transaction<'static, Any>,
    _turn: Option<tokio::sync::OwnedMutexGuard<()>>,
}

impl Tx {
    pub async fn commit(self) -> Result<(), sqlx::Error> {
        self.tx.commit().await
    }

    pub async fn rollback(self) -> Result<(), sqlx::Error> {
        self.tx.rollback().await
    }
}

impl std::ops::Deref for Tx {
    type Target = Conn;
    fn deref(&self) -> &Conn {
        &self.tx
    }
}

impl std::ops::DerefMut for Tx {
    fn deref_mut(&mut self) -> &mut Conn {
        &mut self.tx
    }
}

/// A read-only transaction: one consistent snapshot for a page, never the write lock. Dropped
/// when done (there is nothing to commit).
pub type ReadTx = sqlx::Transaction<'static, Any>;

/// Failures of the database layer. A broken connection is an error, never "not found".
#[derive(Debug, Error)]
pub enum DbError {
    #[error("database error: {0}")]
    Sqlx(#[from] sqlx::Error),
    #[error("stored data is malformed: {0}")]
    Corrupt(String),
    #[error("migration {version} was changed after it was applied (checksum differs)")]
    MigrationChanged { version: i64 },
    #[error("unsupported database URL {0:?}: use sqlite://… or postgres://…")]
    UnsupportedUrl(String),
    /// The item was decided already (approved and not reset): at most one approval stands.
    #[error("the item is already approved")]
    AlreadyApproved,
    /// The request was decided (approved, returned or withdrawn) by someone else meanwhile.
    #[error("the request was already decided")]
    RequestDecided,
    /// The document was replaced (or deleted) by someone else meanwhile.
    #[error("the document was already replaced or deleted")]
    DocumentChanged,
    /// Something of the item waits for a decision already (a paper time attestation).
    #[error("the item already waits for a decision")]
    AlreadyWaiting,
    /// The owner's documents would take more than the quota allows.
    #[error("the quota of documents is full")]
    QuotaExceeded { used: i64 },
}

/// Which database engine is behind the pool.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

/// The database: a pool and the backend it speaks to.
#[derive(Clone, Debug)]
pub struct Db {
    pool: AnyPool,
    backend: Backend,
    /// SQLite has one writer at a time: writers of this process wait for their turn here, in
    /// order, instead of polling in SQLite's busy handler (which is unfair and gives up after its
    /// timeout). The busy timeout stays for other processes (`logbog audit verify`, the seed).
    writer: Option<std::sync::Arc<tokio::sync::Mutex<()>>>,
}

/// Embedded migrations: (version, name, SQL). Append only; never edit an applied one.
const MIGRATIONS: &[(i64, &str, &str)] = &[
    (1, "schema", include_str!("../migrations/0001_schema.sql")),
    (
        2,
        "employment_version_and_one_pending_request",
        include_str!("../migrations/0002_employment_version_and_one_pending_request.sql"),
    ),
    (
        3,
        "people_search_name",
        include_str!("../migrations/0003_people_search_name.sql"),
    ),
    (
        4,
        "indexes_for_national_scale",
        include_str!("../migrations/0004_indexes_for_national_scale.sql"),
    ),
    (
        5,
        "login_failures",
        include_str!("../migrations/0005_login_failures.sql"),
    ),
    (
        6,
        "indexes_for_lists",
        include_str!("../migrations/0006_indexes_for_lists.sql"),
    ),
    (7, "documents", include_str!("../migrations/0007_documents.sql")),
    (8, "notes", include_str!("../migrations/0008_notes.sql")),
    (
        9,
        "employment_overview",
        include_str!("../migrations/0009_employment_overview.sql"),
    ),
    (
        10,
        "paper_attestations",
        include_str!("../migrations/0010_paper_attestations.sql"),
    ),
    (
        11,
        "specialty_files",
        include_str!("../migrations/0011_specialty_files.sql"),
    ),
    (
        12,
        "card_confirmations",
        include_str!("../migrations/0012_card_confirmations.sql"),
    ),
    (
        13,
        "notification_about",
        include_str!("../migrations/0013_notification_about.sql"),
    ),
];

impl Db {
    /// Connect to `sqlite://path` (created if missing) or `postgres://…`.
    pub async fn connect(url: &str) -> Result<Self, DbError> {
        Self::connect_in_schema(url, None).await
    }

    /// Connect with PostgreSQL's `search_path` set to `schema` (used to isolate tests).
    pub async fn connect_in_schema(url: &str, schema: Option<&str>) -> Result<Self, DbError> {
        sqlx::any::install_default_drivers();
        let backend = if url.starts_with("sqlite:") {
            Backend::Sqlite
        } else if url.starts_with("postgres:") || url.starts_with("postgresql:") {
            Backend::Postgres
        } else {
            return Err(DbError::UnsupportedUrl(url.to_owned()));
        };
        let url = match backend {
            Backend::Sqlite if !url.contains('?') && !url.contains(":memory:") => {
                format!("{url}?mode=rwc")
            }
            _ => url.to_owned(),
        };
        // Every statement is a TRACE event (target `sqlx::query`): off unless a subscriber asks,
        // which is how tests count the queries of a page. A statement slower than 500 ms is a
        // warning in the server's log.
        let options = AnyConnectOptions::from_str(&url)?
            .log_statements(log::LevelFilter::Trace)
            .log_slow_statements(log::LevelFilter::Warn, Duration::from_millis(500));
        let schema = schema.map(str::to_owned);
        let pool = AnyPoolOptions::new()
            .max_connections(match backend {
                Backend::Sqlite => 8,
                Backend::Postgres => 16,
            })
            .acquire_timeout(Duration::from_secs(10))
            .after_connect(move |conn, _| {
                let schema = schema.clone();
                Box::pin(async move {
                    match backend {
                        // Approvals have legal weight: an acknowledged write must survive power loss.
                        Backend::Sqlite => {
                            conn.execute(
                                "PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL; \
                                 PRAGMA foreign_keys = ON; PRAGMA busy_timeout = 10000;",
                            )
                            .await?;
                        }
                        Backend::Postgres => {
                            if let Some(schema) = schema {
                                // The schema name comes from the test harness, quoted.
                                conn.execute(sqlx::raw_sql(sqlx::AssertSqlSafe(format!(
                                    "SET search_path TO \"{}\"",
                                    schema.replace('"', "")
                                ))))
                                .await?;
                            }
                        }
                    }
                    Ok(())
                })
            })
            .connect_with(options)
            .await?;
        let writer = (backend == Backend::Sqlite).then(|| std::sync::Arc::new(tokio::sync::Mutex::new(())));
        Ok(Self { pool, backend, writer })
    }

    pub fn backend(&self) -> Backend {
        self.backend
    }

    /// Apply the embedded migrations that are not yet applied; refuse if an applied one changed.
    pub async fn migrate(&self) -> Result<(), DbError> {
        let mut conn = self.pool.acquire().await?;
        if self.backend == Backend::Postgres {
            // Two servers starting at once must not migrate twice.
            sqlx::query("SELECT pg_advisory_lock(7031977)")
                .execute(&mut *conn)
                .await?;
        }
        let result = self.migrate_locked(&mut conn).await;
        if self.backend == Backend::Postgres {
            sqlx::query("SELECT pg_advisory_unlock(7031977)")
                .execute(&mut *conn)
                .await?;
        }
        result
    }

    async fn migrate_locked(&self, conn: &mut Conn) -> Result<(), DbError> {
        conn.execute(
            "CREATE TABLE IF NOT EXISTS schema_migrations (version BIGINT PRIMARY KEY, \
             name TEXT NOT NULL, checksum TEXT NOT NULL, applied_at TEXT NOT NULL)",
        )
        .await?;
        for (version, name, sql_text) in MIGRATIONS {
            let checksum = sql::sha256_hex(sql_text.as_bytes());
            let applied: Option<String> =
                sqlx::query_scalar("SELECT checksum FROM schema_migrations WHERE version = $1")
                    .bind(*version)
                    .fetch_optional(&mut *conn)
                    .await?;
            match applied {
                Some(sum) if sum == checksum => continue,
                Some(_) => return Err(DbError::MigrationChanged { version: *version }),
                None => {}
            }
            let mut tx = sqlx::Connection::begin(&mut *conn).await?;
            tx.execute(sqlx::raw_sql(*sql_text)).await?;
            sqlx::query("INSERT INTO schema_migrations (version, name, checksum, applied_at) VALUES ($1, $2, $3, $4)")
                .bind(*version)
                .bind(*name)
                .bind(checksum)
                .bind(instant_to_sql(chrono::Utc::now()))
                .execute(&mut *tx)
                .await?;
            tx.commit().await?;
            tracing::info!(version, name, "applied migration");
        }
        accounts::fill_search_names(conn).await?;
        Ok(())
    }

    /// A pooled connection for reads.
    pub async fn conn(&self) -> Result<PoolConnection<Any>, DbError> {
        Ok(self.pool.acquire().await?)
    }

    /// Begin a write transaction; on SQLite after waiting for this process's writer turn.
    pub async fn begin(&self) -> Result<Tx, DbError> {
        let turn = match &self.writer {
            Some(writer) => Some(writer.clone().lock_owned().await),
            None => None,
        };
        let tx = match self.backend {
            Backend::Sqlite => self.pool.begin_with("BEGIN IMMEDIATE").await?,
            Backend::Postgres => self.pool.begin().await?,
        };
        Ok(Tx { tx, _turn: turn })
    }

    /// Begin a read-only transaction: one snapshot for everything a page reads, taking no write
    /// lock (SQLite's deferred `BEGIN` under WAL; PostgreSQL's repeatable read, read only).
    pub async fn read(&self) -> Result<ReadTx, DbError> {
        Ok(match self.backend {
            Backend::Sqlite => self.pool.begin_with("BEGIN DEFERRED").await?,
            Backend::Postgres => {
                self.pool
                    .begin_with("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY")
                    .await?
            }
        })
    }

    /// Keep the planner's statistics current: on SQLite `PRAGMA optimize`, which analyses the
    /// tables whose statistics are missing or stale (all of them on a database never analysed,
    /// with a row limit so it stays quick); run at start-up and periodically. PostgreSQL's
    /// autovacuum does this by itself.
    pub async fn optimize(&self) -> Result<(), DbError> {
        if self.backend == Backend::Sqlite {
            let mut conn = self.pool.acquire().await?;
            conn.execute("PRAGMA analysis_limit = 1000; PRAGMA optimize = 0x10002;")
                .await?;
        }
        Ok(())
    }

    /// Full statistics of every table (after loading a large amount of data at once).
    pub async fn analyze(&self) -> Result<(), DbError> {
        let mut conn = self.pool.acquire().await?;
        conn.execute("ANALYZE").await?;
        Ok(())
    }

    /// Whether the database answers.
    pub async fn ping(&self) -> Result<(), DbError> {
        sqlx::query("SELECT 1").execute(&self.pool).await?;
        Ok(())
    }

    /// Close the pool (waits for connections to be returned).
    pub async fn close(&self) {
        self.pool.close().await;
    }
}
