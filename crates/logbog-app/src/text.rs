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
    "dated",
    "replaces",
    "file",
    "written_on",
    "note",
    "shared_with",
    "employer",
    "department",
    "position",
    "start_date",
    "end_date",
    "working_percent",
    "hours_per_week",
    "revision",
    "form",
    "title",
    "curriculum",
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

/// The longest value `check` accepts in `field`, in characters.
pub fn max_chars(field: &str) -> usize {
    if MULTI_LINE.contains(&field) {
        MULTI_LINE_MAX
    } else {
        SINGLE_LINE_MAX
    }
}

/// What `check` accepts in `field`, as a JSON-Schema (ECMA-262) pattern for the API's
/// documentation; with `required`, the value must also hold more than white space (as the
/// use cases' `trim().is_empty()` asks). White space is Rust's (`char::is_whitespace`).
pub fn schema_pattern(field: &str, required: bool) -> String {
    // Control characters (`char::is_control`: U+0000–U+001F, U+007F–U+009F), but newline,
    // carriage return and tab in multi-line fields.
    let control = if MULTI_LINE.contains(&field) {
        r"\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f"
    } else {
        r"\u0000-\u001f\u007f-\u009f"
    };
    if !required {
        return format!("^[^{control}]*$");
    }
    // A character that is neither a control character nor white space.
    let visible = r"[^\u0000-\u0020\u007f-\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]";
    format!("^[^{control}]*{visible}[^{control}]*$")
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

    /// Strings rich in what the policy is about: controls, white space, letters.
    fn texty() -> impl Strategy<Value = String> {
        let c = prop_oneof![
            any::<char>(),
            prop::sample::select(vec![
                '\0', '\t', '\n', '\r', '\u{b}', '\u{1f}', '\u{7f}', '\u{85}', '\u{9f}'
            ]),
            prop::sample::select(vec![
                ' ', '\u{a0}', '\u{1680}', '\u{2007}', '\u{2028}', '\u{3000}', '\u{feff}', '\u{180e}'
            ]),
            prop::sample::select(vec!['a', 'Æ', '1']),
        ];
        prop::collection::vec(c, 0..6).prop_map(|cs| cs.into_iter().collect())
    }

    proptest! {
        /// The pattern the API documents accepts exactly what `check` (and, for a required
        /// field, a non-blank value) accepts, so a client that follows the document is never
        /// refused for its text and one that does not always is.
        #[test]
        fn the_documented_pattern_is_the_policy(s in texty(), required: bool, multi: bool) {
            let field = if multi { "comment" } else { "reference" };
            let pattern = regex::Regex::new(&schema_pattern(field, required)).expect("a valid pattern");
            let accepted = check(field, &s).is_none() && !(required && s.trim().is_empty());
            prop_assert_eq!(pattern.is_match(&s), accepted, "{:?}", s);
        }

        #[test]
        fn what_passes_has_no_control_character_outside_free_text(s in any::<String>()) {
            if check("username", &s).is_none() {
                prop_assert!(!s.chars().any(char::is_control));
            }
        }
    }
}
