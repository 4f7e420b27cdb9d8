//! What a notification says, typed: each kind with its own fields. Stored as the kind's code
//! and the fields as JSON; rendered in the recipient's language by the web crate.

use crate::{ItemRef, PersonId};
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
        TimeDue = "time_due",
    }
);

/// What a notification is about, so that it can lead there: the trainee, and the item when it
/// is about one (of several items of one trainee, the first). Notifications written before
/// this was kept have none, and lead to the list of notifications.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct About {
    pub trainee: PersonId,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub item: Option<ItemRef>,
}

impl About {
    pub fn trainee(trainee: PersonId) -> Self {
        Self { trainee, item: None }
    }

    pub fn item(trainee: PersonId, item: ItemRef) -> Self {
        Self {
            trainee,
            item: Some(item),
        }
    }
}

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
        #[serde(default, skip_serializing_if = "Option::is_none")]
        about: Option<About>,
    },
    /// To the trainee: items were approved.
    Approved {
        approver_name: String,
        count: usize,
        #[serde(default)]
        comment: String,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        about: Option<About>,
    },
    /// To the trainee: a request was returned with a comment.
    Returned {
        approver_name: String,
        comment: String,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        about: Option<About>,
    },
    /// To the trainee: an approval was reset by the secretariat.
    Reset {
        reference: String,
        reason: String,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        about: Option<About>,
    },
    /// To an approver: a request (of the items `codes`) has waited `days`.
    Reminder {
        trainee_name: String,
        days: i64,
        #[serde(default)]
        codes: Vec<String>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        about: Option<About>,
    },
    /// To the training lead or tutor of the trainee's site: a request to `approver_name` has
    /// waited `days`.
    Escalation {
        trainee_name: String,
        approver_name: String,
        days: i64,
        #[serde(default)]
        codes: Vec<String>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        about: Option<About>,
    },
    /// To the training lead or tutor of an employment's site: its last month has opened, so
    /// its time attestation can be approved now (without the trainee having asked).
    TimeDue {
        trainee_name: String,
        site_name: String,
        opens_on: chrono::NaiveDate,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        about: Option<About>,
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
            Notice::TimeDue { .. } => NotificationKind::TimeDue,
        }
    }

    /// What it is about, if that was kept.
    pub fn about(&self) -> Option<About> {
        match self {
            Notice::RequestReceived { about, .. }
            | Notice::Approved { about, .. }
            | Notice::Returned { about, .. }
            | Notice::Reset { about, .. }
            | Notice::Reminder { about, .. }
            | Notice::Escalation { about, .. }
            | Notice::TimeDue { about, .. } => *about,
        }
    }

    /// One example of every kind, for tests that must cover them all.
    pub fn examples() -> Vec<Notice> {
        let name = || "Ida Holm".to_owned();
        let about = Some(About::item(
            PersonId::new(),
            ItemRef::Competency(crate::CompetencyId::new()),
        ));
        let all = vec![
            Notice::RequestReceived {
                trainee_name: name(),
                count: 2,
                codes: vec!["1.1".into(), "1.2".into()],
                about,
            },
            Notice::Approved {
                approver_name: name(),
                count: 2,
                comment: "ok".into(),
                about,
            },
            Notice::Returned {
                approver_name: name(),
                comment: "Mangler kort".into(),
                about,
            },
            Notice::Reset {
                reference: "J.nr. 1".into(),
                reason: "Fejl".into(),
                about,
            },
            Notice::Reminder {
                trainee_name: name(),
                days: 9,
                codes: vec!["1.1".into()],
                about,
            },
            Notice::Escalation {
                trainee_name: name(),
                approver_name: name(),
                days: 16,
                codes: vec!["1.1".into()],
                about,
            },
            Notice::TimeDue {
                trainee_name: name(),
                site_name: "Kardiologisk afdeling".into(),
                opens_on: chrono::NaiveDate::from_ymd_opt(2026, 12, 1).unwrap_or_default(),
                about,
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
    fn a_notification_written_before_it_kept_what_it_is_about_still_reads() {
        let old = r#"{"kind":"reminder","payload":{"trainee_name":"Ida Holm","days":9}}"#;
        let n: Notice = serde_json::from_str(old).unwrap();
        assert_eq!(n.about(), None);
        for n in Notice::examples() {
            let back: Notice = serde_json::from_str(&serde_json::to_string(&n).unwrap()).unwrap();
            assert_eq!(back, n);
            assert!(back.about().is_some());
        }
    }

    #[test]
    fn the_examples_cover_every_kind_once() {
        let kinds: Vec<_> = Notice::examples().iter().map(Notice::kind).collect();
        assert_eq!(kinds, NotificationKind::ALL);
    }
}
