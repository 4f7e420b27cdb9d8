//! Typed identifiers: a UUID v7 per aggregate, so an employment id can never be passed as a trainee id.

use serde::{Deserialize, Serialize};
use std::fmt;
use std::str::FromStr;
use uuid::Uuid;

macro_rules! id_type {
    ($($(#[$meta:meta])* $name:ident),* $(,)?) => {$(
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
        #[serde(transparent)]
        pub struct $name(pub Uuid);

        impl $name {
            /// A new, time-ordered id.
            pub fn new() -> Self {
                Self(Uuid::now_v7())
            }
        }

        impl Default for $name {
            fn default() -> Self {
                Self::new()
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                self.0.fmt(f)
            }
        }

        impl FromStr for $name {
            type Err = uuid::Error;
            fn from_str(s: &str) -> Result<Self, Self::Err> {
                Uuid::parse_str(s).map(Self)
            }
        }
    )*};
}

id_type!(
    /// A natural person: trainee, supervisor, secretariat staff …
    PersonId,
    /// A login account of a person.
    AccountId,
    /// A role grant (a role with a scope and a period).
    GrantId,
    /// A hospital (a unit of a region).
    HospitalId,
    /// A training site: a hospital department or a practice.
    SiteId,
    /// One of the 39 specialties.
    SpecialtyId,
    /// A curriculum (målbeskrivelse) of a specialty and level.
    CurriculumId,
    /// A dated version of a curriculum.
    CurriculumVersionId,
    /// A phase of a curriculum version.
    PhaseId,
    /// A competency (delmål) of a curriculum version.
    CompetencyId,
    /// A training programme (uddannelsesforløb) of a trainee.
    ProgrammeId,
    /// An employment (ansættelse) in a programme.
    EmploymentId,
    /// A medical employment outside the training programmes, in the overview of medical employment.
    MedicalEmploymentId,
    /// A supervisor relation between a supervisor and a trainee.
    SupervisionId,
    /// A request for approval (meld klar).
    ApprovalRequestId,
    /// An approval.
    ApprovalId,
    /// A reset (nulstilling) of an approval.
    ResetId,
    /// A course (general, specialty-specific or research).
    CourseId,
    /// A trainee's participation in a course.
    ParticipationId,
    /// An uploaded document.
    DocumentId,
    /// A note in a trainee's logbook.
    NoteId,
    /// An evaluation of a training site.
    EvaluationId,
    /// A sending of documentation to STPS.
    SubmissionId,
    /// An element of research training.
    ResearchElementId,
);
