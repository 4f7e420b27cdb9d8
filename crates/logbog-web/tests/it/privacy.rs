//! The right of access (GDPR Article 15): a user downloads everything Logbog holds about them,
//! including who has read their logbook and when, checked against the database for the demo
//! trainee with the most history.

use logbog_testkit::{TestApp, TestDb, date, dual_db_tests};
use std::collections::BTreeSet;

const PW: &str = logbog_app::demo::DEMO_PASSWORD;

/// The ids of `table`'s rows in the export.
fn keys(export: &serde_json::Value, table: &str) -> BTreeSet<String> {
    export["tables"][table]
        .as_array()
        .unwrap_or_else(|| panic!("no {table} in the export"))
        .iter()
        .map(|row| {
            let key = row.get("id").unwrap();
            key.as_str().map_or_else(|| key.to_string(), str::to_owned)
        })
        .collect()
}

async fn ids(t: &TestApp, sql: &str, person: &str) -> BTreeSet<String> {
    let mut conn = t.app.db.conn().await.unwrap();
    let rows: Vec<String> = sqlx::query_scalar(sqlx::AssertSqlSafe(sql.to_owned()))
        .bind(person)
        .fetch_all(&mut *conn)
        .await
        .unwrap();
    rows.into_iter().collect()
}

async fn the_export_holds_everything_about_the_trainee(db: TestDb) {
    let t = TestApp::with_demo(db, date("2026-11-26")).await;
    // The demo trainee with the most audit events about her.
    let heaviest: String = {
        let mut conn = t.app.db.conn().await.unwrap();
        sqlx::query_scalar(
            "SELECT a.username FROM accounts a JOIN role_grants g ON g.person_id = a.person_id AND g.role = 'trainee' \
             ORDER BY (SELECT COUNT(*) FROM audit_events e WHERE e.trainee_id = a.person_id) DESC, a.username LIMIT 1",
        )
        .fetch_one(&mut *conn)
        .await
        .unwrap()
    };
    // Staff read her logbook, so that there are views to find.
    let trainee = t.user(&heaviest).await;
    let mut read_by = Vec::new();
    for staff in [
        "vejleder.hansen",
        "uao.kardiologi",
        "sekretariat.syd",
        "sekretariat.oest",
        "sekretariat.nord",
    ] {
        let s = t.user(staff).await;
        if logbog_app::logbook::view_logbook(&t.app, &s, trainee.id(), Default::default())
            .await
            .is_ok()
        {
            read_by.push(s.id().to_string());
        }
    }
    assert!(
        !read_by.is_empty(),
        "someone of the demo's staff may read {heaviest}'s logbook"
    );
    let web = t.login(&heaviest, PW).await;
    let r = web.get(t.url("/me/data.json")).send().await.unwrap();
    assert_eq!(r.status(), 200);
    assert!(
        r.headers()["content-disposition"]
            .to_str()
            .unwrap()
            .starts_with(&format!("attachment; filename=\"logbog-{heaviest}-")),
    );
    let export: serde_json::Value = r.json().await.unwrap();
    let me = trainee.id().to_string();
    assert_eq!(export["person_id"], me);

    // Against the database: every row that names her, directly or through her programmes.
    for (table, sql) in [
        ("people", "SELECT id FROM people WHERE id = $1"),
        ("accounts", "SELECT id FROM accounts WHERE person_id = $1"),
        ("role_grants", "SELECT id FROM role_grants WHERE person_id = $1"),
        ("programmes", "SELECT id FROM programmes WHERE trainee_id = $1"),
        (
            "employments",
            "SELECT e.id FROM employments e JOIN programmes p ON p.id = e.programme_id WHERE p.trainee_id = $1",
        ),
        ("supervisions", "SELECT id FROM supervisions WHERE trainee_id = $1"),
        (
            "approval_requests",
            "SELECT id FROM approval_requests WHERE trainee_id = $1",
        ),
        ("approvals", "SELECT id FROM approvals WHERE trainee_id = $1"),
        ("notifications", "SELECT id FROM notifications WHERE recipient_id = $1"),
        (
            "audit_events",
            "SELECT id FROM audit_events WHERE trainee_id = $1 OR actor_id = $1",
        ),
    ] {
        let want = ids(&t, sql, &me).await;
        let got = keys(&export, table);
        assert!(
            !want.is_empty() || table == "supervisions",
            "{table}: the demo trainee has some"
        );
        let missing: Vec<_> = want.difference(&got).collect();
        assert!(
            missing.is_empty(),
            "{table}: {} rows missing from the export: {missing:?}",
            missing.len()
        );
    }
    // Who has read her logbook and when: every view is there with reader, role and time.
    let views: Vec<&serde_json::Value> = export["tables"]["audit_events"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["action"] == "logbook.viewed")
        .collect();
    let readers: BTreeSet<String> = views
        .iter()
        .map(|e| e["actor_id"].as_str().unwrap().to_owned())
        .collect();
    assert!(read_by.iter().all(|r| readers.contains(r)), "{readers:?} ⊉ {read_by:?}");
    assert!(
        views
            .iter()
            .all(|e| e["occurred_at"].is_string() && e["actor_role"].is_string())
    );
    // No secret travels.
    let text = export.to_string();
    assert!(
        !text.contains("password_hash") && !text.contains("$argon2"),
        "a password hash in the export"
    );
    assert!(!text.contains("csrf_token") && !text.contains("id_hash"));
    // And nothing about another trainee's logbook: every audit event is hers or by her.
    for e in export["tables"]["audit_events"].as_array().unwrap() {
        assert!(
            e["trainee_id"] == me.as_str() || e["actor_id"] == me.as_str() || e["subject_id"] == me.as_str(),
            "{e}"
        );
    }

    // The API gives the same to a token of the user; anonymous gets 401.
    let token = t.token(&heaviest, PW).await;
    let api = t.api_json(&token, "/api/v1/me/data").await;
    assert_eq!(keys(&api, "approvals"), keys(&export, "approvals"));
    let anon = t.client().get(t.url("/api/v1/me/data")).send().await.unwrap();
    assert_eq!(anon.status(), 401);
}

