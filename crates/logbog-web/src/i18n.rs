//! Translations with Fluent: Danish first (`da`), English complete (`en`). Every visible string
//! of the UI comes from `locales/*.ftl`; a test fails when a key is missing in either language.

use fluent_bundle::concurrent::FluentBundle;
use fluent_bundle::{FluentArgs, FluentResource, FluentValue};
use std::sync::Arc;

/// A supported language.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Lang {
    #[default]
    Da,
    En,
}

impl Lang {
    pub fn code(self) -> &'static str {
        match self {
            Lang::Da => "da",
            Lang::En => "en",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "da" => Some(Lang::Da),
            "en" => Some(Lang::En),
            _ => None,
        }
    }

    /// The other language, offered by the switch.
    pub fn other(self) -> Self {
        match self {
            Lang::Da => Lang::En,
            Lang::En => Lang::Da,
        }
    }
}

/// The Fluent sources, embedded in the binary.
pub const SOURCES: [(Lang, &str); 2] = [
    (Lang::Da, include_str!("../locales/da.ftl")),
    (Lang::En, include_str!("../locales/en.ftl")),
];

/// Both bundles, loaded once at start.
pub struct I18n {
    da: FluentBundle<FluentResource>,
    en: FluentBundle<FluentResource>,
}

impl std::fmt::Debug for I18n {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("I18n")
    }
}

fn bundle(lang: Lang, source: &str) -> Result<FluentBundle<FluentResource>, String> {
    let id = lang
        .code()
        .parse()
        .map_err(|_| format!("bad language id {}", lang.code()))?;
    let resource = FluentResource::try_new(source.to_owned())
        .map_err(|(_, errs)| format!("{}.ftl does not parse: {errs:?}", lang.code()))?;
    let mut bundle = FluentBundle::new_concurrent(vec![id]);
    // No Unicode isolation marks: they would show up in HTML attributes and tests.
    bundle.set_use_isolating(false);
    bundle
        .add_resource(resource)
        .map_err(|errs| format!("{}.ftl has duplicate keys: {errs:?}", lang.code()))?;
    Ok(bundle)
}

impl I18n {
    /// Load both languages; fails at start-up if a file is malformed.
    pub fn load() -> Result<Self, String> {
        Ok(Self {
            da: bundle(Lang::Da, SOURCES[0].1)?,
            en: bundle(Lang::En, SOURCES[1].1)?,
        })
    }

    fn bundle(&self, lang: Lang) -> &FluentBundle<FluentResource> {
        match lang {
            Lang::Da => &self.da,
            Lang::En => &self.en,
        }
    }

    /// The message `key` in `lang` with arguments; a missing key shows as the key itself (and
    /// is caught by the translation test before it ships).
    pub fn format(&self, lang: Lang, key: &str, args: Option<&FluentArgs<'_>>) -> String {
        let bundle = self.bundle(lang);
        let Some(pattern) = bundle.get_message(key).and_then(|m| m.value()) else {
            tracing::warn!(key, lang = lang.code(), "missing translation");
            return key.to_owned();
        };
        let mut errors = Vec::new();
        let text = bundle.format_pattern(pattern, args, &mut errors);
        if !errors.is_empty() {
            tracing::warn!(key, ?errors, "translation formatting failed");
        }
        text.into_owned()
    }

    /// Whether `key` exists in `lang`.
    pub fn has(&self, lang: Lang, key: &str) -> bool {
        self.bundle(lang).has_message(key)
    }
}

/// A translator bound to the request's language, handed to every template.
#[derive(Debug, Clone)]
pub struct Tr {
    pub lang: Lang,
    i18n: Arc<I18n>,
}

impl Tr {
    pub fn new(lang: Lang, i18n: Arc<I18n>) -> Self {
        Self { lang, i18n }
    }

    /// The text of `key`.
    pub fn t(&self, key: &str) -> String {
        self.i18n.format(self.lang, key, None)
    }

    /// The text of `key` with one argument.
    pub fn t1(&self, key: &str, name: &str, value: impl ToString) -> String {
        let mut args = FluentArgs::new();
        args.set(name, FluentValue::from(value.to_string()));
        self.i18n.format(self.lang, key, Some(&args))
    }

    /// The text of `key` with a number argument (for plural rules).
    pub fn tn(&self, key: &str, name: &str, value: i64) -> String {
        let mut args = FluentArgs::new();
        args.set(name, FluentValue::from(value));
        self.i18n.format(self.lang, key, Some(&args))
    }

