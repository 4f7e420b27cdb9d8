//! The words of notifications, in the app and in email, from their kind and data.

use crate::i18n::{I18n, Lang, Tr};
use logbog_domain::{ItemRef, Notice};
use std::sync::Arc;

/// (title, body) of a notification in the translator's language. Every count goes through
/// Fluent's plural rules.
pub fn text(tr: &Tr, notice: &Notice) -> (String, String) {
    match notice {
        Notice::RequestReceived {
            trainee_name,
            count,
            codes,
            ..
        } => (
            tr.t1("notification-request-title", "trainee", trainee_name),
            tr.tan(
                "notification-request-body",
                &[("codes", codes.join(", "))],
                &[("count", *count as i64)],
            ),
        ),
        Notice::Approved {
            approver_name, count, ..
        } => (
            tr.t1("notification-approved-title", "approver", approver_name),
            tr.tn("notification-approved-body", "count", *count as i64),
        ),
        Notice::Returned {
            approver_name, comment, ..
        } => (
            tr.t1("notification-returned-title", "approver", approver_name),
            comment.clone(),
        ),
        Notice::Reset { reference, reason, .. } => (tr.t("notification-reset-title"), format!("{reference}: {reason}")),
        Notice::Reminder {
            trainee_name,
            days,
            codes,
            ..
        } => (
            tr.t("notification-reminder-title"),
            tr.tan(
                "notification-reminder-body",
                &[("trainee", trainee_name.clone()), ("codes", codes.join(", "))],
                &[("days", *days)],
            ),
        ),
        Notice::Escalation {
            trainee_name,
            approver_name,
            days,
            codes,
            ..
        } => (
            tr.t("notification-escalation-title"),
            tr.tan(
                "notification-escalation-body",
                &[
                    ("trainee", trainee_name.clone()),
                    ("approver", approver_name.clone()),
                    ("codes", codes.join(", ")),
                ],
                &[("days", *days)],
            ),
        ),
        Notice::TimeDue {
            trainee_name,
            site_name,
            opens_on,
            ..
        } => (
            tr.t1("notification-time-due-title", "trainee", trainee_name),
            tr.ta(
                "notification-time-due-body",
                &[("site", site_name.clone()), ("date", tr.date(*opens_on))],
            ),
        ),
    }
}

/// Where a notification leads its recipient, as a path of this site: the item it is about,
/// seen from the recipient's side. An approver's request or reminder leads to the trainee's
/// requests in the work list, that item ticked; an escalation to the training lead leads to the trainee's item;
/// the trainee's own notifications lead to her item. None when the notification kept nothing of
/// what it is about (written before links were kept).
pub fn link(notice: &Notice) -> Option<String> {
    let about = notice.about()?;
    let t = about.trainee;
    Some(match notice {
        // The trainee's requests, the one the notice is about ticked already.
        Notice::RequestReceived { .. } | Notice::Reminder { .. } => match about.item {
            Some(item) => format!("/worklist?trainee={t}&item={}", item.id_text()),
            None => format!("/worklist?trainee={t}"),
        },
        Notice::Escalation { .. } | Notice::TimeDue { .. } => match about.item {
            Some(ItemRef::Competency(c)) => format!("/trainees/{t}/competencies/{c}"),
            Some(ItemRef::TimeAttestation(e)) => format!("/trainees/{t}/employments/{e}"),
            None => format!("/trainees/{t}/logbook"),
        },
        Notice::Approved { .. } | Notice::Returned { .. } | Notice::Reset { .. } => match about.item {
            Some(ItemRef::Competency(c)) => format!("/logbook/competencies/{c}"),
            Some(ItemRef::TimeAttestation(e)) => format!("/logbook/employments/{e}"),
            None => "/logbook".to_owned(),
        },
    })
}

/// Renders an email (subject, body) in the recipient's language, with the address that opens
/// the notification (and marks it read) on the site at `public_url`.
pub fn email_renderer(
    i18n: Arc<I18n>,
    public_url: String,
) -> impl Fn(&logbog_db::notifications::Mail) -> (String, String) + Send + Sync {
    let base = public_url.trim_end_matches('/').to_owned();
    move |mail| {
        let tr = Tr::new(Lang::parse(&mail.locale).unwrap_or_default(), i18n.clone());
        let (title, body) = text(&tr, &mail.notification.notice);
        let open = format!("{base}/notifications/{}", mail.notification.id);
        (
            format!("Logbog: {title}"),
            format!(
                "{}\n\n{title}\n{body}\n\n{}\n{open}\n\n{}",
                tr.t1("email-greeting", "name", &mail.name),
                tr.t("email-open"),
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
                assert!(
                    !body.contains("(er)") && !body.contains("(s)"),
                    "{kind}: plural by Fluent: {body}"
                );
                assert!(
                    link(&notice).is_some_and(|l| l.starts_with('/')),
                    "{kind} leads somewhere"
                );
            }
        }
    }
}
