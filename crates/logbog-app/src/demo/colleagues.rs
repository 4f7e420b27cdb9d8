//! Trainees on the departments' and practices' rolls besides the demo accounts: colleagues with
//! an account of their own that does not log in, so that the approvers' homes show a department
//! rather than one trainee, and each approver has a time attestation in its last month (issue 10
//! point 7): uao.anaestesi, uao.kardiologi and tutor.praksis.

use super::Seeder;
use super::accounts::{ACCOUNTS, demo_cpr};
use super::curricula::Comp;
use super::sites::{ANAESTESI, KARDIOLOGI, S};
use crate::AppError;
use chrono::Days;
use logbog_db::accounts;
use logbog_domain::{PersonId, PostgraduateRegion, ProgrammeKind, Role};

/// A colleague: name, age and sex (for the CPR number).
pub(super) struct Colleague {
    given: &'static str,
    family: &'static str,
    age: u32,
    female: bool,
}

const MAGNUS: Colleague = Colleague {
    given: "Magnus",
    family: "Dalgaard",
    age: 30,
    female: false,
};
const CECILIE: Colleague = Colleague {
    given: "Cecilie",
    family: "Fogh",
    age: 27,
    female: true,
};
const JONAS: Colleague = Colleague {
    given: "Jonas",
    family: "Bruun",
    age: 31,
    female: false,
};

/// Every colleague, in the order seeded.
pub(super) const COLLEAGUES: [Colleague; 3] = [MAGNUS, CECILIE, JONAS];

impl Seeder<'_> {
    /// The colleagues and their histories; each post ends on the last day of this month.
    pub(super) async fn colleagues(&mut self) -> Result<(), AppError> {
        self.magnus().await?;
        self.cecilie().await?;
        self.jonas().await
    }

    /// The `nth` colleague: a trainee with an account that does not log in, and the Trainee
    /// grant from `since`.
    async fn colleague(
        &mut self,
        nth: usize,
        since: chrono::NaiveDate,
        region: PostgraduateRegion,
    ) -> Result<PersonId, AppError> {
        let c = &COLLEAGUES[nth];
        let idx = (ACCOUNTS.len() + nth) as u32;
        let cpr = demo_cpr(self.today, c.age, idx, c.female)?;
        let person = self.new_person(c.given, c.family, Some(&cpr), true).await?;
        let username = format!(
            "{}.{}",
            crate::reference_data::specialty_code(c.given),
            crate::reference_data::specialty_code(c.family)
        );
        let account =
            accounts::insert_account(&mut *self.conn, person, &username, super::accounts::NO_LOGIN, self.now).await?;
        self.accounts.insert(person, (account, username));
        let secretariat = self.secretariat(region)?;
        self.grant(person, Role::Trainee, None, since, Some(secretariat))
            .await?;
        Ok(person)
    }

    /// The `nth` colleague, after a KBU at `kbu` from 23 months back: a 12-month introduction
    /// post in `specialty` at `site` in its last month, every competency approved but the last
    /// `open`; returns the colleague and the competencies left open.
    #[allow(clippy::too_many_arguments)]
    async fn intro_in_last_month(
        &mut self,
        nth: usize,
        region: PostgraduateRegion,
        kbu: (S, S),
        specialty: &str,
        curriculum: &str,
        site: S,
        open: usize,
    ) -> Result<(PersonId, Vec<Comp>), AppError> {
        let kbu_start = self.month(-23);
        let me = self.colleague(nth, kbu_start, region).await?;
        self.kbu_history(me, region, kbu_start, kbu, false).await?;
        let (start, end) = (self.month(-11), self.last(1));
        let kind = ProgrammeKind::Introduction;
        let prog = self
            .programme(me, kind, Some(specialty), region, start, end, &[curriculum])
            .await?;
        let phase = Some((curriculum, "intro"));
        self.employ(me, prog, 1, site, phase, "Introduktionslæge", start, end, 100)
            .await?;
        let comps = self.comps(curriculum, "intro")?;
        let approvers = self.site(site)?.approvers();
        let last = comps.len().saturating_sub(open);
        self.approve_between(me, &comps[..last], &approvers, start + Days::new(30), self.today)
            .await?;
        Ok((me, comps[last..].to_vec()))
    }

    /// Introduction post in anaesthesiology in Randers (uao.anaestesi leads it and Aalborg's
    /// department), in its last month: all but two competencies approved, one reported ready
    /// to the training lead.
    async fn magnus(&mut self) -> Result<(), AppError> {
        let site = S::NordAnaeRanders;
        let kbu = (S::NordAkut, S::NordGp);
        let (me, open) = self
            .intro_in_last_month(
                0,
                PostgraduateRegion::Nord,
                kbu,
                ANAESTESI,
                "anaestesiologi-intro",
                site,
                2,
            )
            .await?;
        let lead = (self.site(site)?.lead, Role::TrainingLead);
        self.request(
            me,
            &open[0],
            lead,
            4,
            "Jeg har lagt epiduralblokader selvstændigt i fødegangen den sidste måned.",
        )
        .await
    }

    /// KBU in Øst, the second half in general practice in Roskilde (tutor.praksis), in its last
    /// month: the goals of the practice half approved but one, reported ready to the tutor.
    async fn cecilie(&mut self) -> Result<(), AppError> {
        let region = PostgraduateRegion::Oest;
        let (start, mid, end) = (self.month(-11), self.month(-5), self.last(1));
        let me = self.colleague(1, start, region).await?;
        let prog = self
            .programme(me, ProgrammeKind::Foundation, None, region, start, end, &["kbu"])
            .await?;
        let phase = Some(("kbu", "kbu"));
        let e1 = self
            .employ(
                me,
                prog,
                1,
                S::OestPaed,
                phase,
                "KBU-læge",
                start,
                mid - Days::new(1),
                100,
            )
            .await?;
        let e2 = self
            .employ(me, prog, 2, S::OestGp, phase, "KBU-læge", mid, end, 100)
            .await?;
        let comps = self.comps("kbu", "kbu")?;
        let half = comps.len() / 2;
        self.approve_during(me, &comps[..half], &e1).await?;
        let tutor = (self.site(S::OestGp)?.lead, Role::Tutor);
        let last = comps.len().saturating_sub(1);
        self.approve_between(me, &comps[half..last], &[tutor], e2.start + Days::new(14), self.today)
            .await?;
        self.request(
            me,
            &comps[last],
            tutor,
            2,
            "Vi gennemgik mine konsultationer med kronikere i tirsdags.",
        )
        .await?;
        self.attest(me, &e1).await
    }

    /// Introduction post in cardiology in Odense (uao.kardiologi, supervised by
    /// vejleder.hansen), in its last month, one competency left.
    async fn jonas(&mut self) -> Result<(), AppError> {
        let kbu = (S::SydMed, S::SydGp2);
        let region = PostgraduateRegion::Syd;
        self.intro_in_last_month(2, region, kbu, KARDIOLOGI, "intern-medicin-intro", S::SydKard, 1)
            .await?;
        Ok(())
    }
}
