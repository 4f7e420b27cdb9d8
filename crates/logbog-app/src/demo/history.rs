//! The steps every trainee's history is made of: a programme and its employments with their
//! supervisors, approvals during a post, time attestations, waiting requests, and whole
//! finished programmes (a KBU, a single-post introduction).

use super::curricula::Comp;
use super::sites::S;
use super::{Seeder, missing};
use crate::AppError;
use chrono::{DateTime, Datelike, Days, NaiveDate, Utc};
use logbog_db::approvals::{self, NewApproval};
use logbog_db::audit;
use logbog_db::employments::{self, NewEmployment};
use logbog_db::programmes::{self, NewProgramme};
use logbog_db::requests::{self, NewRequest};
use logbog_db::supervisions::{self, NewSupervision};
use logbog_domain::dates::{add_months, last_month_opens};
use logbog_domain::{
    AuditAction, EmploymentId, ItemRef, PersonId, PostgraduateRegion, ProgrammeId, ProgrammeKind, Role, SupervisionId,
    SupervisorKind, WorkingPercent,
};

/// An employment as created.
#[derive(Debug, Clone, Copy)]
pub(super) struct Emp {
    pub(super) id: EmploymentId,
    pub(super) site: S,
    pub(super) start: NaiveDate,
    pub(super) end: NaiveDate,
    pub(super) supervision: Option<SupervisionId>,
}

pub(super) const APPROVAL_COMMENTS: &[&str] = &[
    "",
    "Drøftet ved struktureret vejledersamtale.",
    "Fint arbejde – kompetencen er opnået.",
    "",
    "Vurderet i klinikken over flere vagter.",
];

pub(super) const CARD_COMMENT: &str = "Godkendt på baggrund af udfyldt kompetencekort.";

