//! The errors a use case can end in; the web crate maps each to a status and a message once.

use logbog_domain::AssessmentMethod;
use logbog_domain::access::TraineeAccessDenied;
use logbog_files::Refusal;
use thiserror::Error;

#[derive(Debug, Error)]
pub enum AppError {
    /// Wrong username or password (never says which).
    #[error("wrong username or password")]
    BadCredentials,
    /// Too many failed logins; try again after the given number of seconds.
    #[error("too many failed attempts; try again in {retry_after_secs} seconds")]
    Throttled { retry_after_secs: u64 },
    /// The account is disabled.
    #[error("the account is disabled")]
    AccountDisabled,
    /// A trainee outside the access window (DOMAIN §7).
    #[error("access refused: {0}")]
    TraineeAccess(TraineeAccessDenied),
    /// The account has no role in force.
    #[error("the account has no role in force")]
    NoRole,
    /// No valid session or token.
    #[error("not logged in")]
    Unauthenticated,
    /// Refused by a rule of the domain (who may approve what, when).
    #[error("refused: {0}")]
    Denied(logbog_domain::rights::Denied),
    /// Logged in, but not allowed to do this.
    #[error("not allowed")]
    Forbidden,
    /// The thing does not exist (or the user may not know it exists).
    #[error("{0} not found")]
    NotFound(&'static str),
    /// Input that fails validation: the field and what is wrong with it.
    #[error("{field}: {problem}")]
    Invalid { field: &'static str, problem: Problem },
    /// The competency (by its code) is already reported ready and waits for a decision.
    #[error("{0} is already reported ready")]
    AlreadyReported(String),
    /// The request was decided (approved, returned or withdrawn) already.
    #[error("the request was already decided")]
    RequestDecided,
    /// The access (a grant or a supervision) was ended already.
    #[error("the access was already ended")]
    AlreadyEnded,
    /// The document was replaced or deleted meanwhile (or is not the current version).
    #[error("the document was replaced or deleted meanwhile")]
    DocumentChanged,
    /// The overview of medical employment changed after the trainee saw it: it is marked
    /// complete only as she has seen it.
    #[error("the overview changed meanwhile; look at it again before marking it complete")]
    OverviewChanged,
    /// A conflict with existing data.
    #[error("{0}")]
    Conflict(String),
    #[error(transparent)]
    Db(#[from] logbog_db::DbError),
    #[error("internal error: {0}")]
    Internal(String),
}

/// What is wrong with an input. The web layer words it in the user's language (the key
/// `invalid-<code>`); `Display` gives English, for logs and the command line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Problem {
    Required,
    TooLong {
        max: usize,
    },
    NotAnId,
    ChooseAtLeastOne,
    ChooseAnApprover,
    NotACurrentApprover,
    OneTraineeAtATime,
    /// The competency (by code) needs an assessment method as the basis of its approval.
    MethodRequired {
        competency: String,
    },
    /// The method is not one the competency's curriculum names.
    MethodNotNamed {
        method: AssessmentMethod,
        competency: String,
        named: Vec<AssessmentMethod>,
    },
    NotAMethod {
        value: String,
    },
    UsernameFormat,
    PasswordTooShort {
        min: usize,
    },
    PasswordTooLong {
        max: usize,
    },
    PeriodEndsBeforeStart,
    /// A period starting before 1990 or reaching more than ten years ahead.
    PeriodImplausible,
    /// A supervisor's access may last only while the trainee is employed at the site.
    BeyondEmployment {
        ends_on: chrono::NaiveDate,
    },
    SiteNotInYourRegion,
    NoSuchAccount,
    CannotSuperviseSelf,
    NotEmployedAtYourSite,
    NotASupervisorOfTheSite,
    NotALeadOrTutorOfTheSite,
    /// A curriculum version that was not in force on the programme's first day: a trainee is on
    /// a version that took effect before they started.
    CurriculumNotInForce {
        on: chrono::NaiveDate,
    },
    /// A curriculum version or phase that is not one of the programme's curricula.
    NotOfTheProgramme,
    /// An employment that does not lie within its programme's period.
    OutsideProgramme,
    Language,
    DateFormat,
    TooLarge,
    /// A path parameter that is not what the operation takes (e.g. not an id).
    MalformedPath,
    /// Query parameters that cannot be read.
    MalformedQuery,
    /// A JSON body that is not JSON, or not of the operation's shape.
    MalformedBody,
    /// A body sent without `Content-Type: application/json`.
    NotJsonContentType,
    /// A form that cannot be read.
    MalformedForm,
    /// A control character (e.g. U+0000) where only text is accepted.
    ControlCharacter,
    /// A number outside the range the field takes (e.g. `per_page` above 200).
    OutOfRange {
        min: u32,
        max: u32,
    },
    /// A date before 1990 or more than a year ahead.
    DateImplausible,
    /// An uploaded file the checks refused (its type, size, content, or the owner's quota).
    FileRefused(logbog_files::Refusal),
    /// An upload whose body stopped before its end.
    UploadIncomplete,
    /// More than one file in one upload.
    OneFileAtATime,
    /// An addendum must say why it was made.
    ReasonRequiredForAddendum,
    /// A document that is not one of the competency's (a card replaced from elsewhere).
    NotOfTheCompetency,
    /// A competency code that is not one of the curriculum's (a specialty file's).
    NotOfTheCurriculum {
        code: String,
    },
    /// Both a working percent and hours per week, or neither.
    OneExtent,
    /// Employments that together take more than full time on the days from `from` to `to`:
    /// `with` names those the employment being saved overlaps.
    Overlap {
        with: Vec<String>,
        from: chrono::NaiveDate,
        to: chrono::NaiveDate,
        total_percent: u32,
    },
}

impl Problem {
    /// Every kind, for the test that each has its words in both languages.
    pub const CODES: &'static [&'static str] = &[
        "required",
        "too-long",
        "not-an-id",
        "choose-at-least-one",
        "choose-an-approver",
        "not-a-current-approver",
        "one-trainee-at-a-time",
        "method-required",
        "method-not-named",
        "not-a-method",
        "username-format",
        "password-too-short",
        "password-too-long",
        "period-ends-before-start",
        "period-implausible",
        "beyond-employment",
        "site-not-in-your-region",
        "no-such-account",
        "cannot-supervise-self",
        "not-employed-at-your-site",
        "not-a-supervisor-of-the-site",
        "not-a-lead-or-tutor-of-the-site",
        "curriculum-not-in-force",
        "not-of-the-programme",
        "outside-programme",
        "language",
        "date-format",
        "too-large",
        "malformed-path",
        "malformed-query",
        "malformed-body",
        "not-json-content-type",
        "malformed-form",
        "control-character",
        "out-of-range",
        "date-implausible",
        "file-empty",
        "file-type",
        "file-too-large",
        "file-quota",
        "file-truncated",
        "pdf-encrypted",
        "pdf-active",
        "pdf-unreadable",
        "upload-incomplete",
        "one-file-at-a-time",
        "reason-required-for-addendum",
        "not-of-the-competency",
        "not-of-the-curriculum",
        "one-extent",
        "overlap",
    ];

    /// Whether the input breaks the shape an operation documents (a missing or malformed field,
    /// text the policy refuses, a number out of range), which the API answers with 400; the
    /// other problems are rules refusing well-formed input (a period that ends before it
    /// starts, a site of another region), answered with 422. A client that follows the OpenAPI
    /// document never meets the first kind.
    pub fn breaks_shape(&self) -> bool {
        match self {
            Problem::Required
            | Problem::TooLong { .. }
            | Problem::NotAnId
            | Problem::ChooseAtLeastOne
            | Problem::ChooseAnApprover
            | Problem::NotAMethod { .. }
            | Problem::UsernameFormat
            | Problem::PasswordTooShort { .. }
            | Problem::PasswordTooLong { .. }
            | Problem::Language
            | Problem::DateFormat
            | Problem::TooLarge
            | Problem::MalformedPath
            | Problem::MalformedQuery
            | Problem::MalformedBody
            | Problem::NotJsonContentType
            | Problem::MalformedForm
            | Problem::ControlCharacter
            | Problem::OutOfRange { .. }
            | Problem::UploadIncomplete
            | Problem::OneFileAtATime => true,
            Problem::NotACurrentApprover
            | Problem::OneTraineeAtATime
            | Problem::MethodRequired { .. }
            | Problem::MethodNotNamed { .. }
            | Problem::PeriodEndsBeforeStart
            | Problem::PeriodImplausible
            | Problem::BeyondEmployment { .. }
            | Problem::SiteNotInYourRegion
            | Problem::NoSuchAccount
            | Problem::CannotSuperviseSelf
            | Problem::NotEmployedAtYourSite
            | Problem::NotASupervisorOfTheSite
            | Problem::NotALeadOrTutorOfTheSite
            | Problem::CurriculumNotInForce { .. }
            | Problem::NotOfTheProgramme
            | Problem::OutsideProgramme
            | Problem::DateImplausible
            | Problem::ReasonRequiredForAddendum
            | Problem::NotOfTheCompetency
            | Problem::NotOfTheCurriculum { .. }
            | Problem::Overlap { .. }
            | Problem::OneExtent
            | Problem::FileRefused(_) => false,
        }
    }

    /// The stable code of the kind; its words are `invalid-<code>`.
    pub fn code(&self) -> &'static str {
        match self {
            Problem::Required => "required",
            Problem::TooLong { .. } => "too-long",
            Problem::NotAnId => "not-an-id",
            Problem::ChooseAtLeastOne => "choose-at-least-one",
            Problem::ChooseAnApprover => "choose-an-approver",
            Problem::NotACurrentApprover => "not-a-current-approver",
            Problem::OneTraineeAtATime => "one-trainee-at-a-time",
            Problem::MethodRequired { .. } => "method-required",
            Problem::MethodNotNamed { .. } => "method-not-named",
            Problem::NotAMethod { .. } => "not-a-method",
            Problem::UsernameFormat => "username-format",
            Problem::PasswordTooShort { .. } => "password-too-short",
            Problem::PasswordTooLong { .. } => "password-too-long",
            Problem::PeriodEndsBeforeStart => "period-ends-before-start",
            Problem::PeriodImplausible => "period-implausible",
            Problem::BeyondEmployment { .. } => "beyond-employment",
            Problem::SiteNotInYourRegion => "site-not-in-your-region",
            Problem::NoSuchAccount => "no-such-account",
            Problem::CannotSuperviseSelf => "cannot-supervise-self",
            Problem::NotEmployedAtYourSite => "not-employed-at-your-site",
            Problem::NotASupervisorOfTheSite => "not-a-supervisor-of-the-site",
            Problem::NotALeadOrTutorOfTheSite => "not-a-lead-or-tutor-of-the-site",
            Problem::CurriculumNotInForce { .. } => "curriculum-not-in-force",
            Problem::NotOfTheProgramme => "not-of-the-programme",
            Problem::OutsideProgramme => "outside-programme",
            Problem::Language => "language",
            Problem::DateFormat => "date-format",
            Problem::TooLarge => "too-large",
            Problem::MalformedPath => "malformed-path",
            Problem::MalformedQuery => "malformed-query",
            Problem::MalformedBody => "malformed-body",
            Problem::NotJsonContentType => "not-json-content-type",
            Problem::MalformedForm => "malformed-form",
            Problem::ControlCharacter => "control-character",
            Problem::OutOfRange { .. } => "out-of-range",
            Problem::DateImplausible => "date-implausible",
            Problem::FileRefused(Refusal::Empty) => "file-empty",
            Problem::FileRefused(Refusal::NotAllowedType) => "file-type",
            Problem::FileRefused(Refusal::TooLarge { .. }) => "file-too-large",
            Problem::FileRefused(Refusal::QuotaExceeded { .. }) => "file-quota",
            Problem::FileRefused(Refusal::Truncated) => "file-truncated",
            Problem::FileRefused(Refusal::PdfEncrypted) => "pdf-encrypted",
            Problem::FileRefused(Refusal::PdfActive) => "pdf-active",
            Problem::FileRefused(Refusal::PdfUnreadable) => "pdf-unreadable",
            Problem::UploadIncomplete => "upload-incomplete",
            Problem::OneFileAtATime => "one-file-at-a-time",
            Problem::ReasonRequiredForAddendum => "reason-required-for-addendum",
            Problem::NotOfTheCompetency => "not-of-the-competency",
            Problem::NotOfTheCurriculum { .. } => "not-of-the-curriculum",
            Problem::OneExtent => "one-extent",
            Problem::Overlap { .. } => "overlap",
        }
    }
}

