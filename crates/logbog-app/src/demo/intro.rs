//! A trainee in an introduction post: laege.intro.

use super::Seeder;
use super::sites::S;
use crate::AppError;
use chrono::Days;
use logbog_domain::{PostgraduateRegion, ProgrammeKind};

impl Seeder<'_> {
    /// Introduction post in internal medicine in Øst, after a KBU with a gap of two months.
    pub(super) async fn laege_intro(&mut self) -> Result<(), AppError> {
        let me = self.person("laege.intro")?;
        let region = PostgraduateRegion::Oest;
        let kbu_start = self.month(-19);
        self.trainee_grant("laege.intro", kbu_start, region).await?;
        self.kbu_history(me, region, kbu_start, (S::OestAkut, S::OestPaed), false)
            .await?;
        let (start, end) = (self.month(-5), self.last(7));
        let kind = ProgrammeKind::Introduction;
        let curriculum = "intern-medicin-intro";
        let prog = self
            .programme(
                me,
                kind,
                Some("Intern medicin: endokrinologi"),
                region,
                start,
                end,
                &[curriculum],
            )
            .await?;
        let title = "Introduktionslæge";
        let phase = Some((curriculum, "intro"));
        self.employ(me, prog, 1, S::OestMed, phase, title, start, end, 100)
            .await?;
        let comps = self.comps(curriculum, "intro")?;
        let approvers = self.site(S::OestMed)?.approvers();
        let from = start + Days::new(30);
        self.approve_between(me, &comps[..5], &approvers, from, self.today)
            .await?;
        self.request(
            me,
            &comps[5],
            approvers[0],
            6,
            "Jeg har fremlagt to patienter med diabetisk ketoacidose til konferencen – kan vi drøfte dem?",
        )
        .await?;
        self.request(me, &comps[6], approvers[1], 2, "").await?;
        Ok(())
    }
}
