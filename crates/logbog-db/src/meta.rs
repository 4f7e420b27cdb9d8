//! Key-value facts about the installation (e.g. whether demo data was seeded).

use crate::{Conn, DbError};

pub async fn get(conn: &mut Conn, key: &str) -> Result<Option<String>, DbError> {
    Ok(sqlx::query_scalar("SELECT value FROM app_meta WHERE key = $1")
        .bind(key)
        .fetch_optional(conn)
        .await?)
}

pub async fn set(conn: &mut Conn, key: &str, value: &str) -> Result<(), DbError> {
    sqlx::query(
        "INSERT INTO app_meta (key, value) VALUES ($1, $2) \
         ON CONFLICT (key) DO UPDATE SET value = excluded.value",
    )
    .bind(key)
    .bind(value)
    .execute(conn)
    .await?;
    Ok(())
}