impl std::fmt::Display for Problem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let codes = |ms: &[AssessmentMethod]| ms.iter().map(|m| m.code()).collect::<Vec<_>>().join(", ");
        match self {
            Problem::Required => write!(f, "required"),
            Problem::TooLong { max } => write!(f, "at most {max} characters"),
            Problem::NotAnId => write!(f, "not a valid id"),
            Problem::ChooseAtLeastOne => write!(f, "choose at least one"),
            Problem::ChooseAnApprover => write!(f, "choose an approver"),
            Problem::NotACurrentApprover => write!(f, "not one of your current approvers"),
            Problem::OneTraineeAtATime => write!(f, "approve the items of one trainee at a time"),
            Problem::MethodRequired { competency } => {
                write!(f, "choose the assessment method the approval of {competency} rests on")
            }
            Problem::MethodNotNamed {
                method,
                competency,
                named,
            } => write!(
                f,
                "{} is not an assessment method of {competency}; its curriculum names {}",
                method.code(),
                codes(named)
            ),
            Problem::NotAMethod { value } => write!(f, "{value:?} is not an assessment method"),
            Problem::UsernameFormat => write!(f, "use 1-64 letters a-z, digits and . - _ @"),
            Problem::PasswordTooShort { min } => write!(f, "the password must have at least {min} characters"),
            Problem::PasswordTooLong { max } => write!(f, "the password may have at most {max} characters"),
            Problem::PeriodEndsBeforeStart => write!(f, "the period ends before it starts"),
            Problem::PeriodImplausible => write!(f, "give a period from 1990 and at most ten years ahead"),
            Problem::BeyondEmployment { ends_on } => write!(
                f,
                "the trainee's employment at the site ends {ends_on}; access can last until then at most"
            ),
            Problem::SiteNotInYourRegion => write!(f, "choose a training site of your region"),
            Problem::NoSuchAccount => write!(f, "no account with that username"),
            Problem::CannotSuperviseSelf => write!(f, "a trainee cannot supervise themself"),
            Problem::NotEmployedAtYourSite => write!(f, "not employed at your department or practice today"),
            Problem::NotASupervisorOfTheSite => write!(f, "not a supervisor of the site"),
            Problem::NotALeadOrTutorOfTheSite => write!(f, "not a training lead or tutor of the site"),
            Problem::CurriculumNotInForce { on } => {
                write!(f, "not in force on {on}, the programme's first day")
            }
            Problem::NotOfTheProgramme => write!(f, "not one of the programme's curricula"),
            Problem::OutsideProgramme => write!(f, "outside the programme's period"),
            Problem::Language => write!(f, "use da or en"),
            Problem::DateFormat => write!(f, "write the date as YYYY-MM-DD"),
            Problem::TooLarge => write!(f, "too large"),
            Problem::MalformedPath => write!(f, "not a valid address: an id is malformed"),
            Problem::MalformedQuery => write!(f, "the query parameters cannot be read"),
            Problem::MalformedBody => write!(f, "not JSON of the operation's shape"),
            Problem::NotJsonContentType => write!(f, "send the body as JSON with Content-Type: application/json"),
            Problem::MalformedForm => write!(f, "the form cannot be read"),
            Problem::ControlCharacter => write!(f, "contains a control character; write plain text"),
            Problem::OutOfRange { min, max } => write!(f, "give a whole number from {min} to {max}"),
            Problem::DateImplausible => write!(f, "give a date from 1990 and at most a year ahead"),
            Problem::FileRefused(r) => match r {
                Refusal::Empty => write!(f, "the file is empty"),
                Refusal::NotAllowedType => write!(f, "upload a PDF, PNG or JPEG file"),
                Refusal::TooLarge { limit } => write!(f, "the file is larger than {} MB", mb(*limit)),
                Refusal::QuotaExceeded { limit, used } => write!(
                    f,
                    "the documents take {} of {} MB; delete some before uploading more",
                    mb(*used),
                    mb(*limit)
                ),
                Refusal::Truncated => write!(f, "the file is cut short; upload it again"),
                Refusal::PdfEncrypted => write!(f, "the PDF is password-protected; upload it without the password"),
                Refusal::PdfActive => write!(
                    f,
                    "the PDF contains JavaScript or a launch action; print it to a new PDF and upload that"
                ),
                Refusal::PdfUnreadable => write!(
                    f,
                    "parts of the PDF cannot be checked; print it to a new PDF and upload that"
                ),
            },
            Problem::UploadIncomplete => write!(f, "the upload stopped before the whole file arrived; try again"),
            Problem::OneFileAtATime => write!(f, "upload one file at a time"),
            Problem::ReasonRequiredForAddendum => write!(f, "choose why the addendum was made"),
            Problem::NotOfTheCompetency => write!(f, "not a card of this competency"),
            Problem::NotOfTheCurriculum { code } => write!(f, "{code} is not a competency of this curriculum"),
            Problem::OneExtent => write!(f, "give either a working percent or hours per week"),
            Problem::Overlap {
                with,
                from,
                to,
                total_percent,
            } => write!(
                f,
                "overlaps {} from {from} to {to}: {total_percent} % of full time in all, more than 100 %",
                with.join("; ")
            ),
        }
    }
}

