//! Trainees recognised as specialists: laege.anerkendt (access still open), laege.udloebet
//! (access ended).

use super::Seeder;
use super::sites::{ANAESTESI, KARDIOLOGI, S};
use crate::{AppError, access};
use chrono::Days;
use logbog_db::programmes;
use logbog_domain::dates::sub_months;
use logbog_domain::{PostgraduateRegion, ProgrammeKind};

impl Seeder<'_> {
    /// Main training in cardiology in Syd, finished; recognised as specialist 4 months ago.
    pub(super) async fn laege_anerkendt(&mut self) -> Result<(), AppError> {
        let me = self.person("laege.anerkendt")?;
        let region = PostgraduateRegion::Syd;
        let kbu_start = self.month(-92);
        self.trainee_grant("laege.anerkendt", kbu_start, region).await?;
        self.kbu_history(me, region, kbu_start, (S::SydAkut, S::SydGp2), false)
            .await?;
        let intro = ProgrammeKind::Introduction;
        let intro_start = self.month(-78);
        let curriculum = "intern-medicin-intro";
        let title = "Introduktionslæge";
        self.single_post_history(
            me,
            intro,
            KARDIOLOGI,
            region,
            intro_start,
            12,
            S::SydKardVejle,
            curriculum,
            title,
        )
        .await?;
        let (start, end) = (self.month(-65), self.last(-5));
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
        self.agreements(me, prog, start, None).await?;
        let title = "Hoveduddannelseslæge";
        let (p1, p2) = (Some((curriculum, "faelles")), Some((curriculum, "speciale")));
        let e1 = self
            .employ(me, prog, 1, S::SydMed, p1, title, start, self.last(-41), 100)
            .await?;
        let e2 = self
            .employ(me, prog, 2, S::SydKard, p2, title, self.month(-41), end, 100)
            .await?;
        let faelles = self.comps(curriculum, "faelles")?;
        let speciale = self.comps(curriculum, "speciale")?;
        self.approve_during(me, &faelles, &e1).await?;
        self.approve_during(me, &speciale, &e2).await?;
        self.attest(me, &e1).await?;
        self.attest(me, &e2).await?;
        // The training lead ended vejleder.hansen's supervision on the morning after the post's
        // last day, which stays the last day of access.
        if let Some(supervision) = e2.supervision {
            let day_after = e2.end + Days::new(1);
            let at = self.at(day_after, 8, 15);
            let lead = self.site(S::SydKard)?.lead;
            let lead = self.user(lead, day_after).await?;
            access::end_supervision_in(&mut *self.conn, at, &lead, supervision).await?;
        }
        let recognised_on = sub_months(self.today, 4);
        let at = self.instant(recognised_on, 13, 0);
        let specialty = self.specialty(KARDIOLOGI)?;
        programmes::insert_recognition(&mut *self.conn, me, specialty, recognised_on, at).await?;
        Ok(())
    }

    /// Main training in anaesthesiology in Øst, finished; recognised 8 months ago, so access
    /// has ended.
    pub(super) async fn laege_udloebet(&mut self) -> Result<(), AppError> {
        let me = self.person("laege.udloebet")?;
        let region = PostgraduateRegion::Oest;
        let kbu_start = self.month(-84);
        self.trainee_grant("laege.udloebet", kbu_start, region).await?;
        self.kbu_history(me, region, kbu_start, (S::OestMed, S::OestAkut), false)
            .await?;
        let intro = ProgrammeKind::Introduction;
        let intro_start = self.month(-70);
        let curriculum = "anaestesiologi-intro";
        let title = "Introduktionslæge";
        self.single_post_history(
            me,
            intro,
            ANAESTESI,
            region,
            intro_start,
            12,
            S::OestAnaeHilleroed,
            curriculum,
            title,
        )
        .await?;
        let (start, end) = (self.month(-57), self.last(-9));
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
            .employ(
                me,
                prog,
                1,
                S::OestAnaeHilleroed,
                phase,
                title,
                start,
                self.last(-33),
                100,
            )
            .await?;
        let e2 = self
            .employ(me, prog, 2, S::OestAnae, phase, title, self.month(-33), end, 100)
            .await?;
        let comps = self.comps(curriculum, "hu")?;
        let (a, b) = comps.split_at(comps.len() / 2);
        self.approve_during(me, a, &e1).await?;
        self.approve_during(me, b, &e2).await?;
        self.attest(me, &e1).await?;
        self.attest(me, &e2).await?;
        let recognised_on = sub_months(self.today, 8);
        let at = self.instant(recognised_on, 13, 0);
        let specialty = self.specialty(ANAESTESI)?;
        programmes::insert_recognition(&mut *self.conn, me, specialty, recognised_on, at).await?;
        Ok(())
    }
}
