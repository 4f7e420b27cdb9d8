//! Trainees in main specialist training: laege.hu1 in cardiology, laege.hu3 in general practice,
//! laege.hu5 in anaesthesiology.

use super::Seeder;
use super::history::Emp;
use super::sites::{ALMEN, ANAESTESI, KARDIOLOGI, S};
use crate::{AppError, approvals};
use chrono::Days;
use logbog_db::employments::{self, Leave};
use logbog_domain::documents::AddendumReason;
use logbog_domain::{ItemRef, LeaveKind, PostgraduateRegion, ProgrammeKind, Role, SupervisorKind};

impl Seeder<'_> {
    /// First year of main training in cardiology in Syd, at 80 % in the current post.
    pub(super) async fn laege_hu1(&mut self) -> Result<(), AppError> {
        let me = self.person("laege.hu1")?;
        let region = PostgraduateRegion::Syd;
        let kbu_start = self.month(-34);
        self.trainee_grant("laege.hu1", kbu_start, region).await?;
        self.kbu_history(me, region, kbu_start, (S::SydAkut, S::SydGp), true)
            .await?;
        let intro = ProgrammeKind::Introduction;
        let intro_start = self.month(-20);
        let title = "Introduktionslæge";
        let curriculum = "intern-medicin-intro";
        self.single_post_history(
            me,
            intro,
            KARDIOLOGI,
            region,
            intro_start,
            12,
            S::SydMed,
            curriculum,
            title,
        )
        .await?;
        // 24 months of full-time training at 80 % take 30 months.
        let (start, end) = (self.month(-7), self.last(59));
        let curriculum = "kardiologi-hu";
        let prog = self
            .programme(
                me,
                ProgrammeKind::Main,
                Some(KARDIOLOGI),
                region,
                start,
                end,
                &[curriculum],
            )
            .await?;
        self.agreements(me, prog, start, Some((AddendumReason::PartTime, self.month(-6))))
            .await?;
        let title = "Hoveduddannelseslæge";
        let (p1, p2) = (Some((curriculum, "faelles")), Some((curriculum, "speciale")));
        let e1 = self
            .employ(me, prog, 1, S::SydKard, p1, title, start, self.last(23), 80)
            .await?;
        let e2_start = self.month(23);
        self.employ(me, prog, 2, S::SydKardVejle, p2, title, e2_start, end, 100)
            .await?;
        // The training lead is also a daily supervisor, and gives himself the access.
        let site = self.site(S::SydKard)?;
        let lead = self.person("uao.kardiologi")?;
        let daily = SupervisorKind::Daily;
        self.supervise(me, S::SydKard, lead, daily, e1.start, e1.end, e1.start)
            .await?;
        let comps = self.comps(curriculum, "faelles")?;
        let approvers = site.approvers();
        let from = start + Days::new(30);
        self.approve_between(me, &comps[..4], &approvers, from, self.today)
            .await?;
        self.request(
            me,
            &comps[4],
            approvers[0],
            4,
            "Jeg har haft flere patienter i non-invasiv ventilation under supervision, og kortet er udfyldt.",
        )
        .await?;
        self.request(
            me,
            &comps[5],
            approvers[1],
            2,
            "Klar til en casebaseret diskussion om lungeemboli.",
        )
        .await?;
        // Requests past the reminder (7 days) and the escalation (14 days) delays.
        self.request(
            me,
            &comps[6],
            approvers[0],
            9,
            "Kompetencekortet er udfyldt efter stuegangen.",
        )
        .await?;
        self.request(
            me,
            &comps[7],
            approvers[0],
            16,
            "Jeg har rykket for denne; kortet ligger på kompetencen.",
        )
        .await?;
        // A wrong approval, reset by the secretariat on the trainee's written request.
        let wrong = &comps[8];
        let requested = self.at(self.today - Days::new(62), 20, 40);
        let approved = self.at(self.today - Days::new(60), 11, 5);
        self.approve(me, wrong, approvers[0], requested, approved, 0).await?;
        let reset_at = self.at(self.today - Days::new(40), 13, 30);
        let secretariat = self.secretariat(region)?;
        let secretariat = self.user(secretariat, reset_at.today).await?;
        let (reference, reason) = (
            "J.nr. 2026-0815",
            "Godkendt på den forkerte kompetence; nulstillet på uddannelseslægens skriftlige anmodning.",
        );
        let item = ItemRef::Competency(wrong.id);
        approvals::reset_in(&mut *self.conn, reset_at, &secretariat, me, item, reference, reason).await?;
        Ok(())
    }

    /// Main training in general practice in Øst, in phase 2 in the home practice; the medical
    /// post of phase 1 was extended by 6 months of parental leave with a supplementary agreement.
    pub(super) async fn laege_hu3(&mut self) -> Result<(), AppError> {
        let me = self.person("laege.hu3")?;
        let region = PostgraduateRegion::Oest;
        let kbu_start = self.month(-58);
        self.trainee_grant("laege.hu3", kbu_start, region).await?;
        self.kbu_history(me, region, kbu_start, (S::OestMed, S::OestGp3), true)
            .await?;
        let intro = ProgrammeKind::Introduction;
        let intro_start = self.month(-46);
        let curriculum = "almen-medicin-intro";
        let title = "Introduktionslæge";
        // Six months: the KBU included general practice.
        self.single_post_history(me, intro, ALMEN, region, intro_start, 6, S::OestGp2, curriculum, title)
            .await?;

        let (start, end) = (self.month(-40), self.last(20));
        let curriculum = "almen-medicin-hu";
        let prog = self
            .programme(me, ProgrammeKind::Main, Some(ALMEN), region, start, end, &[curriculum])
            .await?;
        self.agreements(me, prog, start, Some((AddendumReason::Leave, self.month(-28))))
            .await?;
        let title = "Hoveduddannelseslæge";
        let (f1, f2, f3) = (
            Some((curriculum, "fase1")),
            Some((curriculum, "fase2")),
            Some((curriculum, "fase3")),
        );
        let e1 = self
            .employ(me, prog, 1, S::OestGp2, f1, title, start, self.last(-34), 100)
            .await?;
        // Twelve months, extended by six months of parental leave.
        let planned_end = self.last(-22);
        let e2 = self
            .employ(me, prog, 2, S::OestMed, f1, title, self.month(-34), planned_end, 100)
            .await?;
        let leave = Leave {
            employment_id: e2.id,
            kind: LeaveKind::Parental,
            start_date: self.month(-28),
            end_date: self.last(-22),
        };
        employments::insert_leave(&mut *self.conn, &leave).await?;
        let extended_end = self.last(-16);
        let issued_on = self.month(-29);
        employments::amend_end_date(
            &mut *self.conn,
            e2.id,
            issued_on,
            planned_end,
            extended_end,
            "Forlænget med 6 måneder på grund af forældreorlov (tillægsaftale)",
        )
        .await?;
        let e2 = Emp {
            end: extended_end,
            ..e2
        };
        // The supervisor's access ran to the planned end; the training lead gave it again for
        // the months after the leave.
        let site = self.site(S::OestMed)?;
        if let Some(supervisor) = site.supervisors.first() {
            let (main, resumed) = (SupervisorKind::Main, self.month(-22));
            self.supervise(me, S::OestMed, *supervisor, main, resumed, extended_end, resumed)
                .await?;
        }
        let e3 = self
            .employ(
                me,
                prog,
                3,
                S::OestPaed,
                f1,
                title,
                self.month(-16),
                self.last(-10),
                100,
            )
            .await?;
        let e4 = self
            .employ(me, prog, 4, S::OestAkut, f1, title, self.month(-10), self.last(-4), 100)
            .await?;
        let e5 = self
            .employ(me, prog, 5, S::OestGp, f2, title, self.month(-4), self.last(8), 100)
            .await?;
        self.employ(me, prog, 6, S::OestGp2, f3, title, self.month(8), end, 100)
            .await?;

        // The tutor approves every competency: phase 1's practice part by the first tutor,
        // its hospital part by the phase 2 tutor on the basis of qualification cards.
        let fase1 = self.comps(curriculum, "fase1")?;
        let fase2 = self.comps(curriculum, "fase2")?;
        self.approve_during(me, &fase1[..8], &e1).await?;
        let tutor = (self.person("tutor.praksis")?, Role::Tutor);
        let from = e5.start + Days::new(10);
        self.approve_between(me, &fase1[8..21], &[tutor], from, self.today)
            .await?;
        self.request(
            me,
            &fase1[21],
            tutor,
            9,
            "Kvalifikationskortet fra akutafdelingen er uploadet.",
        )
        .await?;
        // The card was uploaded while she was at the emergency department, whose supervisor
        // confirmed it: the tutor sees which department vouched for it.
        self.confirmed_qualification_card("laege.hu3", &fase1[21], &e4, 14)
            .await?;
        let from = e5.start + Days::new(30);
        self.approve_between(me, &fase2[..5], &[tutor], from, self.today)
            .await?;
        self.request(me, &fase2[5], tutor, 5, "").await?;
        self.request(
            me,
            &fase2[6],
            tutor,
            1,
            "Jeg har haft egne graviditetsundersøgelser i tre måneder nu.",
        )
        .await?;
        for e in [e1, e2, e3, e4] {
            self.attest(me, &e).await?;
        }
        Ok(())
    }

    /// Final year of main training in anaesthesiology in Nord, ending in about 4 months: all but
    /// three competencies approved, two of them reported ready.
    pub(super) async fn laege_hu5(&mut self) -> Result<(), AppError> {
        let me = self.person("laege.hu5")?;
        let region = PostgraduateRegion::Nord;
        let kbu_start = self.month(-71);
        self.trainee_grant("laege.hu5", kbu_start, region).await?;
        self.kbu_history(me, region, kbu_start, (S::NordMed, S::NordAkut), true)
            .await?;
        let intro = ProgrammeKind::Introduction;
        let intro_start = self.month(-57);
        let curriculum = "anaestesiologi-intro";
        let title = "Introduktionslæge";
        self.single_post_history(
            me,
            intro,
            ANAESTESI,
            region,
            intro_start,
            12,
            S::NordAnaeRanders,
            curriculum,
            title,
        )
        .await?;
        let (start, end) = (self.month(-43), self.last(5));
        let curriculum = "anaestesiologi-hu";
        let prog = self
            .programme(
                me,
                ProgrammeKind::Main,
                Some(ANAESTESI),
                region,
                start,
                end,
                &[curriculum],
            )
            .await?;
        self.agreements(me, prog, start, None).await?;
        let title = "Hoveduddannelseslæge";
        let phase = Some((curriculum, "hu"));
        let e1 = self
            .employ(me, prog, 1, S::NordAnaeAarhus, phase, title, start, self.last(-19), 100)
            .await?;
        let e2 = self
            .employ(me, prog, 2, S::NordAnae, phase, title, self.month(-19), end, 100)
            .await?;
        let comps = self.comps(curriculum, "hu")?;
        let last = comps.len().saturating_sub(3);
        self.approve_during(me, &comps[..9], &e1).await?;
        let approvers = self.site(S::NordAnae)?.approvers();
        let from = e2.start + Days::new(21);
        self.approve_between(me, &comps[9..last], &approvers, from, self.today)
            .await?;
        self.request(
            me,
            &comps[last],
            approvers[1],
            8,
            "Jeg har været koordinerende anæstesiolog på vagt i to måneder; 360°-evalueringen er afsluttet.",
        )
        .await?;
        self.request(me, &comps[last + 1], approvers[0], 3, "").await?;
        self.attest(me, &e1).await?;
        Ok(())
    }
}
