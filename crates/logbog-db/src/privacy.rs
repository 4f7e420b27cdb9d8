//! What Logbog holds about a person (GDPR Article 15): for every table, the rows about them, as
//! the subject (their logbook, programmes, employments, notifications) or as the one who acted
//! (grants given, approvals made), and the audit trail's events by them, of their logbook or
//! about them: who has read their logbook and when. Secrets (the password hash, session tokens,
//! storage keys) are left out.

use crate::backup::{self, Column, Value};
use crate::{Backend, Conn, DbError};

/// The programmes of the person `$1`, and their employments.
macro_rules! programmes_of {
    () => {
        "(SELECT id FROM programmes WHERE trainee_id = $1)"
    };
}
macro_rules! employments_of {
    () => {
        "(SELECT e.id FROM employments e JOIN programmes p ON p.id = e.programme_id WHERE p.trainee_id = $1)"
    };
}
macro_rules! username_of {
    () => {
        "(SELECT username FROM accounts WHERE person_id = $1)"
    };
}

/// A table, the condition on its rows that makes them about the person bound at `$1`, and the
/// columns left out of the export.
pub struct About {
    pub table: &'static str,
    pub rows: &'static str,
    pub left_out: &'static [&'static str],
}

const fn about(table: &'static str, rows: &'static str) -> About {
    About {
        table,
        rows,
        left_out: &[],
    }
}

/// Every table that can hold something about a person, in the order of `backup::TABLES`.
pub const ABOUT: &[About] = &[
    about("people", "id = $1"),
    About {
        table: "accounts",
        rows: "person_id = $1",
        left_out: &["password_hash"],
    },
    about("role_grants", "person_id = $1 OR granted_by = $1 OR ended_by = $1"),
    about("programmes", "trainee_id = $1"),
    about("programme_curricula", concat!("programme_id IN ", programmes_of!())),
    about("employments", concat!("programme_id IN ", programmes_of!())),
    about("leaves", concat!("employment_id IN ", employments_of!())),
    about("employment_amendments", concat!("employment_id IN ", employments_of!())),
    about(
        "competency_placements",
        concat!(
            "programme_id IN ",
            programmes_of!(),
            " OR employment_id IN ",
            employments_of!()
        ),
    ),
    about(
        "training_plans",
        concat!("supervisor_id = $1 OR employment_id IN ", employments_of!()),
    ),
    about(
        "supervisions",
        "supervisor_id = $1 OR trainee_id = $1 OR granted_by = $1 OR ended_by = $1",
    ),
    about(
        "approval_requests",
        "trainee_id = $1 OR approver_id = $1 OR decided_by = $1",
    ),
    about("approvals", "trainee_id = $1 OR approver_id = $1"),
    about(
        "approval_resets",
        "reset_by = $1 OR approval_id IN (SELECT id FROM approvals WHERE trainee_id = $1)",
    ),
    about("courses", "provider_id = $1"),
    about(
        "course_participations",
        concat!("trainee_id = $1 OR programme_id IN ", programmes_of!()),
    ),
    about(
        "research_elements",
        concat!("supervisor_id = $1 OR programme_id IN ", programmes_of!()),
    ),
    about(
        "research_dispensations",
        concat!("granted_by = $1 OR programme_id IN ", programmes_of!()),
    ),
    About {
        table: "documents",
        rows: "owner_id = $1 OR uploaded_by = $1 OR deleted_by = $1",
        left_out: &["storage_key"],
    },
    about("document_quotas", "owner_id = $1"),
    about("agreements", concat!("programme_id IN ", programmes_of!())),
    about(
        "notes",
        "trainee_id = $1 OR id IN (SELECT note_id FROM note_shares WHERE person_id = $1)",
    ),
    about(
        "card_confirmations",
        "confirmed_by = $1 OR document_id IN (SELECT id FROM documents WHERE owner_id = $1)",
    ),
    about(
        "note_shares",
        "person_id = $1 OR note_id IN (SELECT id FROM notes WHERE trainee_id = $1)",
    ),
    about("medical_employments", "trainee_id = $1"),
    about("employment_overviews", "trainee_id = $1"),
    about(
        "paper_attestations",
        concat!(
            "trainee_id = $1 OR decided_by = $1 OR employment_id IN ",
            employments_of!()
        ),
    ),
    about("evaluations", concat!("employment_id IN ", employments_of!())),
    about(
        "evaluation_answers",
        concat!(
            "evaluation_id IN (SELECT id FROM evaluations WHERE employment_id IN ",
            employments_of!(),
            ")"
        ),
    ),
    about("site_responses", "author_id = $1"),
    about(
        "stps_submissions",
        concat!(
            "trainee_id = $1 OR decided_by = $1 OR programme_id IN ",
            programmes_of!()
        ),
    ),
    about("specialist_recognitions", "trainee_id = $1"),
    about("notifications", "recipient_id = $1"),
    about("audit_events", "actor_id = $1 OR trainee_id = $1 OR subject_id = $1"),
    About {
        table: "sessions",
        rows: "account_id IN (SELECT id FROM accounts WHERE person_id = $1)",
        left_out: &["id_hash", "csrf_token"],
    },
    about(
        "login_failures",
        concat!(
            "key = 'u:' || ",
            username_of!(),
            " OR substr(key, 1, length(",
            username_of!(),
            ") + 3) = 'p:' || ",
            username_of!(),
            " || ':'"
        ),
    ),
];

/// Tables that hold nothing about a person: reference data, curricula, the chain's head, the
/// schema's record.
pub const NOT_ABOUT_PEOPLE: &[&str] = &[
    "app_meta",
    "postgraduate_regions",
    "hospitals",
    "specialties",
    "sites",
    "curricula",
    "curriculum_specialties",
    "curriculum_versions",
    "phases",
    "competencies",
    // A curriculum's published forms: the publisher is in their document row, which the
    // export has.
    "specialty_files",
    "specialty_file_competencies",
    "audit_head",
    "schema_migrations",
];

/// The rows of one table about a person, with the columns the export shows.
#[derive(Debug, Clone, PartialEq)]
pub struct TableRows {
    pub table: &'static str,
    pub columns: Vec<Column>,
    pub rows: Vec<Vec<Value>>,
}

/// Everything about `person`, table by table, in one read (the caller's snapshot).
pub async fn about_person(conn: &mut Conn, backend: Backend, person: &str) -> Result<Vec<TableRows>, DbError> {
    let mut out = Vec::with_capacity(ABOUT.len());
    for a in ABOUT {
        let columns: Vec<Column> = backup::columns_of(conn, backend, a.table)
            .await?
            .into_iter()
            .filter(|c| !a.left_out.contains(&c.name.as_str()))
            .collect();
        let mut rows = Vec::new();
        backup::export_where(conn, a.table, &columns, Some((a.rows, person)), |values| {
            rows.push(values);
            Ok(())
        })
        .await?;
        out.push(TableRows {
            table: a.table,
            columns,
            rows,
        });
    }
    Ok(out)
}
