//! The demo's documents: each main-training trainee's employment and training agreement, and
//! an addendum where the history has one (part-time), uploaded by the trainee as a small PDF
//! through the same checks and use case as a real upload.

use super::Seeder;
use crate::AppError;
use crate::documents::{AgreementInput, UploadTarget, add_agreement_in, store_bytes};
use chrono::NaiveDate;
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
}
