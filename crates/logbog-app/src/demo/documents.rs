//! The demo's documents: each main-training trainee's employment and training agreement, and
//! an addendum where the history has one (part-time), uploaded by the trainee as a small PDF
//! through the same checks and use case as a real upload.

use super::Seeder;
use super::curricula::Comp;
use super::history::Emp;
use crate::AppError;
use crate::documents::{AgreementInput, UploadTarget, add_agreement_in, store_bytes};
use chrono::{Days, NaiveDate};
use logbog_domain::documents::{AddendumReason, AgreementKind};
use logbog_domain::{PersonId, ProgrammeId};

impl Seeder<'_> {
    /// The trainee uploads the agreement of `programme` (dated when the secretariat issued it)
    /// on the programme's first day, and an addendum for `reason` dated `addendum_on` on that
    /// day, if given.
    pub(super) async fn agreements(
        &mut self,
        trainee: PersonId,
        programme: ProgrammeId,
        start: NaiveDate,
        addendum: Option<(AddendumReason, NaiveDate)>,
    ) -> Result<(), AppError> {
        let issued = self.registered_at(start).today;
        self.upload_agreement(trainee, programme, start, AgreementKind::Agreement, None, issued)
            .await?;
        if let Some((reason, on)) = addendum {
            self.upload_agreement(trainee, programme, on, AgreementKind::Addendum, Some(reason), on)
                .await?;
        }
        Ok(())
    }

    async fn upload_agreement(
        &mut self,
        trainee: PersonId,
        programme: ProgrammeId,
        day: NaiveDate,
        kind: AgreementKind,
        reason: Option<AddendumReason>,
        dated: NaiveDate,
    ) -> Result<(), AppError> {
        if day > self.today {
            return Ok(());
        }
        let at = self.at(day, 19, 40);
        let user = self.user(trainee, day).await?;
        let (title, file_name) = match kind {
            AgreementKind::Agreement => ("Ansaettelses- og uddannelsesaftale", "Uddannelsesaftale.pdf"),
            AgreementKind::Addendum => ("Tillaeg til uddannelsesaftalen", "Tillaegsaftale.pdf"),
        };
        let pdf = logbog_files::check::samples::pdf(&format!("{title}, dateret {dated}"));
        let target = UploadTarget::Agreement { trainee, programme };
        let file = store_bytes(&self.files, target, file_name, pdf).await?;
        let input = AgreementInput {
            kind,
            reason,
            dated,
            replaces: None,
        };
        // Were this to fail, the whole seed rolls back and the object is the sweep's.
        add_agreement_in(
            &mut *self.conn,
            at,
            self.quota,
            &user,
            trainee,
            programme,
            &input,
            &file,
        )
        .await?;
        Ok(())
    }
}

impl Seeder<'_> {
    /// The trainee's filled cards: one on each competency she has reported ready and that
    /// waits, uploaded today (the first a scanned PNG, the rest PDFs), so that her approvers
    /// find them in the work list.
    pub(super) async fn cards_of_pending(&mut self, username: &str) -> Result<(), AppError> {
        let trainee = self.person(username)?;
        let pending = logbog_db::requests::pending_of_trainee(&mut *self.conn, trainee, self.today).await?;
        let at = self.at(self.today, 7, 15);
        let user = self.user(trainee, self.today).await?;
        for (i, r) in pending.iter().enumerate() {
            let logbog_domain::ItemRef::Competency(competency) = r.item else {
                continue;
            };
            // A card uploaded earlier (a qualification card from a hospital department) stays.
            if logbog_db::documents::current_card(&mut *self.conn, trainee, competency)
                .await?
                .is_some()
            {
                continue;
            }
            let (name, bytes) = if i == 0 {
                ("kompetencekort-scan.png", logbog_files::check::samples::png())
            } else {
                (
                    "Kompetencekort.pdf",
                    logbog_files::check::samples::pdf("Kompetencekort, udfyldt og underskrevet"),
                )
            };
            let target = UploadTarget::CompetencyCard { trainee, competency };
            let file = store_bytes(&self.files, target, name, bytes).await?;
            crate::documents::add_card_in(&mut *self.conn, at, self.quota, &user, trainee, competency, None, &file)
                .await?;
        }
        Ok(())
    }

    /// A general practice trainee's qualification card on `comp`, uploaded `days_before_end`
    /// days before her employment `e` at a hospital department ended and confirmed by its main
    /// supervisor the next day, through the same use cases as in the app: the tutor sees which
    /// department vouched for it.
    pub(super) async fn confirmed_qualification_card(
        &mut self,
        username: &str,
        comp: &Comp,
        e: &Emp,
        days_before_end: u64,
    ) -> Result<(), AppError> {
        let trainee = self.person(username)?;
        let day = e.end - Days::new(days_before_end);
        let user = self.user(trainee, day).await?;
        let competency = comp.id;
        let target = UploadTarget::CompetencyCard { trainee, competency };
        let bytes = logbog_files::check::samples::pdf("Kvalifikationskort, udfyldt af afdelingen");
        let file = store_bytes(&self.files, target, "Kvalifikationskort-akutafdelingen.pdf", bytes).await?;
        let uploaded_at = self.at(day, 14, 5);
        let card = crate::documents::add_card_in(
            &mut *self.conn,
            uploaded_at,
            self.quota,
            &user,
            trainee,
            competency,
            None,
            &file,
        )
        .await?;
        let supervisor = *self
            .site(e.site)?
            .supervisors
            .first()
            .ok_or_else(|| AppError::Internal("the department has no supervisor".into()))?;
        let next_day = day + Days::new(1);
        let supervisor = self.user(supervisor, next_day).await?;
        let confirmed_at = self.at(next_day, 9, 40);
        crate::documents::confirm_card_in(&mut *self.conn, confirmed_at, &supervisor, card).await?;
        Ok(())
    }
}