impl Seeder<'_> {
    #[allow(clippy::too_many_arguments)]
    pub(super) async fn programme(
        &mut self,
        trainee: PersonId,
        kind: ProgrammeKind,
        specialty: Option<&str>,
        region: PostgraduateRegion,
        start: NaiveDate,
        end: NaiveDate,
        curricula: &[&str],
    ) -> Result<ProgrammeId, AppError> {
        self.agreements += 1;
        let reference = format!(
            "VU-{}-{}-{:04}",
            region.code().to_uppercase(),
            start.year(),
            (self.agreements * 137 + 211) % 10_000
        );
        let programme = NewProgramme {
            trainee_id: trainee,
            kind,
            specialty_id: specialty.map(|s| self.specialty(s)).transpose()?,
            region,
            start_date: start,
            end_date: end,
            agreement_reference: reference,
        };
        let id = programmes::insert_programme(&mut *self.conn, &programme, self.now).await?;
        for (i, code) in curricula.iter().enumerate() {
            let version = self
                .curricula
                .get(*code)
                .ok_or_else(|| missing("curriculum", code))?
                .version;
            programmes::add_curriculum(&mut *self.conn, id, version, i as i64 + 1).await?;
        }
        Ok(id)
    }

    /// An employment; if it has begun and the site has supervisors, the first becomes the
    /// trainee's main supervisor for the employment, granted by the site's lead.
    #[allow(clippy::too_many_arguments)]
    pub(super) async fn employ(
        &mut self,
        trainee: PersonId,
        programme: ProgrammeId,
        ordinal: i64,
        site: S,
        phase: Option<(&str, &str)>,
        title: &str,
        start: NaiveDate,
        end: NaiveDate,
        percent: i64,
    ) -> Result<Emp, AppError> {
        let info = self.site(site)?;
        let phase_id = phase.map(|(c, p)| self.phase(c, p).map(|p| p.id)).transpose()?;
        let curriculum_version_id = phase
            .map(|(c, _)| {
                self.curricula
                    .get(c)
                    .map(|l| l.version)
                    .ok_or_else(|| missing("curriculum", c))
            })
            .transpose()?;
        let working_percent = WorkingPercent::new(percent).map_err(|e| AppError::Internal(e.to_string()))?;
        let employment = NewEmployment {
            programme_id: programme,
            site_id: info.id,
            phase_id,
            curriculum_version_id,
            ordinal,
            title: title.to_owned(),
            start_date: start,
            end_date: end,
            working_percent,
        };
        let id = employments::insert_employment(&mut *self.conn, &employment).await?;
        let mut supervision = None;
        if start <= self.today
            && let Some(supervisor) = info.supervisors.first()
        {
            let granted_at = self.instant(start.min(self.yesterday()), 9, 30);
            let s = NewSupervision {
                supervisor_id: *supervisor,
                trainee_id: trainee,
                site_id: info.id,
                kind: SupervisorKind::Main,
                valid_from: start,
                valid_until: Some(end),
                granted_by: info.lead,
            };
            supervision = Some(self.supervise(&s, info.lead_role, granted_at).await?);
        }
        Ok(Emp {
            id,
            site,
            start,
            end,
            supervision,
        })
    }

    /// The audit event a real use case would have written for a seeded change, at its time, so
    /// that the demo's trail holds its approvals, requests, resets and access grants too.
    #[allow(clippy::too_many_arguments)]
    pub(super) async fn audited(
        &mut self,
        actor: PersonId,
        role: Role,
        action: AuditAction,
        subject: logbog_domain::Subject,
        trainee: Option<PersonId>,
        details: serde_json::Value,
        at: DateTime<Utc>,
    ) -> Result<(), AppError> {
        let event = audit::NewEvent {
            actor_id: Some(actor),
            actor_role: Some(role),
            action,
            subject: Some(subject),
            trainee_id: trainee,
            details,
        };
        audit::append(&mut *self.conn, &event, at).await?;
        Ok(())
    }

    /// A supervisor's access given by the site's training lead or tutor, audited.
    pub(super) async fn supervise(
        &mut self,
        s: &NewSupervision,
        lead_role: Role,
        at: DateTime<Utc>,
    ) -> Result<SupervisionId, AppError> {
        let id = supervisions::insert_supervision(&mut *self.conn, s, at).await?;
        let details = serde_json::json!({ "supervisor": s.supervisor_id, "kind": s.kind, "site": s.site_id, "from": s.valid_from, "until": s.valid_until });
        self.audited(
            s.granted_by,
            lead_role,
            AuditAction::AccessSupervisionGranted,
            logbog_domain::Subject::Supervision(id),
            Some(s.trainee_id),
            details,
            at,
        )
        .await?;
        Ok(id)
    }

    pub(super) async fn approve(
        &mut self,
        trainee: PersonId,
        comp: &Comp,
        approver: (PersonId, Role),
        at: DateTime<Utc>,
        nth: usize,
    ) -> Result<(), AppError> {
        let item = comp.id.to_string();
        let comment = if comp.has_card && nth.is_multiple_of(2) {
            CARD_COMMENT
        } else {
            APPROVAL_COMMENTS[nth % APPROVAL_COMMENTS.len()]
        };
        let method = match comp.methods.len() {
            0 => None,
            n => Some(comp.methods[nth % n]),
        };
        let approval = NewApproval {
            trainee_id: trainee,
            item: ItemRef::Competency(comp.id),
            approver_id: approver.0,
            approver_role: approver.1,
            assessment_method: method,
            comment,
            request_id: None,
        };
        let details =
            serde_json::json!({ "item_kind": "competency", "item": item, "method": method, "comment": comment });
        self.approved(&approval, details, at).await
    }

    /// Insert an approval with its audit event.
    pub(super) async fn approved(
        &mut self,
        a: &NewApproval<'_>,
        details: serde_json::Value,
        at: DateTime<Utc>,
    ) -> Result<(), AppError> {
        let id = approvals::insert_approval(&mut *self.conn, a, at).await?;
        let subject = logbog_domain::Subject::Approval(id);
        self.audited(
            a.approver_id,
            a.approver_role,
            AuditAction::ApprovalApproved,
            subject,
            Some(a.trainee_id),
            details,
            at,
        )
        .await
    }

    /// Approve `comps` on days spread evenly over `from..=to` (never later than yesterday), by
    /// the given approvers in turn.
    pub(super) async fn approve_between(
        &mut self,
        trainee: PersonId,
        comps: &[Comp],
        approvers: &[(PersonId, Role)],
        from: NaiveDate,
        to: NaiveDate,
    ) -> Result<(), AppError> {
        if approvers.is_empty() {
            return Err(AppError::Internal("approvals without an approver".into()));
        }
        let to = to.min(self.yesterday());
        let from = from.min(to);
        let span = (to - from).num_days().max(0) as u64;
        let n = comps.len() as u64;
        for (i, comp) in comps.iter().enumerate() {
            let offset = span * (i as u64 + 1) / (n + 1);
            let day = from.checked_add_days(Days::new(offset)).unwrap_or(to);
            let at = self.instant(day, 9 + (i as u32 * 3) % 7, (i as u32 * 17) % 60);
            let approver = approvers[i % approvers.len()];
            self.approve(trainee, comp, approver, at, i).await?;
        }
        Ok(())
    }

    /// Approve `comps` during an employment by its site's supervisor and lead.
    pub(super) async fn approve_during(
        &mut self,
        trainee: PersonId,
        comps: &[Comp],
        emp: &Emp,
    ) -> Result<(), AppError> {
        let approvers = self.site(emp.site)?.approvers();
        let from = emp.start + Days::new(21);
        let to = emp.end - Days::new(7);
        self.approve_between(trainee, comps, &approvers, from, to).await
    }

    /// Approve the time attestation of an employment that has ended, in its last month, by the
    /// site's training lead or tutor.
    pub(super) async fn attest(&mut self, trainee: PersonId, emp: &Emp) -> Result<(), AppError> {
        if emp.end >= self.today {
            return Ok(());
        }
        let site = self.site(emp.site)?;
        let day = (emp.end - Days::new(4)).max(last_month_opens(emp.end));
        let item = emp.id.to_string();
        let approval = NewApproval {
            trainee_id: trainee,
            item: ItemRef::TimeAttestation(emp.id),
            approver_id: site.lead,
            approver_role: site.lead_role,
            assessment_method: None,
            comment: "",
            request_id: None,
        };
        let at = self.instant(day, 14, 10);
        let details = serde_json::json!({ "item_kind": "time_attestation", "employment": item, "comment": "" });
        self.approved(&approval, details, at).await
    }

    /// A pending request for approval (meld klar), `days_ago` days ago in the evening.
    pub(super) async fn request(
        &mut self,
        trainee: PersonId,
        comp: &Comp,
        approver: (PersonId, Role),
        days_ago: u64,
        message: &str,
    ) -> Result<(), AppError> {
        let day = self.today - Days::new(days_ago.max(1));
        let item = comp.id.to_string();
        let request = NewRequest {
            trainee_id: trainee,
            item: ItemRef::Competency(comp.id),
            approver_id: approver.0,
            approver_role: approver.1,
            message,
        };
        let at = self.instant(day, 20, 15);
        let id = requests::insert_request(&mut *self.conn, &request, at).await?;
        let details = serde_json::json!({ "competency": item, "approver": approver.0, "approver_role": approver.1 });
        self.audited(
            trainee,
            Role::Trainee,
            AuditAction::ApprovalRequested,
            logbog_domain::Subject::Request(id),
            Some(trainee),
            details,
            at,
        )
        .await
    }

    /// A completed KBU of 12 months from `start` (two posts of 6 months), everything approved.
    pub(super) async fn kbu_history(
        &mut self,
        trainee: PersonId,
        region: PostgraduateRegion,
        start: NaiveDate,
        first: S,
        second: S,
    ) -> Result<(), AppError> {
        let mid = add_months(start, 6);
        let end = add_months(start, 12) - Days::new(1);
        let kind = ProgrammeKind::Foundation;
        let prog = self
            .programme(trainee, kind, None, region, start, end, &["kbu"])
            .await?;
        let phase = Some(("kbu", "kbu"));
        let title = "KBU-læge";
        let last_of_first = mid - Days::new(1);
        let e1 = self
            .employ(trainee, prog, 1, first, phase, title, start, last_of_first, 100)
            .await?;
        let e2 = self
            .employ(trainee, prog, 2, second, phase, title, mid, end, 100)
            .await?;
        let comps = self.comps("kbu", "kbu")?;
        let (a, b) = comps.split_at(comps.len() / 2);
        self.approve_during(trainee, a, &e1).await?;
        self.approve_during(trainee, b, &e2).await?;
        self.attest(trainee, &e1).await?;
        self.attest(trainee, &e2).await
    }

    /// A completed programme of one employment of `months`, everything approved.
    #[allow(clippy::too_many_arguments)]
    pub(super) async fn single_post_history(
        &mut self,
        trainee: PersonId,
        kind: ProgrammeKind,
        specialty: &str,
        region: PostgraduateRegion,
        start: NaiveDate,
        months: u32,
        site: S,
        curriculum: &str,
        title: &str,
    ) -> Result<(), AppError> {
        let end = add_months(start, months) - Days::new(1);
        let prog = self
            .programme(trainee, kind, Some(specialty), region, start, end, &[curriculum])
            .await?;
        let phase = self
            .curricula
            .get(curriculum)
            .and_then(|c| c.phases.first())
            .map(|p| p.code.clone())
            .ok_or_else(|| missing("curriculum", curriculum))?;
        let emp = self
            .employ(
                trainee,
                prog,
                1,
                site,
                Some((curriculum, &phase)),
                title,
                start,
                end,
                100,
            )
            .await?;
        let comps = self.comps(curriculum, &phase)?;
        self.approve_during(trainee, &comps, &emp).await?;
        self.attest(trainee, &emp).await
    }
}
