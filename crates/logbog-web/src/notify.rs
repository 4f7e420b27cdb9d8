//! The words of notifications, in the app and in email, from their kind and data.

use crate::i18n::{I18n, Lang, Tr};
use logbog_domain::Notice;
use std::sync::Arc;

/// (title, body) of a notification in the translator's language.
pub fn text(tr: &Tr, notice: &Notice) -> (String, String) {
    match notice {
        Notice::RequestReceived {
            trainee_name,
            count,
            codes,
        } => (
            tr.t1("notification-request-title", "trainee", trainee_name),
            tr.t2(
                "notification-request-body",
                ("count", count.to_string()),
                ("codes", codes.join(", ")),
            ),
        ),
        Notice::Approved {
            approver_name, count, ..
        } => (
            tr.t1("notification-approved-title", "approver", approver_name),
            tr.tn("notification-approved-body", "count", *count as i64),
        ),
        Notice::Returned { approver_name, comment } => (
            tr.t1("notification-returned-title", "approver", approver_name),
            comment.clone(),
        ),
        Notice::Reset { reference, reason } => (tr.t("notification-reset-title"), format!("{reference}: {reason}")),
        Notice::Reminder { trainee_name, days } => (
            tr.t("notification-reminder-title"),
            tr.t2(
                "notification-reminder-body",
                ("trainee", trainee_name.clone()),
                ("days", days.to_string()),
            ),
        ),
        Notice::Escalation {
            trainee_name,
            approver_name,
            days,
        } => (
            tr.t("notification-escalation-title"),
            tr.t2(
                "notification-escalation-body",
                ("trainee", trainee_name.clone()),
                ("approver", format!("{approver_name} ({days})")),
            ),
        ),
    }
}

/// Renders an email (subject, body) in the recipient's language.
pub fn email_renderer(i18n: Arc<I18n>) -> impl Fn(&logbog_db::notifications::Mail) -> (String, String) + Send + Sync {
    move |mail| {
        let tr = Tr::new(Lang::parse(&mail.locale).unwrap_or_default(), i18n.clone());
        let (title, body) = text(&tr, &mail.notification.notice);
        (
            format!("Logbog: {title}"),
            format!(
                "{}\n\n{title}\n{body}\n\n{}",
                tr.t1("email-greeting", "name", &mail.name),
                tr.t("email-footer")
            ),
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_kind_has_words_in_both_languages() {
        let i18n = Arc::new(I18n::load().unwrap());
        for lang in [Lang::Da, Lang::En] {
            let tr = Tr::new(lang, i18n.clone());
            for notice in Notice::examples() {
                let kind = notice.kind();
                let (title, body) = text(&tr, &notice);
                assert!(
                    !title.contains("notification-") && !body.contains("notification-"),
                    "{kind}: {title} / {body}"
                );
                assert!(!title.is_empty() && !body.is_empty(), "{kind}");
            }
        }
    }
}
