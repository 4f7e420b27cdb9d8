//! A portable copy of the tables: every row as a line of JSON, read in one snapshot and written
//! back in one transaction, the same on both backends (a SQLite installation restores into
//! PostgreSQL and back). Values are text or integers (the schema has no other types); each
//! column is read and bound as the target's schema declares it.

use crate::{Backend, Conn, DbError, RowExt};
use futures_util::TryStreamExt;
use sqlx::Row;

/// The tables a backup holds, parents before children, so that rows load in this order with
/// every foreign key satisfied.
pub const TABLES: &[&str] = &[
    "app_meta",
    "postgraduate_regions",
    "hospitals",
    "specialties",
    "sites",
    "people",
    "accounts",
    "role_grants",
    "curricula",
    "curriculum_specialties",
    "curriculum_versions",
    "phases",
    "competencies",
    "programmes",
    "programme_curricula",
    "employments",
    "leaves",
    "employment_amendments",
    "competency_placements",
    "training_plans",
    "supervisions",
    "approval_requests",
    "approvals",
    "approval_resets",
    "courses",
    "course_participations",
    "research_elements",
    "research_dispensations",
    "documents",
    "document_quotas",
    "agreements",
    "card_confirmations",
    "notes",
    "note_shares",
    "medical_employments",
    "employment_overviews",
    "paper_attestations",
    "specialty_files",
    "specialty_file_competencies",
    "evaluations",
    "evaluation_answers",
    "site_responses",
    "stps_submissions",
    "specialist_recognitions",
    "notifications",
    "audit_events",
    "audit_head",
];

/// Tables a backup leaves out: live sessions and tokens (a restored installation starts logged
/// out, and no secret travels in a backup), failed-login counters, and the schema's own record
/// (the target has it from its migrations).
pub const NOT_KEPT: &[&str] = &["sessions", "login_failures", "schema_migrations"];

/// A column and whether it holds integers (else text).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Column {
    pub name: String,
    pub integer: bool,
}

/// A value of a row: the schema has text and integers only.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Value {
    Null,
    Int(i64),
    Text(String),
}

impl Value {
    pub fn to_json(&self) -> serde_json::Value {
        match self {
            Value::Null => serde_json::Value::Null,
            Value::Int(i) => serde_json::Value::from(*i),
            Value::Text(s) => serde_json::Value::from(s.as_str()),
        }
    }

    pub fn from_json(v: &serde_json::Value) -> Option<Self> {
        match v {
            serde_json::Value::Null => Some(Value::Null),
            serde_json::Value::Number(n) => n.as_i64().map(Value::Int),
            serde_json::Value::String(s) => Some(Value::Text(s.clone())),
            _ => None,
        }
    }
}

fn known(table: &str) -> Result<&'static str, DbError> {
    TABLES
        .iter()
        .chain(NOT_KEPT)
        .find(|t| **t == table)
        .copied()
        .ok_or_else(|| DbError::Corrupt(format!("not a table of Logbog: {table:?}")))
}

/// The tables of the connected database's schema (migrated), by name.
pub async fn schema_tables(conn: &mut Conn, backend: Backend) -> Result<Vec<String>, DbError> {
    let sql = match backend {
        Backend::Sqlite => {
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name"
        }
        Backend::Postgres => {
            "SELECT table_name::text FROM information_schema.tables \
             WHERE table_schema = current_schema() AND table_type = 'BASE TABLE' ORDER BY table_name"
        }
    };
    Ok(sqlx::query_scalar(sql).fetch_all(conn).await?)
}

/// The columns of `table` in the connected database, in order.
pub async fn columns_of(conn: &mut Conn, backend: Backend, table: &str) -> Result<Vec<Column>, DbError> {
    let table = known(table)?;
    let rows = match backend {
        Backend::Sqlite => {
            // The table name is one of the constants above.
            sqlx::query(sqlx::AssertSqlSafe(format!(
                "SELECT name, type AS declared FROM pragma_table_info('{table}') ORDER BY cid"
            )))
            .fetch_all(conn)
            .await?
        }
        Backend::Postgres => {
            sqlx::query(
                "SELECT column_name::text AS name, data_type::text AS declared FROM information_schema.columns \
                 WHERE table_schema = current_schema() AND table_name = $1 ORDER BY ordinal_position",
            )
            .bind(table)
            .fetch_all(conn)
            .await?
        }
    };
    rows.iter()
        .map(|r| {
            let declared = r.text("declared")?.to_ascii_lowercase();
            Ok(Column {
                name: r.text("name")?,
                integer: declared.contains("int"),
            })
        })
        .collect()
}

/// Every row of `table` in the order of its first column, through `each`; returns how many.
/// Rows stream: memory does not grow with the table.
pub async fn export_table(
    conn: &mut Conn,
    table: &str,
    columns: &[Column],
    each: impl FnMut(Vec<Value>) -> Result<(), DbError>,
) -> Result<u64, DbError> {
    export_where(conn, table, columns, None, each).await
}