    /// Whether `key` exists in this language.
    pub fn has(&self, key: &str) -> bool {
        self.i18n.has(self.lang, key)
    }

    /// The text of `key` with any number of text arguments.
    pub fn ta(&self, key: &str, args: &[(&str, String)]) -> String {
        let mut fa = FluentArgs::new();
        for (name, value) in args {
            fa.set(*name, FluentValue::from(value.clone()));
        }
        self.i18n.format(self.lang, key, Some(&fa))
    }

    /// The text of `key` with text arguments and number arguments (for plural rules).
    pub fn tan(&self, key: &str, texts: &[(&str, String)], numbers: &[(&str, i64)]) -> String {
        let mut fa = FluentArgs::new();
        for (name, value) in texts {
            fa.set(*name, FluentValue::from(value.clone()));
        }
        for (name, value) in numbers {
            fa.set(*name, FluentValue::from(*value));
        }
        self.i18n.format(self.lang, key, Some(&fa))
    }

    /// The text of `key` with two arguments.
    pub fn t2(&self, key: &str, a: (&str, String), b: (&str, String)) -> String {
        let mut args = FluentArgs::new();
        args.set(a.0, FluentValue::from(a.1));
        args.set(b.0, FluentValue::from(b.1));
        self.i18n.format(self.lang, key, Some(&args))
    }

    /// Pick the Danish or English variant of stored bilingual text.
    pub fn pick<'a>(&self, da: &'a str, en: &'a str) -> &'a str {
        match self.lang {
            Lang::Da => da,
            Lang::En => en,
        }
    }

    /// A civil date as users write it: 26.11.2026 in Danish, 26 Nov 2026 in English.
    pub fn date(&self, d: chrono::NaiveDate) -> String {
        match self.lang {
            Lang::Da => d.format("%d.%m.%Y").to_string(),
            Lang::En => d.format("%-d %b %Y").to_string(),
        }
    }

