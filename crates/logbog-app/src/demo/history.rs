//! The steps every trainee's history is made of, each done through the use case a real person
//! would use, as that person, on its day: a programme and its employments registered by the
//! secretariat, supervisors given by the site's lead, competencies reported ready and approved,
//! time attested, requests still waiting; and whole finished programmes (a KBU, a single-post
//! introduction).

use super::curricula::Comp;
use super::sites::S;
use super::{Seeder, missing};
use crate::{AppError, At, access, approvals, time};
use chrono::{Datelike, Days, NaiveDate};
use logbog_db::employments::NewEmployment;
use logbog_db::programmes::NewProgramme;
use logbog_db::requests;
use logbog_domain::dates::{add_months, last_month_opens, sub_months};
use logbog_domain::{
    EmploymentId, ItemRef, PersonId, PostgraduateRegion, ProgrammeId, ProgrammeKind, Role, SupervisionId,
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
    /// When the secretariat registers a programme or employment starting on `start`: two months
    /// before, or today for what starts later.
    pub(super) fn registered_at(&self, start: NaiveDate) -> At {
        self.at(sub_months(start, 2).min(self.today), 10, 0)
    }

    /// A programme on the curricula (by code) in force at its start, registered by the region's
    /// secretariat.
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
        let versions = curricula
            .iter()
            .map(|code| {
                self.curricula
                    .get(*code)
                    .map(|c| c.version)
                    .ok_or_else(|| missing("curriculum", code))
            })
            .collect::<Result<Vec<_>, _>>()?;
        let at = self.registered_at(start);
        let secretariat = self.secretariat(region)?;
        let secretariat = self.user(secretariat, at.today).await?;
        crate::programmes::create_programme_in(&mut *self.conn, at, &secretariat, &programme, &versions).await
    }

    /// An employment, registered by the secretariat of the site's region; if it has begun and
    /// the site has supervisors, the site's lead gives the first the trainee's main supervision
    /// for the employment on its first day.
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
        let at = self.registered_at(start);
        let secretariat = self.secretariat(info.region)?;
        let secretariat = self.user(secretariat, at.today).await?;
        let id = crate::programmes::add_employment_in(&mut *self.conn, at, &secretariat, &employment).await?;
        let mut supervision = None;
        if start <= self.today
            && let Some(supervisor) = info.supervisors.first()
        {
            let s = self
                .supervise(trainee, site, *supervisor, SupervisorKind::Main, start, end, start)
                .await?;
            supervision = Some(s);
        }
        Ok(Emp {
            id,
            site,
            start,
            end,
            supervision,
        })
    }

    /// A supervisor's access to the trainee for `from..=until`, given on `day` by the site's
    /// training lead or tutor.
    #[allow(clippy::too_many_arguments)]
    pub(super) async fn supervise(
        &mut self,
        trainee: PersonId,
        site: S,
        supervisor: PersonId,
        kind: SupervisorKind,
        from: NaiveDate,
        until: NaiveDate,
        day: NaiveDate,
    ) -> Result<SupervisionId, AppError> {
        let lead = self.site(site)?.lead;
        let at = self.at(day, 9, 30);
        let lead = self.user(lead, day).await?;
        access::grant_supervision_in(&mut *self.conn, at, &lead, trainee, supervisor, kind, from, Some(until)).await
    }

    /// The trainee reports `comp` ready to `approver` at `requested`; the approver approves it
    /// at `approved`, on a method its curriculum names (the `nth` in turn), with the `nth`
    /// comment.
    pub(super) async fn approve(
        &mut self,
        trainee: PersonId,
        comp: &Comp,
        approver: (PersonId, Role),
        requested: At,
        approved: At,
        nth: usize,
    ) -> Result<(), AppError> {
        let comment = if comp.has_card && nth.is_multiple_of(2) {
            CARD_COMMENT
        } else {
            APPROVAL_COMMENTS[nth % APPROVAL_COMMENTS.len()]
        };
        let method = match comp.methods.len() {
            0 => None,
            n => Some(comp.methods[nth % n]),
        };
        self.report(trainee, comp, approver, requested, "").await?;
        let request = requests::pending_request(&mut *self.conn, trainee, ItemRef::Competency(comp.id))
            .await?
            .ok_or_else(|| missing("request for", comp.id))?;
        let by = self.user(approver.0, approved.today).await?;
        approvals::approve_each_in(&mut *self.conn, approved, &by, &[(request, method)], comment).await?;
        Ok(())
    }

    /// The trainee reports `comp` ready for approval (meld klar) to `approver` at `at`.
    async fn report(
        &mut self,
        trainee: PersonId,
        comp: &Comp,
        approver: (PersonId, Role),
        at: At,
        message: &str,
    ) -> Result<(), AppError> {
        let me = self.user(trainee, at.today).await?;
        approvals::report_ready_in(
            &mut *self.conn,
            at,
            &me,
            &[comp.id],
            approver.0,
            Some(approver.1),
            message,
        )
        .await?;
        Ok(())
    }

    /// Approve `comps` on days spread evenly over `from..=to` (never later than yesterday), by
    /// the given approvers in turn, each reported ready up to two days before (never before
    /// `from`).
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
            let approved = self.at(day, 9 + (i as u32 * 3) % 7, (i as u32 * 17) % 60);
            let asked_on = (day - Days::new(2)).max(from);
            let requested = if asked_on < day {
                self.at(asked_on, 19 + (i as u32) % 3, (i as u32 * 23) % 60)
            } else {
                self.at(day, 7, 45)
            };
            let approver = approvers[i % approvers.len()];
            self.approve(trainee, comp, approver, requested, approved, i).await?;
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

    /// The time attestation of an employment that has ended: asked of the site's training lead
    /// or tutor, who approves it in the employment's last month.
    pub(super) async fn attest(&mut self, trainee: PersonId, emp: &Emp) -> Result<(), AppError> {
        if emp.end >= self.today {
            return Ok(());
        }
        let lead = self.site(emp.site)?.lead;
        let day = (emp.end - Days::new(4)).max(last_month_opens(emp.end));
        let asked = self.at(day - Days::new(2), 19, 30);
        let me = self.user(trainee, asked.today).await?;
        time::request_in(&mut *self.conn, asked, &me, emp.id, lead, "").await?;
        let approved = self.at(day, 14, 10);
        let by = self.user(lead, approved.today).await?;
        time::approve_in(&mut *self.conn, approved, &by, trainee, emp.id, "").await
    }

    /// A request for approval (meld klar) still waiting, made `days_ago` days ago in the evening.
    pub(super) async fn request(
        &mut self,
        trainee: PersonId,
        comp: &Comp,
        approver: (PersonId, Role),
        days_ago: u64,
        message: &str,
    ) -> Result<(), AppError> {
        let at = self.at(self.today - Days::new(days_ago.max(1)), 20, 15);
        self.report(trainee, comp, approver, at, message).await
    }

    /// A completed KBU of 12 months from `start` (two posts of 6 months), everything approved;
    /// with `first_on_paper` the first post's time was attested on paper, not in the system
    /// (the trainee uploads the paper for the secretariat, `papers_waiting`).
    pub(super) async fn kbu_history(
        &mut self,
        trainee: PersonId,
        region: PostgraduateRegion,
        start: NaiveDate,
        (first, second): (S, S),
        first_on_paper: bool,
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
        if !first_on_paper {
            self.attest(trainee, &e1).await?;
        }
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
