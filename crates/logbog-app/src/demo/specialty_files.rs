//! The demo's specialty-specific files: blank forms for the demo's curricula, published by
//! the cardiology course leader and by the secretariats through the same checks and use case
//! as a real upload, one of them in two versions.

use super::Seeder;
use crate::AppError;
use crate::documents::{SpecialtyFileInput, UploadTarget, publish_in, store_bytes};
use logbog_domain::DocumentId;
use logbog_domain::specialty_files::SpecialtyFileForm;

impl Seeder<'_> {
    /// Publish the demo's forms: cardiology's by `kursus.leder` (a card in two versions, a
    /// card per competency for the first competencies, a checklist), the foundation year's and
    /// general practice's qualification cards by `sekretariat.nord`.
    pub(super) async fn specialty_files(&mut self) -> Result<(), AppError> {
        let leader = self.person("kursus.leder")?;
        let secretariat = self.person("sekretariat.nord")?;
        let plan: [(&str, _, usize, SpecialtyFileForm, &str); 4] = [
            (
                "kardiologi-hu",
                leader,
                3,
                SpecialtyFileForm::CompetencyCard,
                "Kompetencekort",
            ),
            (
                "kbu",
                secretariat,
                2,
                SpecialtyFileForm::CompetencyCard,
                "Kompetencekort",
            ),
            (
                "almen-medicin-hu",
                secretariat,
                2,
                SpecialtyFileForm::QualificationCard,
                "Kvalifikationskort (DSAM)",
            ),
            (
                "anaestesiologi-hu",
                secretariat,
                1,
                SpecialtyFileForm::CompetencyCard,
                "Kompetencekort",
            ),
        ];
        for (code, by, cards, form, label) in plan {
            let Some(curriculum) = logbog_db::curricula::find_curriculum_by_code(&mut *self.conn, code).await? else {
                return Err(AppError::Internal(format!("the demo curriculum {code} is missing")));
            };
            let competencies = logbog_db::specialty_files::competencies_of(&mut *self.conn, curriculum).await?;
            for (i, (c, title_da, _)) in competencies.iter().take(cards).enumerate() {
                let days_back = 200 - 10 * i as u64;
                let first = self
                    .publish(
                        by,
                        curriculum,
                        days_back,
                        &format!("{label} {c}: {title_da}"),
                        form,
                        std::slice::from_ref(c),
                        None,
                    )
                    .await?;
                if code == "kardiologi-hu" && i == 0 {
                    // A revised card: the new version replaces the first; both stay.
                    self.publish(
                        by,
                        curriculum,
                        30,
                        &format!("{label} {c}: {title_da} (revideret)"),
                        form,
                        std::slice::from_ref(c),
                        Some(first),
                    )
                    .await?;
                }
            }
            if code == "kardiologi-hu" {
                self.publish(
                    by,
                    curriculum,
                    120,
                    "Tjekliste til fase 1",
                    SpecialtyFileForm::Checklist,
                    &[],
                    None,
                )
                .await?;
            }
        }
        Ok(())
    }

    #[allow(clippy::too_many_arguments)]
    async fn publish(
        &mut self,
        by: logbog_domain::PersonId,
        curriculum: logbog_domain::CurriculumId,
        days_back: u64,
        title: &str,
        form: SpecialtyFileForm,
        competencies: &[String],
        replaces: Option<DocumentId>,
    ) -> Result<DocumentId, AppError> {
        let day = self.today - chrono::Days::new(days_back);
        let at = self.at(day, 10, 5);
        let user = self.user(by, day).await?;
        let pdf = logbog_files::check::samples::pdf(title);
        let target = UploadTarget::SpecialtyFile { curriculum };
        let name = format!("{}.pdf", title.split(':').next().unwrap_or("Skema"));
        let file = store_bytes(&self.files, target, &name, pdf).await?;
        let input = SpecialtyFileInput {
            title: title.to_owned(),
            form,
            competencies: competencies.to_vec(),
            replaces,
        };
        // Were this to fail, the whole seed rolls back and the object is the sweep's.
        publish_in(&mut *self.conn, at, &user, curriculum, &input, &file).await
    }
}