/// Bytes as whole megabytes (MiB), rounded up, for messages.
pub fn mb(bytes: u64) -> u64 {
    bytes.div_ceil(1024 * 1024)
}

impl From<sqlx_error::Never> for AppError {
    fn from(n: sqlx_error::Never) -> Self {
        match n {}
    }
}

mod sqlx_error {
    /// Uninhabited: lets `?` on infallible conversions compile without a dependency on sqlx.
    #[derive(Debug)]
    pub enum Never {}
}

/// A single day a user gives (an agreement's date, a note's day) must lie from 1990 to a year
/// ahead; otherwise [`Problem::DateImplausible`] on `field`.
pub(crate) fn plausible_day(
    field: &'static str,
    day: chrono::NaiveDate,
    today: chrono::NaiveDate,
) -> Result<(), AppError> {
    let earliest = chrono::NaiveDate::from_ymd_opt(1990, 1, 1).unwrap_or(chrono::NaiveDate::MIN);
    if day < earliest || day > today + chrono::Duration::days(366) {
        return Err(AppError::Invalid {
            field,
            problem: Problem::DateImplausible,
        });
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `Problem::CODES` lists exactly the codes `Problem::code` gives (the compiler keeps that
    /// match exhaustive; this keeps the list, which the translation test walks, complete).
    #[test]
    fn codes_list_every_kind() {
        let src = include_str!("error.rs");
        let start = src.find("pub fn code(&self)").expect("fn code");
        let body = &src[start..start + src[start..].find("\n    }\n").expect("end of fn code")];
        let mut from_match: Vec<&str> = body
            .split("=> \"")
            .skip(1)
            .map(|rest| &rest[..rest.find('"').expect("closing quote")])
            .collect();
        let mut listed = Problem::CODES.to_vec();
        from_match.sort_unstable();
        listed.sort_unstable();
        assert_eq!(from_match, listed);
        assert_eq!(Problem::TooLong { max: 3 }.to_string(), "at most 3 characters");
    }
}
