//! Where a user-given `next` or `back` may send the browser. Every form and page that redirects
//! to such a value asks [`same_site`], and nothing else decides it.

use logbog_app::people::{CurrentUser, Landing};

/// `target` when it is a path of this site that is safe to put in a `Location` header, else
/// `None`.
///
/// Accepted: a path that starts with a single `/` and has no control characters (below 0x20,
/// 0x7f, and the C1 range) and no backslash, before and after percent-decoding. Browsers drop
/// tabs and newlines from a URL and read `\` as `/`, so `/\t/evil.example` and `/\evil.example`
/// would be `//evil.example`: another site. A control character would also not fit in the
/// header at all. Percent-decoding once is what a server or proxy in front of us may do; the
/// decoded value must pass the same test (`/%2F/evil.example` does not).
pub fn same_site(target: &str) -> Option<&str> {
    let decoded = percent_encoding::percent_decode_str(target).decode_utf8_lossy();
    (plain_path(target) && plain_path(&decoded)).then_some(target)
}

fn plain_path(path: &str) -> bool {
    let mut chars = path.chars();
    chars.next() == Some('/')
        && !matches!(chars.next(), Some('/'))
        && !path.chars().any(|c| c.is_control() || c == '\\')
}

/// The home of the trainee role: their own logbook.
pub const TRAINEE_HOME: &str = "/logbook";
/// The home of every other role: their roles, trainees and secretariat.
pub const STAFF_HOME: &str = "/home";
/// Where everyone starts before login.
pub const LOGIN: &str = "/login";

/// The page a user starts on: the landing page of their roles, or the login page before login.
pub fn home(user: Option<&CurrentUser>) -> &'static str {
    match user.map(CurrentUser::landing) {
        Some(Landing::Logbook) => TRAINEE_HOME,
        Some(Landing::Home) => STAFF_HOME,
        None => LOGIN,
    }
}

/// `target` if it is [`same_site`], else the user's [`home`].
pub fn back_or_home(target: &str, user: Option<&CurrentUser>) -> String {
    back_or(target, home(user))
}

/// `target` if it is [`same_site`], else `home`: the home of the role a form is for (a trainee's
/// report or withdrawal comes back to the logbook, also for a trainee who supervises too).
pub fn back_or(target: &str, home: &str) -> String {
    same_site(target).unwrap_or(home).to_owned()
}

#[cfg(test)]
mod tests {
    use super::same_site;
    use proptest::prelude::*;

    #[test]
    fn only_paths_of_this_site_are_followed() {
        let accepted = [
            "/",
            "/logbook",
            "/logbook?phase=x&programme=y",
            "/logbook/views?from=1",
            "/home?q=N%C3%B8rgaard",
            "/home?q=M%C3%B8ller%20Hansen",
            "/logbook?phase=a%20b",
            "/trainees/0190e1c2/logbook#top",
            "/login",
            "/%2e%2e/logbook",
            "/a//b",
            "/æblegrød",
        ];
        for t in accepted {
            assert_eq!(same_site(t), Some(t), "{t:?}");
        }
        let refused = [
            "",
            " ",
            "logbook",
            "evil.example",
            "https://evil.example/",
            "http:/evil.example",
            "javascript:alert(1)",
            "//evil.example",
            "///evil.example",
            "/\\evil",
            "/\\evil.example",
            "\\\\evil.example",
            "/logbook\\..",
            "/logbook\0",
            "/\0/evil.example",
            "/logbook\r\nSet-Cookie: x=1",
            "/\r/evil.example",
            "/\n/evil.example",
            "/\t/evil.example",
            "\t/logbook",
            " /logbook",
            "/logbook\u{7f}",
            "/logbook\u{85}",
            "/%09/evil.example/",
            "/%0a/evil.example",
            "/%0D%0ASet-Cookie:%20x=1",
            "/logbook%00",
            "/logbook%7F",
            "/%2F/evil.example",
            "/%2f%2fevil.example",
            "/%5Cevil",
            "/%5cevil",
            "/logbook?back=%5C",
            "%2F%2Fevil.example",
            "%2Flogbook",
        ];
        for t in refused {
            assert_eq!(same_site(t), None, "{t:?}");
        }
    }

    #[test]
    fn home_is_the_roles_landing_or_the_login_page() {
        assert_eq!(super::home(None), "/login");
        assert_eq!(super::back_or_home("//evil.example", None), "/login");
        assert_eq!(super::back_or_home("/logbook", None), "/logbook");
        assert_eq!(super::back_or("/\t/evil.example", super::TRAINEE_HOME), "/logbook");
    }

    /// Strings made of the characters that matter here, and any strings at all.
    fn targets() -> impl Strategy<Value = String> {
        let interesting = prop::sample::select(vec![
            '/', '\\', '%', '0', '2', '5', '7', '9', 'a', 'c', 'C', 'd', 'F', 'f', ':', '.', '?', '#', '=', ' ', '\t',
            '\n', '\r', '\0', '\u{7f}', '\u{85}', 'æ', 'e',
        ]);
        prop_oneof![
            prop::collection::vec(interesting.clone(), 0..12).prop_map(|cs| cs.into_iter().collect()),
            prop::collection::vec(interesting, 0..12).prop_map(|cs| format!("/{}", cs.into_iter().collect::<String>())),
            any::<String>(),
            "/[a-z0-9/?=&%.-]{0,20}",
        ]
    }

    proptest! {
        #[test]
        fn what_is_followed_is_a_path_of_this_site(t in targets()) {
            if let Some(p) = same_site(&t) {
                prop_assert!(p.starts_with('/') && !p.starts_with("//"), "{p:?}");
                prop_assert!(!p.chars().any(|c| c.is_control() || c == '\\'), "{p:?}");
                let decoded = percent_encoding::percent_decode_str(p).decode_utf8_lossy();
                prop_assert!(decoded.starts_with('/') && !decoded.starts_with("//"), "{p:?}");
                prop_assert!(!decoded.chars().any(|c| c.is_control() || c == '\\'), "{p:?}");
                // It fits in a `Location` header, so the redirect cannot fail.
                prop_assert!(axum::http::HeaderValue::from_str(p).is_ok(), "{p:?}");
            }
        }

        #[test]
        fn plain_paths_are_followed(p in "/[A-Za-z0-9_-]{1,12}(/[A-Za-z0-9_-]{1,12}){0,3}(\\?[a-z]{1,6}=[A-Za-z0-9]{0,8})?") {
            prop_assert_eq!(same_site(&p), Some(p.as_str()));
        }
    }
}
