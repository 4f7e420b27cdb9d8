//! The vocabulary of the audit trail: what happened (an [`AuditAction`]) to what (a
//! [`Subject`]). Stored as text; typed everywhere else, so a misspelt action cannot be written.

use crate::{
    AccountId, ApprovalId, ApprovalRequestId, DocumentId, EmploymentId, GrantId, MedicalEmploymentId, NoteId, PersonId,
    ProgrammeId, ResetId, SupervisionId,
};

code_enum!(
    /// Every kind of event the audit trail records. A new use case of legal weight adds its
    /// action here.
    AuditAction: "audit action" {
        AdminCreated = "admin.created",
        LogbookViewed = "logbook.viewed",
        ApprovalRequested = "approval.requested",
        ApprovalWithdrawn = "approval.withdrawn",
        ApprovalApproved = "approval.approved",
        ApprovalReturned = "approval.returned",
        ApprovalReset = "approval.reset",
        AccessSiteGranted = "access.site_granted",
        AccessSiteEnded = "access.site_ended",
        AccessSupervisionGranted = "access.supervision_granted",
        AccessSupervisionEnded = "access.supervision_ended",
        ProgrammeCreated = "programme.created",
        EmploymentAdded = "employment.added",
        DocumentUploaded = "document.uploaded",
        DocumentReplaced = "document.replaced",
        DocumentDeleted = "document.deleted",
        /// A document read by someone other than its owner: shown in "who has seen my logbook".
        DocumentDownloaded = "document.downloaded",
        /// A general practice qualification card confirmed by a hospital department.
        CardConfirmed = "document.card_confirmed",
        /// A note made readable by one of the trainee's approvers, and that share ended.
        NoteShared = "note.shared",
        NoteUnshared = "note.unshared",
        /// The trainee's entries of the overview of medical employment, and its completion:
        /// what STPS receives with the specialist application.
        OverviewEmploymentAdded = "overview.employment_added",
        OverviewEmploymentChanged = "overview.employment_changed",
        OverviewEmploymentRemoved = "overview.employment_removed",
        OverviewCompleted = "overview.completed",
        /// A paper time attestation uploaded for the secretariat, and returned by it (its
        /// approval is an `approval.approved` with the paper as basis).
        PaperAttestationSubmitted = "time.paper_submitted",
        PaperAttestationReturned = "time.paper_returned",
    }
);

/// What an audit event is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Subject {
    Person(PersonId),
    Account(AccountId),
    /// A trainee's logbook, named by the trainee.
    Logbook(PersonId),
    Request(ApprovalRequestId),
    Approval(ApprovalId),
    Reset(ResetId),
    Grant(GrantId),
    Supervision(SupervisionId),
    Programme(ProgrammeId),
    Employment(EmploymentId),
    Document(DocumentId),
    Note(NoteId),
    MedicalEmployment(MedicalEmploymentId),
    /// A trainee's overview of medical employment as a whole, named by the trainee.
    EmploymentOverview(PersonId),
}

impl Subject {
    /// The stored kind of the subject.
    pub fn kind(self) -> &'static str {
        match self {
            Subject::Person(_) => "person",
            Subject::Account(_) => "account",
            Subject::Logbook(_) => "logbook",
            Subject::Request(_) => "approval_request",
            Subject::Approval(_) => "approval",
            Subject::Reset(_) => "approval_reset",
            Subject::Grant(_) => "role_grant",
            Subject::Supervision(_) => "supervision",
            Subject::Programme(_) => "programme",
            Subject::Employment(_) => "employment",
            Subject::Document(_) => "document",
            Subject::Note(_) => "note",
            Subject::MedicalEmployment(_) => "medical_employment",
            Subject::EmploymentOverview(_) => "employment_overview",
        }
    }

    /// The stored id of the subject.
    pub fn id_text(self) -> String {
        match self {
            Subject::Person(id) | Subject::Logbook(id) | Subject::EmploymentOverview(id) => id.to_string(),
            Subject::Account(id) => id.to_string(),
            Subject::Request(id) => id.to_string(),
            Subject::Approval(id) => id.to_string(),
            Subject::Reset(id) => id.to_string(),
            Subject::Grant(id) => id.to_string(),
            Subject::Supervision(id) => id.to_string(),
            Subject::Programme(id) => id.to_string(),
            Subject::Employment(id) => id.to_string(),
            Subject::Document(id) => id.to_string(),
            Subject::Note(id) => id.to_string(),
            Subject::MedicalEmployment(id) => id.to_string(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn actions_round_trip_and_are_distinct() {
        let mut seen = std::collections::HashSet::new();
        for a in AuditAction::ALL {
            assert_eq!(a.code().parse::<AuditAction>().unwrap(), *a);
            assert!(seen.insert(a.code()));
        }
    }
}