    /// An instant as a Danish civil date.
    pub fn instant_date(&self, t: chrono::DateTime<chrono::Utc>) -> String {
        self.date(t.with_timezone(&chrono_tz::Europe::Copenhagen).date_naive())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every message key exists in both languages, and every key used in code or templates exists.
    #[test]
    fn both_languages_have_the_same_keys() {
        let keys = |src: &str| -> std::collections::BTreeSet<String> {
            src.lines()
                .filter(|l| !l.starts_with([' ', '#', '\t', '-', '*', '[']) && l.contains(" ="))
                .map(|l| l.split(" =").next().unwrap_or_default().trim().to_owned())
                .collect()
        };
        let da = keys(SOURCES[0].1);
        let en = keys(SOURCES[1].1);
        let only_da: Vec<_> = da.difference(&en).collect();
        let only_en: Vec<_> = en.difference(&da).collect();
        assert!(only_da.is_empty(), "keys missing in en.ftl: {only_da:?}");
        assert!(only_en.is_empty(), "keys missing in da.ftl: {only_en:?}");
        assert!(da.len() > 50);
        I18n::load().unwrap();
    }

    /// Each string literal that follows one of `calls` in the files of `dirs` (relative to this
    /// crate; i18n.rs itself left out), as (file, call, literal).
    fn literals_after(dirs: &[&str], calls: &[&str]) -> Vec<(String, String, String)> {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let mut out = Vec::new();
        for dir in dirs {
            for entry in std::fs::read_dir(root.join(dir)).unwrap() {
                let path = entry.unwrap().path();
                if !path.is_file() || path.ends_with("i18n.rs") {
                    continue;
                }
                let text = std::fs::read_to_string(&path).unwrap();
                for call in calls {
                    for (i, _) in text.match_indices(call) {
                        let rest = &text[i + call.len()..];
                        let literal = &rest[..rest.find('"').unwrap()];
                        out.push((path.display().to_string(), (*call).to_owned(), literal.to_owned()));
                    }
                }
            }
        }
        out
    }

    const CODE: &[&str] = &["src", "src/pages", "src/api", "../logbog-app/src"];

    /// Every key the templates and handlers ask for exists (in both, by the test above).
    #[test]
    fn every_used_key_exists() {
        let i18n = I18n::load().unwrap();
        let calls = [".t(\"", ".t1(\"", ".tn(\"", ".t2(\"", "key: \""];
        let missing: Vec<_> = literals_after(&["templates", "src", "src/pages", "src/api"], &calls)
            .into_iter()
            .filter(|(_, _, key)| !key.contains('{') && !i18n.has(Lang::Da, key))
            .map(|(file, _, key)| format!("{file}: {key}"))
            .collect();
        assert!(missing.is_empty(), "keys used but not translated: {missing:?}");
    }

    /// Every `AppError::NotFound("thing")` in the use cases and pages has a `thing-…` label.
    #[test]
    fn every_not_found_thing_has_a_label() {
        let i18n = I18n::load().unwrap();
        let missing: Vec<_> = literals_after(CODE, &["NotFound(\""])
            .into_iter()
            .filter(|(_, _, thing)| {
                let key = format!("thing-{thing}");
                !i18n.has(Lang::En, &key) || !i18n.has(Lang::Da, &key)
            })
            .map(|(file, _, thing)| format!("{file}: {thing}"))
            .collect();
        assert!(missing.is_empty(), "things without a label: {missing:?}");
    }

    /// Every kind of invalid input has its words (`invalid-…`), and every field a use case or
    /// handler names has a label (`field-…`), in both languages.
    #[test]
    fn every_problem_and_field_has_words() {
        let i18n = I18n::load().unwrap();
        let mut keys: Vec<String> = logbog_app::Problem::CODES
            .iter()
            .map(|c| format!("invalid-{c}"))
            .collect();
        // The ways a field name reaches AppError::Invalid.
        let calls = ["field: \"", "check_text(\"", "invalid(\"", ", \"valid_"];
        for (_, call, name) in literals_after(CODE, &calls) {
            let name = if call.starts_with(", ") {
                format!("valid_{name}")
            } else {
                name
            };
            keys.push(format!("field-{name}"));
        }
        for f in ["competencies", "requests", "assessment_method", "assessment_methods"] {
            keys.push(format!("field-{f}"));
        }
        for lang in [Lang::Da, Lang::En] {
            let missing: Vec<_> = keys.iter().filter(|k| !i18n.has(lang, k)).collect();
            assert!(missing.is_empty(), "{}: missing {missing:?}", lang.code());
        }
    }

    /// Keys built from enum codes (`role-…`, `state-…` …) exist for every value.
    #[test]
    fn every_enum_value_has_a_label() {
        use logbog_domain::*;
        let i18n = I18n::load().unwrap();
        let mut keys: Vec<String> = Vec::new();
        keys.extend(Role::ALL.iter().map(|v| format!("role-{}", v.code())));
        keys.extend(DoctorRole::ALL.iter().map(|v| format!("doctor-role-{}", v.code())));
        keys.extend(AssessmentMethod::ALL.iter().map(|v| format!("assessment-{}", v.code())));
        keys.extend(CompetencyState::ALL.iter().map(|v| format!("state-{}", v.code())));
        keys.extend(
            ProgrammeKind::ALL
                .iter()
                .map(|v| format!("programme-kind-{}", v.code())),
        );
        keys.extend(LeaveKind::ALL.iter().map(|v| format!("leave-{}", v.code())));
        keys.extend(
            SupervisorKind::ALL
                .iter()
                .map(|v| format!("supervisor-kind-{}", v.code())),
        );
        for thing in [
            "trainee",
            "programme",
            "curriculum",
            "request",
            "employment",
            "phase",
            "competency",
            "page",
            "resource",
        ] {
            keys.push(format!("thing-{thing}"));
        }
        for status in [400, 401, 403, 404, 409, 429, 500] {
            keys.push(format!("status-{status}"));
        }
        for lang in [Lang::Da, Lang::En] {
            let missing: Vec<_> = keys.iter().filter(|k| !i18n.has(lang, k)).collect();
            assert!(missing.is_empty(), "{}: missing {missing:?}", lang.code());
        }
    }

    #[test]
    fn formats_with_arguments_and_plurals() {
        let i18n = Arc::new(I18n::load().unwrap());
        let da = Tr::new(Lang::Da, i18n.clone());
        let en = Tr::new(Lang::En, i18n);
        assert_eq!(da.t("nav-logout"), "Log ud");
        assert_eq!(en.t("nav-logout"), "Log out");
        assert!(en.tn("competencies-count", "count", 1).contains("1 competency"));
        assert!(en.tn("competencies-count", "count", 3).contains("3 competencies"));
        assert_eq!(da.t("no-such-key"), "no-such-key");
    }
}
