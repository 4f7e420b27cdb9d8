//! The words of notifications, in the app and in email, from their kind and data.

use crate::i18n::{I18n, Lang, Tr};
use serde_json::Value;
use std::sync::Arc;

fn s(p: &Value, key: &str) -> String {
    match &p[key] {
        Value::String(v) => v.clone(),
        Value::Number(n) => n.to_string(),
        Value::Array(a) => a.iter().filter_map(|v| v.as_str()).collect::<Vec<_>>().join(", "),
        _ => String::new(),
    }
}

/// (title, body) of a notification in the translator's language.
pub fn text(tr: &Tr, kind: &str, p: &Value) -> (String, String) {
    let n = p["count"].as_i64().unwrap_or(1);
    let days = p["days"].as_i64().unwrap_or(0);
    match kind {
        "request_received" => (
            tr.t1("notification-request-title", "trainee", s(p, "trainee_name")),
            tr.t2(
                "notification-request-body",
                ("count", n.to_string()),
                ("codes", s(p, "codes")),
            ),
        ),
        "approved" => (
            tr.t1("notification-approved-title", "approver", s(p, "approver_name")),
            tr.tn("notification-approved-body", "count", n),
        ),
        "returned" => (
            tr.t1("notification-returned-title", "approver", s(p, "approver_name")),
            s(p, "comment"),
        ),
        "reset" => (
            tr.t("notification-reset-title"),
            format!("{}: {}", s(p, "reference"), s(p, "reason")),
        ),
        "reminder" => (
            tr.t("notification-reminder-title"),
            tr.t2(
                "notification-reminder-body",
                ("trainee", s(p, "trainee_name")),
                ("days", days.to_string()),
            ),
        ),
        "escalation" => (
            tr.t("notification-escalation-title"),
            tr.t2(
                "notification-escalation-body",
                ("trainee", s(p, "trainee_name")),
                ("approver", format!("{} ({days})", s(p, "approver_name"))),
            ),
        ),
        _ => (kind.to_owned(), String::new()),
    }
}

/// Renders an email (subject, body) in the recipient's language.
pub fn email_renderer(i18n: Arc<I18n>) -> impl Fn(&logbog_db::notifications::Mail) -> (String, String) + Send + Sync {
    move |mail| {
        let tr = Tr::new(Lang::parse(&mail.locale).unwrap_or_default(), i18n.clone());
        let (title, body) = text(&tr, &mail.notification.kind, &mail.notification.payload);
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
        let payload = serde_json::json!({ "trainee_name": "Ida", "approver_name": "Mette", "count": 2, "codes": ["1.1", "1.2"], "days": 9, "comment": "ok", "reference": "J.nr. 1", "reason": "Fejl" });
        for lang in [Lang::Da, Lang::En] {
            let tr = Tr::new(lang, i18n.clone());
            for kind in logbog_app::notifications::kind::ALL {
                let (title, body) = text(&tr, kind, &payload);
                assert!(
                    !title.contains("notification-") && !body.contains("notification-"),
                    "{kind}: {title} / {body}"
                );
                assert!(!title.is_empty() && !body.is_empty(), "{kind}");
            }
        }
    }
}