/// Every table of the schema is either searched for rows about a person or holds nothing about
/// one, and every column that points to a person is in its table's condition: a table or column
/// added later cannot be left out of the export.
async fn the_export_covers_every_table_and_every_reference_to_a_person(db: TestDb) {
    let named: Vec<&str> = logbog_db::privacy::ABOUT
        .iter()
        .map(|a| a.table)
        .chain(logbog_db::privacy::NOT_ABOUT_PEOPLE.iter().copied())
        .collect();
    logbog_testkit::assert_names_every_table(&db, &named, "the export (ABOUT and NOT_ABOUT_PEOPLE)").await;
    let mut conn = db.db.conn().await.unwrap();
    if db.db.backend() != logbog_db::Backend::Sqlite {
        return;
    }
    for a in logbog_db::privacy::ABOUT {
        let refs: Vec<(String, String)> = sqlx::query_as(sqlx::AssertSqlSafe(format!(
            "SELECT \"from\", \"table\" FROM pragma_foreign_key_list('{}')",
            a.table
        )))
        .fetch_all(&mut *conn)
        .await
        .unwrap();
        for (column, parent) in refs {
            if [
                "people",
                "accounts",
                "programmes",
                "employments",
                "approvals",
                "notes",
                "evaluations",
            ]
            .contains(&parent.as_str())
            {
                assert!(
                    a.rows.contains(&column),
                    "{}.{column} points to {parent} but is not in the export's condition {:?}",
                    a.table,
                    a.rows
                );
            }
        }
    }
    for table in logbog_db::privacy::NOT_ABOUT_PEOPLE {
        let refs: Vec<(String, String)> = sqlx::query_as(sqlx::AssertSqlSafe(format!(
            "SELECT \"from\", \"table\" FROM pragma_foreign_key_list('{table}')"
        )))
        .fetch_all(&mut *conn)
        .await
        .unwrap();
        assert!(
            refs.iter().all(|(_, p)| p != "people" && p != "accounts"),
            "{table} points to a person: {refs:?}"
        );
    }
}

dual_db_tests!(
    the_export_holds_everything_about_the_trainee,
    the_export_covers_every_table_and_every_reference_to_a_person,
);