/// [`export_table`], of the rows that meet `filter`: a condition written in this crate, with the
/// value it binds at `$1`.
pub(crate) async fn export_where(
    conn: &mut Conn,
    table: &str,
    columns: &[Column],
    filter: Option<(&'static str, &str)>,
    mut each: impl FnMut(Vec<Value>) -> Result<(), DbError>,
) -> Result<u64, DbError> {
    let table = known(table)?;
    // Integers are read as 64-bit on both backends.
    let list = columns
        .iter()
        .map(|c| match c.integer {
            true => format!("CAST({0} AS BIGINT) AS {0}", c.name),
            false => c.name.clone(),
        })
        .collect::<Vec<_>>()
        .join(", ");
    // Column names come from the schema, the table from the constants above, the condition
    // from this crate; the value is bound.
    let sql = match filter {
        Some((condition, _)) => format!("SELECT {list} FROM {table} WHERE {condition} ORDER BY 1"),
        None => format!("SELECT {list} FROM {table} ORDER BY 1"),
    };
    let mut q = sqlx::query(sqlx::AssertSqlSafe(sql));
    if let Some((_, value)) = filter {
        q = q.bind(value.to_owned());
    }
    let mut rows = q.fetch(conn);
    let mut n = 0;
    while let Some(row) = rows.try_next().await? {
        let mut values = Vec::with_capacity(columns.len());
        for (i, c) in columns.iter().enumerate() {
            values.push(match c.integer {
                true => row.try_get::<Option<i64>, _>(i)?.map_or(Value::Null, Value::Int),
                false => row.try_get::<Option<String>, _>(i)?.map_or(Value::Null, Value::Text),
            });
        }
        each(values)?;
        n += 1;
    }
    Ok(n)
}

/// Before loading a whole installation in one transaction: on SQLite a page cache large enough
/// for the transaction's pages (the default 2 MB makes every index page go to the WAL and back).
pub async fn begin_bulk_load(conn: &mut Conn, backend: Backend) -> Result<(), DbError> {
    if backend == Backend::Sqlite {
        sqlx::query("PRAGMA cache_size = -262144").execute(conn).await?;
    }
    Ok(())
}

/// After the load: the connection's page cache back to its usual size.
pub async fn end_bulk_load(conn: &mut Conn, backend: Backend) -> Result<(), DbError> {
    if backend == Backend::Sqlite {
        sqlx::query("PRAGMA cache_size = -2000").execute(conn).await?;
    }
    Ok(())
}

/// Delete every row of the tables a backup holds, children first (before a restore).
pub async fn clear(conn: &mut Conn) -> Result<(), DbError> {
    // Sessions point to accounts: they go first.
    for table in ["sessions", "login_failures"].iter().chain(TABLES.iter().rev()) {
        sqlx::query(sqlx::AssertSqlSafe(format!("DELETE FROM {table}")))
            .execute(&mut *conn)
            .await?;
    }
    Ok(())
}

/// Insert `rows` (values in the order of `columns`) into `table`, several to a statement.
pub async fn insert_rows(conn: &mut Conn, table: &str, columns: &[Column], rows: &[Vec<Value>]) -> Result<(), DbError> {
    let table = known(table)?;
    if rows.is_empty() || columns.is_empty() {
        return Ok(());
    }
    // Well under either backend's limit of bound parameters per statement, and small: binding
    // costs grow faster than the parameters on SQLite (30,000 to a statement loaded 4,000 rows
    // a second, 2,000 many times more).
    let per_statement = (2_000 / columns.len()).max(1);
    let names = columns.iter().map(|c| c.name.as_str()).collect::<Vec<_>>().join(", ");
    for chunk in rows.chunks(per_statement) {
        let mut values = Vec::with_capacity(chunk.len());
        for (r, _) in chunk.iter().enumerate() {
            values.push(format!(
                "({})",
                crate::sql::in_list_params(1 + r * columns.len(), columns.len())
            ));
        }
        let sql = format!("INSERT INTO {table} ({names}) VALUES {}", values.join(", "));
        let mut q = sqlx::query(sqlx::AssertSqlSafe(sql));
        for row in chunk {
            if row.len() != columns.len() {
                return Err(DbError::Corrupt(format!(
                    "a row of {table} has {} values for {} columns",
                    row.len(),
                    columns.len()
                )));
            }
            for (v, c) in row.iter().zip(columns) {
                q = match (v, c.integer) {
                    (Value::Null, true) => q.bind(None::<i64>),
                    (Value::Null, false) => q.bind(None::<String>),
                    (Value::Int(i), true) => q.bind(*i),
                    (Value::Text(s), false) => q.bind(s.clone()),
                    (Value::Int(i), false) => q.bind(i.to_string()),
                    (Value::Text(s), true) => q.bind(
                        s.parse::<i64>()
                            .map_err(|_| DbError::Corrupt(format!("{table}.{}: {s:?} is not an integer", c.name)))?,
                    ),
                };
            }
        }
        q.execute(&mut *conn).await?;
    }
    Ok(())
}

/// How many rows `table` has.
pub async fn count_rows(conn: &mut Conn, table: &str) -> Result<u64, DbError> {
    let table = known(table)?;
    let n: i64 = sqlx::query_scalar(sqlx::AssertSqlSafe(format!("SELECT COUNT(*) FROM {table}")))
        .fetch_one(conn)
        .await?;
    Ok(u64::try_from(n).unwrap_or(0))
}

/// The newest schema version this build knows (what a backup records and a restore requires).
pub fn schema_version() -> i64 {
    crate::MIGRATIONS.last().map_or(0, |m| m.0)
}
