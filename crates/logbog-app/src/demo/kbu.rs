//! Trainees in the foundation year (KBU): laege.kbu halfway, laege.ny about to start.

use super::Seeder;
use super::sites::S;
use crate::AppError;
use chrono::Days;
use logbog_domain::{PostgraduateRegion, ProgrammeKind};

impl Seeder<'_> {
    /// Second half of KBU in Nord: 8 goals approved in the first post, 2 in the current one,
    /// 2 reported ready, 4 not started.
    pub(super) async fn laege_kbu(&mut self) -> Result<(), AppError> {
        let me = self.person("laege.kbu")?;
        let region = PostgraduateRegion::Nord;
        let (start, mid, end) = (self.month(-8), self.month(-2), self.last(4));
        self.trainee_grant("laege.kbu", start, region).await?;
        let kind = ProgrammeKind::Foundation;
        let prog = self.programme(me, kind, None, region, start, end, &["kbu"]).await?;
        let phase = Some(("kbu", "kbu"));
        let e1 = self
            .employ(me, prog, 1, S::NordMed, phase, "KBU-læge", start, self.last(-2), 100)
            .await?;
        self.employ(me, prog, 2, S::NordAkut, phase, "KBU-læge", mid, end, 100)
            .await?;
        let comps = self.comps("kbu", "kbu")?;
        self.approve_during(me, &comps[..8], &e1).await?;
        let approvers = self.site(S::NordAkut)?.approvers();
        let from = mid + Days::new(14);
        self.approve_between(me, &comps[8..10], &approvers, from, self.today)
            .await?;
        self.request(
            me,
            &comps[10],
            approvers[0],
            3,
            "Min vejleder har gennemgået et udvalg af mine journalnotater og epikriser.",
        )
        .await?;
        self.request(
            me,
            &comps[11],
            approvers[1],
            1,
            "Klar til godkendelse – vi talte om overleveringerne på sidste vejledersamtale.",
        )
        .await?;
        self.attest(me, &e1).await?;
        Ok(())
    }

    /// KBU in Syd starting on the 1st of next month: nothing to show yet.
    pub(super) async fn laege_ny(&mut self) -> Result<(), AppError> {
        let me = self.person("laege.ny")?;
        let region = PostgraduateRegion::Syd;
        let (start, mid, end) = (self.month(1), self.month(7), self.last(13));
        self.trainee_grant("laege.ny", start, region).await?;
        let kind = ProgrammeKind::Foundation;
        let prog = self.programme(me, kind, None, region, start, end, &["kbu"]).await?;
        let phase = Some(("kbu", "kbu"));
        self.employ(me, prog, 1, S::SydPaed, phase, "KBU-læge", start, self.last(7), 100)
            .await?;
        self.employ(me, prog, 2, S::SydGp, phase, "KBU-læge", mid, end, 100)
            .await?;
        Ok(())
    }
}
