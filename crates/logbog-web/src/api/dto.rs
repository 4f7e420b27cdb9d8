//! The API's data shapes: stable, documented, and separate from storage rows.

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct TokenRequest {
    #[schema(min_length = 1)]
    pub username: String,
    pub password: String,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct TokenResponse {
    /// Send as `Authorization: Bearer <token>`. Shown once; revoke with `DELETE /api/v1/auth/token`.
    pub token: String,
    pub token_type: String,
    pub expires_at: DateTime<Utc>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct RoleGrantDto {
    /// trainee, supervisor, training_lead, tutor, course_provider, course_leader,
    /// research_supervisor, secretariat, stps_case_worker or admin.
    pub role: String,
    /// global, region, site or specialty.
    pub scope_kind: String,
    pub scope_id: Option<String>,
    pub scope_name: Option<String>,
    pub valid_from: NaiveDate,
    pub valid_until: Option<NaiveDate>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct MeResponse {
    #[schema(value_type = uuid::Uuid)]
    pub person_id: String,
    pub username: String,
    pub given_name: String,
    pub family_name: String,
    pub locale: String,
    pub roles: Vec<RoleGrantDto>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct EmploymentDto {
    #[schema(value_type = uuid::Uuid)]
    pub id: String,
    #[schema(value_type = uuid::Uuid)]
    pub site_id: String,
    pub site_name: String,
    pub hospital_name: Option<String>,
    pub title: String,
    #[schema(value_type = Option<uuid::Uuid>)]
    pub phase_id: Option<String>,
    /// The curriculum version the employment is trained under.
    #[schema(value_type = Option<uuid::Uuid>)]
    pub curriculum_version_id: Option<String>,
    pub start_date: NaiveDate,
    pub end_date: NaiveDate,
    pub working_percent: u8,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct PhaseDto {
    #[schema(value_type = uuid::Uuid)]
    pub id: String,
    pub code: String,
    pub name_da: String,
    pub name_en: String,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct CurriculumDto {
    /// The curriculum version's id.
    #[schema(value_type = uuid::Uuid)]
    pub id: String,
    pub name_da: String,
    pub name_en: String,
    pub version: String,
    pub valid_from: NaiveDate,
    pub phases: Vec<PhaseDto>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct ProgrammeDto {
    #[schema(value_type = uuid::Uuid)]
    pub id: String,
    /// foundation, introduction or main.
    pub kind: String,
    pub specialty_da: Option<String>,
    pub specialty_en: Option<String>,
    /// nord, syd or oest.
    pub region: String,
    pub start_date: NaiveDate,
    pub end_date: NaiveDate,
    pub employments: Vec<EmploymentDto>,
    pub curricula: Vec<CurriculumDto>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct ApprovalDto {
    pub approver_name: String,
    pub approver_role: String,
    pub approved_at: DateTime<Utc>,
    pub assessment_method: Option<String>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct CompetencyDto {
    #[schema(value_type = uuid::Uuid)]
    pub id: String,
    pub code: String,
    #[schema(value_type = uuid::Uuid)]
    pub phase_id: String,
    pub title_da: String,
    pub title_en: String,
    /// not_started, reported_ready or approved.
    pub state: String,
    pub approval: Option<ApprovalDto>,
    pub ready_since: Option<DateTime<Utc>>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct ProgressDto {
    pub total: u32,
    pub approved: u32,
    pub reported_ready: u32,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct CompetencyListResponse {
    #[schema(value_type = uuid::Uuid)]
    pub programme_id: String,
    #[schema(value_type = uuid::Uuid)]
    pub curriculum_id: String,
    #[schema(value_type = uuid::Uuid)]
    pub phase_id: String,
    pub progress: ProgressDto,
    pub competencies: Vec<CompetencyDto>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct CompetencyDetailDto {
    #[serde(flatten)]
    pub summary: CompetencyDto,
    pub description_da: String,
    pub description_en: String,
    pub doctor_roles: Vec<String>,
    pub assessment_methods: Vec<String>,
    pub learning_methods_da: Vec<String>,
    pub learning_methods_en: Vec<String>,
    pub competency_card: Option<String>,
    /// Requests, decisions and resets, oldest first.
    pub history: Vec<HistoryEntryDto>,
}

impl From<logbog_db::employments::Employment> for EmploymentDto {
    fn from(e: logbog_db::employments::Employment) -> Self {
        Self {
            id: e.id.to_string(),
            site_id: e.site_id.to_string(),
            site_name: e.site_name,
            hospital_name: e.hospital_name,
            title: e.title,
            phase_id: e.phase_id.map(|p| p.to_string()),
            curriculum_version_id: e.curriculum_version_id.map(|v| v.to_string()),
            start_date: e.start_date,
            end_date: e.end_date,
            working_percent: e.working_percent.get(),
        }
    }
}

impl From<&logbog_db::approvals::ApprovalInfo> for ApprovalDto {
    fn from(a: &logbog_db::approvals::ApprovalInfo) -> Self {
        Self {
            approver_name: a.approver_name.clone(),
            approver_role: a.approver_role.code().to_owned(),
            approved_at: a.approved_at,
            assessment_method: a.assessment_method.map(|m| m.code().to_owned()),
        }
    }
}

/// One event in an item's history: requested, withdrawn, returned, approved or reset.
#[derive(Debug, Serialize, ToSchema)]
pub struct HistoryEntryDto {
    pub at: DateTime<Utc>,
    /// requested, withdrawn, returned, approved or reset.
    pub event: String,
    pub person_name: String,
    pub role: Option<String>,
    /// The request's message, the decision's comment, or a reset's "reference: reason".
    pub text: String,
}

impl From<&logbog_db::approvals::HistoryEntry> for HistoryEntryDto {
    fn from(h: &logbog_db::approvals::HistoryEntry) -> Self {
        use logbog_db::approvals::HistoryKind;
        Self {
            at: h.at,
            event: match h.kind {
                HistoryKind::Requested => "requested",
                HistoryKind::Withdrawn => "withdrawn",
                HistoryKind::Returned => "returned",
                HistoryKind::Approved => "approved",
                HistoryKind::Reset => "reset",
            }
            .to_owned(),
            person_name: h.person_name.clone(),
            role: h.role.map(|r| r.code().to_owned()),
            text: h.text.clone(),
        }
    }
}

#[derive(Debug, Serialize, ToSchema)]
pub struct LeaveDto {
    /// parental, sick, unpaid or other.
    pub kind: String,
    pub start_date: NaiveDate,
    pub end_date: NaiveDate,
}

#[derive(Debug, Serialize, ToSchema)]
/// A training lead or tutor of an employment's site.
pub struct SiteLeadDto {
    #[schema(value_type = uuid::Uuid)]
    pub person_id: String,
    pub name: String,
    pub role: String,
}

/// An employment's time attestation: the employment, its leave, from when it can be approved,
/// its state and history.
#[derive(Debug, Serialize, ToSchema)]
pub struct TimeAttestationDto {
    pub employment: EmploymentDto,
    pub leaves: Vec<LeaveDto>,
    /// The first day of the employment's last month: electronic approval opens then.
    pub opens_on: NaiveDate,
    /// not_started, reported_ready or approved.
    pub state: String,
    pub approval: Option<ApprovalDto>,
    /// The pending request's id, if one waits.
    #[schema(value_type = Option<uuid::Uuid>)]
    pub pending_request: Option<String>,
    pub requested_at: Option<DateTime<Utc>>,
    /// The site's training leads and tutors today: whom the trainee can ask.
    pub approvers: Vec<SiteLeadDto>,
    pub history: Vec<HistoryEntryDto>,
    /// The paper time attestations uploaded for it, the newest first.
    pub papers: Vec<super::paper::PaperDto>,
}
