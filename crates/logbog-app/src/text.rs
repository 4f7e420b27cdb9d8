//! What text the product accepts, decided once and applied at the boundary to every form field
//! and JSON string: valid UTF-8 (the extractors guarantee it), no control characters but
//! newline, carriage return and tab in multi-line fields, and a length per kind of field. A
//! U+0000 would otherwise reach PostgreSQL, which refuses it with an internal error.

use crate::Problem;

/// Fields that hold free text over several lines.
const MULTI_LINE: &[&str] = &["message", "comment", "reason", "description", "note"];

/// The longest single-line value and the longest multi-line one, in characters.
pub const SINGLE_LINE_MAX: usize = 500;
pub const MULTI_LINE_MAX: usize = 2000;

/// The fields forms and JSON bodies name, as the static names errors carry; any other is
/// reported as `form` or `body` by the caller.
const FIELDS: &[&str] = &[
    "username",
    "password",
    "message",
    "comment",
    "reason",
    "reference",
    "request_reference",
    "approver",
    "approver_role",
    "site",
    "trainee",
    "supervisor",
    "kind",
    "competency",
    "competencies",
    "request",
    "requests",
    "method",
    "assessment_method",
    "assessment_methods",
    "lang",
    "back",
    "next",
    "valid_from",
    "valid_until",
    "csrf",
];

/// The static name of a known field.
pub fn field_name(name: &str) -> Option<&'static str> {
    FIELDS.iter().copied().find(|f| *f == name)
}

/// What is wrong with `value` as the field `field`, if anything.
pub fn check(field: &str, value: &str) -> Option<Problem> {
    // A password is hashed, never stored as text; a redirect target is judged on its own
    // (`logbog_web::redirect`), falling back to a safe page instead of refusing.
    if matches!(field, "password" | "back" | "next") {
        return None;
    }
    let multi = MULTI_LINE.contains(&field);
    let allowed = |c: char| multi && matches!(c, '\n' | '\r' | '\t');
    if value.chars().any(|c| c.is_control() && !allowed(c)) {
        return Some(Problem::ControlCharacter);
    }
    let max = if multi { MULTI_LINE_MAX } else { SINGLE_LINE_MAX };
    (value.chars().count() > max).then_some(Problem::TooLong { max })
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn control_characters_are_refused_but_lines_in_free_text() {
        assert_eq!(check("username", "a\0b"), Some(Problem::ControlCharacter));
        assert_eq!(check("reference", "J.nr.\t1"), Some(Problem::ControlCharacter));
        assert_eq!(check("comment", "Fint.\r\nGodkendt.\tOK"), None);
        assert_eq!(check("comment", "a\u{7f}"), Some(Problem::ControlCharacter));
        assert_eq!(check("message", "\u{0}"), Some(Problem::ControlCharacter));
        assert_eq!(check("username", "ÆØÅ – søster"), None);
        assert_eq!(check("username", &"x".repeat(501)), Some(Problem::TooLong { max: 500 }));
        assert_eq!(check("message", &"x".repeat(2000)), None);
        assert_eq!(check("back", "/\0/evil"), None, "judged by the redirect rule instead");
    }

    proptest! {
        #[test]
        fn what_passes_has_no_control_character_outside_free_text(s in any::<String>()) {
            if check("username", &s).is_none() {
                prop_assert!(!s.chars().any(char::is_control));
            }
        }
    }
}
