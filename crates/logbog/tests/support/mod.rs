//! What the binary's tests share: a PostgreSQL database of their own (the server under test is
//! a separate process and knows no test schema), dropped afterwards.

#![allow(dead_code, clippy::unwrap_used, clippy::expect_used)]

/// A new PostgreSQL database, or `None` when `LOGBOG_TEST_POSTGRES_URL` is unset (a failure
/// when `LOGBOG_REQUIRE_POSTGRES=1`).
pub struct PgDatabase {
    pub url: String,
    pub name: String,
    admin: logbog_db::Db,
}

impl PgDatabase {
    pub async fn create(prefix: &str) -> Option<Self> {
        let Ok(admin_url) = std::env::var("LOGBOG_TEST_POSTGRES_URL") else {
            if std::env::var("LOGBOG_REQUIRE_POSTGRES").is_ok_and(|v| v == "1") {
                panic!("LOGBOG_REQUIRE_POSTGRES=1 but LOGBOG_TEST_POSTGRES_URL is not set");
            }
            eprintln!("skipping PostgreSQL: LOGBOG_TEST_POSTGRES_URL is not set");
            return None;
        };
        let name = format!("{prefix}_{}", &uuid::Uuid::now_v7().simple().to_string()[16..]);
        let admin = logbog_db::Db::connect(&admin_url).await.unwrap();
        {
            let mut conn = admin.conn().await.unwrap();
            sqlx::query(sqlx::AssertSqlSafe(format!("CREATE DATABASE {name}")))
                .execute(&mut *conn)
                .await
                .unwrap();
        }
        let base = admin_url.rsplit_once('/').map_or(admin_url.as_str(), |(b, _)| b);
        Some(Self {
            url: format!("{base}/{name}"),
            name,
            admin,
        })
    }

    /// Drops the database (after the server using it has stopped).
    pub async fn drop_database(self) {
        let mut conn = self.admin.conn().await.unwrap();
        let _ = sqlx::query(sqlx::AssertSqlSafe(format!(
            "DROP DATABASE IF EXISTS {} WITH (FORCE)",
            self.name
        )))
        .execute(&mut *conn)
        .await;
    }
}

/// A fresh temporary folder.
pub fn temp_dir(prefix: &str) -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("{prefix}-{}", uuid::Uuid::now_v7().simple()));
    std::fs::create_dir_all(&dir).unwrap();
    dir
}
