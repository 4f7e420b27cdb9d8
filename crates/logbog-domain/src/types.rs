//! The vocabulary of the domain: roles, programme kinds, regions, doctor roles, methods, states,
//! and small value types that parse at the boundary.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use thiserror::Error;

pub use crate::macros::UnknownCode;

code_enum!(
    /// A role a person holds; scoped by a grant (DOMAIN §2).
    Role: "role" {
        Trainee = "trainee",
        Supervisor = "supervisor",
        TrainingLead = "training_lead",
        Tutor = "tutor",
        CourseProvider = "course_provider",
        CourseLeader = "course_leader",
        ResearchSupervisor = "research_supervisor",
        Secretariat = "secretariat",
        StpsCaseWorker = "stps_case_worker",
        Admin = "admin",
    }
);

impl Role {
    /// The kind of scope a grant of this role must name.
    pub fn scope_kind(self) -> ScopeKind {
        match self {
            Role::Trainee | Role::StpsCaseWorker | Role::Admin | Role::CourseProvider => ScopeKind::Global,
            Role::Supervisor | Role::TrainingLead | Role::Tutor => ScopeKind::Site,
            Role::CourseLeader | Role::ResearchSupervisor => ScopeKind::Specialty,
            Role::Secretariat => ScopeKind::Region,
        }
    }
}

code_enum!(
    /// What a role grant is scoped to.
    ScopeKind: "scope kind" {
        Global = "global",
        Region = "region",
        Site = "site",
        Specialty = "specialty",
    }
);

code_enum!(
    /// The three postgraduate regions (videreuddannelsesregioner), each with a secretariat.
    PostgraduateRegion: "postgraduate region" {
        Nord = "nord",
        Syd = "syd",
        Oest = "oest",
    }
);

impl PostgraduateRegion {
    /// The Danish name as users know it.
    pub fn name_da(self) -> &'static str {
        match self {
            PostgraduateRegion::Nord => "Videreuddannelsesregion Nord",
            PostgraduateRegion::Syd => "Videreuddannelsesregion Syd",
            PostgraduateRegion::Oest => "Videreuddannelsesregion Øst",
        }
    }

    /// Parse the short Danish name used in reference data (Nord, Syd, Øst).
    pub fn from_short_name(s: &str) -> Option<Self> {
        match s {
            "Nord" => Some(Self::Nord),
            "Syd" => Some(Self::Syd),
            "Øst" | "Oest" => Some(Self::Oest),
            _ => None,
        }
    }
}

code_enum!(
    /// Kinds of training site (uddannelsessted).
    SiteKind: "site kind" {
        Department = "department",
        GeneralPractice = "general_practice",
        SpecialistPractice = "specialist_practice",
    }
);

impl SiteKind {
    /// Practices are led by a tutor (tutorlæge), departments by a training lead (UAO).
    pub fn is_practice(self) -> bool {
        !matches!(self, SiteKind::Department)
    }
}

code_enum!(
    /// The three levels of training (DOMAIN §3).
    ProgrammeKind: "programme kind" {
        Foundation = "foundation",
        Introduction = "introduction",
        Main = "main",
    }
);

code_enum!(
    /// The seven doctor roles (lægeroller) a competency may carry.
    DoctorRole: "doctor role" {
        MedicalExpert = "medical_expert",
        Communicator = "communicator",
        Collaborator = "collaborator",
        Leader = "leader",
        HealthAdvocate = "health_advocate",
        Scholar = "scholar",
        Professional = "professional",
    }
);

code_enum!(
    /// Assessment methods named by curricula; an approval states which one it rests on.
    AssessmentMethod: "assessment method" {
        StructuredSupervisorTalk = "structured_supervisor_talk",
        DirectObservation = "direct_observation",
        CaseBasedDiscussion = "case_based_discussion",
        MultisourceFeedback = "multisource_feedback",
        Osats = "osats",
        MiniCex = "mini_cex",
        AuditOfRecords = "audit_of_records",
        WrittenAssignment = "written_assignment",
    }
);

code_enum!(
    /// Kinds of supervisor relation.
    SupervisorKind: "supervisor kind" {
        Main = "main",
        Daily = "daily",
    }
);

code_enum!(
    /// What an approval or a request for approval is about; the stored tag of an
    /// [`ItemRef`](crate::items::ItemRef). A new kind is added here and there together.
    ItemKind: "item kind" {
        Competency = "competency",
        TimeAttestation = "time_attestation",
    }
);

code_enum!(
    /// Where a competency stands for a trainee.
    CompetencyState: "competency state" {
        NotStarted = "not_started",
        ReportedReady = "reported_ready",
        Approved = "approved",
    }
);

impl CompetencyState {
    /// The one derivation of an item's state: an approval that stands decides it, then a request
    /// that waits; otherwise it is not started.
    pub fn derive(approved: bool, reported: bool) -> Self {
        if approved {
            CompetencyState::Approved
        } else if reported {
            CompetencyState::ReportedReady
        } else {
            CompetencyState::NotStarted
        }
    }
}

