//! What a notification says, typed: each kind with its own fields. Stored as the kind's code
//! and the fields as JSON; rendered in the recipient's language by the web crate.

use serde::{Deserialize, Serialize};

code_enum!(
    /// The kinds of notification.
    NotificationKind: "notification kind" {
        RequestReceived = "request_received",
        Approved = "approved",
        Returned = "returned",
        Reset = "reset",
        Reminder = "reminder",
        Escalation = "escalation",
    }
);

/// A notification's content. Serialised adjacently tagged: `{"kind": …, "payload": {…}}`, so
/// the kind is its own column and the payload keeps the fields.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", content = "payload", rename_all = "snake_case")]
pub enum Notice {
    /// To an approver: a trainee reported items ready (their codes, or the site of a time
    /// attestation).
    RequestReceived {
        trainee_name: String,
        count: usize,
        #[serde(default)]
        codes: Vec<String>,
    },
    /// To the trainee: items were approved.
    Approved {
        approver_name: String,
        count: usize,
        #[serde(default)]
        comment: String,
    },
    /// To the trainee: a request was returned with a comment.
    Returned { approver_name: String, comment: String },
    /// To the trainee: an approval was reset by the secretariat.
    Reset { reference: String, reason: String },
    /// To an approver: a request has waited `days`.
    Reminder { trainee_name: String, days: i64 },
    /// To the training lead or tutor of the trainee's site: a request to `approver_name` has
    /// waited `days`.
    Escalation {
        trainee_name: String,
        approver_name: String,
        days: i64,
    },
}

impl Notice {
    pub fn kind(&self) -> NotificationKind {
        match self {
            Notice::RequestReceived { .. } => NotificationKind::RequestReceived,
            Notice::Approved { .. } => NotificationKind::Approved,
            Notice::Returned { .. } => NotificationKind::Returned,
            Notice::Reset { .. } => NotificationKind::Reset,
            Notice::Reminder { .. } => NotificationKind::Reminder,
            Notice::Escalation { .. } => NotificationKind::Escalation,
        }
    }

    /// One example of every kind, for tests that must cover them all.
    pub fn examples() -> Vec<Notice> {
        let name = || "Ida Holm".to_owned();
        let all = vec![
            Notice::RequestReceived {
                trainee_name: name(),
                count: 2,
                codes: vec!["1.1".into(), "1.2".into()],
            },
            Notice::Approved {
                approver_name: name(),
                count: 2,
                comment: "ok".into(),
            },
            Notice::Returned {
                approver_name: name(),
                comment: "Mangler kort".into(),
            },
            Notice::Reset {
                reference: "J.nr. 1".into(),
                reason: "Fejl".into(),
            },
            Notice::Reminder {
                trainee_name: name(),
                days: 9,
            },
            Notice::Escalation {
                trainee_name: name(),
                approver_name: name(),
                days: 16,
            },
        ];
        debug_assert_eq!(all.len(), NotificationKind::ALL.len());
        all
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_examples_cover_every_kind_once() {
        let kinds: Vec<_> = Notice::examples().iter().map(Notice::kind).collect();
        assert_eq!(kinds, NotificationKind::ALL);
    }
}