code_enum!(
    /// The life of a request for approval.
    RequestState: "request state" {
        Pending = "pending",
        Withdrawn = "withdrawn",
        Approved = "approved",
        Returned = "returned",
    }
);

code_enum!(
    /// Kinds of leave that extend an employment.
    LeaveKind: "leave kind" {
        Parental = "parental",
        Sick = "sick",
        Unpaid = "unpaid",
        Other = "other",
    }
);

code_enum!(
    /// Kinds of course (DOMAIN §4).
    CourseKind: "course kind" {
        General = "general",
        Specialty = "specialty",
        Research = "research",
    }
);

code_enum!(
    /// Kinds of sending to STPS (DOMAIN §8).
    SubmissionKind: "submission kind" {
        PermissionIndependent = "permission_independent",
        SpecialistRecognition = "specialist_recognition",
        Supplementary = "supplementary",
    }
);

code_enum!(
    /// Kinds of uploaded document.
    DocumentKind: "document kind" {
        CompetencyCard = "competency_card",
        CourseCertificate = "course_certificate",
        PaperTimeAttestation = "paper_time_attestation",
        ResearchProof = "research_proof",
        Agreement = "agreement",
        SpecialtyFile = "specialty_file",
        SubmissionPackage = "submission_package",
    }
);

impl DocumentKind {
    /// Whether a document of this kind belongs to a trainee's logbook: its owner's quota,
    /// and its owner's audit trail and privacy. A specialty file belongs to its curriculum
    /// (the publisher is its owner only as the one who answers for it).
    pub fn of_a_logbook(self) -> bool {
        self != DocumentKind::SpecialtyFile
    }
}

/// Working percentage of an employment: part-time is allowed from 50 % (DOMAIN §3).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "u8", into = "u8")]
pub struct WorkingPercent(u8);

/// A working percentage outside 50–100.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Error)]
#[error("working percentage must be between 50 and 100, got {0}")]
pub struct InvalidWorkingPercent(pub i64);

impl WorkingPercent {
    pub const FULL: WorkingPercent = WorkingPercent(100);

    pub fn new(value: i64) -> Result<Self, InvalidWorkingPercent> {
        if (50..=100).contains(&value) {
            Ok(Self(value as u8))
        } else {
            Err(InvalidWorkingPercent(value))
        }
    }

    pub fn get(self) -> u8 {
        self.0
    }

    pub fn is_part_time(self) -> bool {
        self.0 < 100
    }
}

impl TryFrom<u8> for WorkingPercent {
    type Error = InvalidWorkingPercent;
    fn try_from(value: u8) -> Result<Self, Self::Error> {
        Self::new(value.into())
    }
}

impl From<WorkingPercent> for u8 {
    fn from(value: WorkingPercent) -> Self {
        value.0
    }
}

/// An inclusive range of civil dates; `end` may be open.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct DateRange {
    pub start: NaiveDate,
    pub end: Option<NaiveDate>,
}

/// A range whose end lies before its start.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Error)]
#[error("the period ends ({end}) before it starts ({start})")]
pub struct InvalidDateRange {
    pub start: NaiveDate,
    pub end: NaiveDate,
}

impl DateRange {
    pub fn new(start: NaiveDate, end: Option<NaiveDate>) -> Result<Self, InvalidDateRange> {
        match end {
            Some(end) if end < start => Err(InvalidDateRange { start, end }),
            _ => Ok(Self { start, end }),
        }
    }

    /// Whether `day` lies within the range, both ends included.
    pub fn contains(&self, day: NaiveDate) -> bool {
        day >= self.start && self.end.is_none_or(|end| day <= end)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn codes_round_trip() {
        for r in Role::ALL {
            assert_eq!(r.code().parse::<Role>().unwrap(), *r);
        }
        for m in AssessmentMethod::ALL {
            assert_eq!(m.code().parse::<AssessmentMethod>().unwrap(), *m);
        }
        assert!("boss".parse::<Role>().is_err());
    }

    #[test]
    fn working_percent_bounds() {
        assert!(WorkingPercent::new(49).is_err());
        assert!(WorkingPercent::new(101).is_err());
        assert!(WorkingPercent::new(50).unwrap().is_part_time());
        assert!(!WorkingPercent::FULL.is_part_time());
    }

    #[test]
    fn date_range_is_inclusive() {
        let d = |s: &str| NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap();
        let r = DateRange::new(d("2026-09-01"), Some(d("2027-02-28"))).unwrap();
        assert!(r.contains(d("2026-09-01")));
        assert!(r.contains(d("2027-02-28")));
        assert!(!r.contains(d("2027-03-01")));
        assert!(DateRange::new(d("2026-09-02"), Some(d("2026-09-01"))).is_err());
    }

    proptest! {
        #[test]
        fn working_percent_accepts_exactly_50_to_100(v in -1000i64..1000) {
            prop_assert_eq!(WorkingPercent::new(v).is_ok(), (50..=100).contains(&v));
        }
    }
}
