//! The demo's paper time attestations: in each region a trainee has uploaded the paper of a
//! served employment whose time is not yet attested in the system, and it waits for that
//! region's secretariat. Uploaded through the same checks and use case as a real upload.

use super::Seeder;
use crate::AppError;
use crate::documents::{UploadTarget, store_bytes};
use crate::paper::submit_paper_in;
use logbog_domain::dates::last_month_opens;
use logbog_domain::{ItemRef, PostgraduateRegion};

impl Seeder<'_> {
    /// For each of `trainees` in turn, the first served employment without an approval or a
    /// request of its time attestation, one per region.
    pub(super) async fn papers_waiting(&mut self, trainees: &[&str]) -> Result<(), AppError> {
        let mut regions: Vec<PostgraduateRegion> = Vec::new();
        for username in trainees {
            let trainee = self.person(username)?;
            for e in logbog_db::employments::employments_of_trainee(&mut *self.conn, trainee).await? {
                let region = logbog_db::programmes::find_programme(&mut *self.conn, e.programme_id)
                    .await?
                    .ok_or(AppError::NotFound("programme"))?
                    .region;
                let item = ItemRef::TimeAttestation(e.id);
                if regions.contains(&region)
                    || last_month_opens(e.end_date) > self.today
                    || logbog_db::approvals::standing_approval(&mut *self.conn, trainee, item)
                        .await?
                        .is_some()
                    || logbog_db::requests::pending_request(&mut *self.conn, trainee, item)
                        .await?
                        .is_some()
                {
                    continue;
                }
                let at = self.at(self.today, 9, 10);
                let user = self.user(trainee, self.today).await?;
                let pdf = logbog_files::check::samples::pdf(&format!(
                    "Attestation for tidsmaessigt gennemfoert uddannelseselement, {}, {} - {}",
                    e.site_name, e.start_date, e.end_date
                ));
                let target = UploadTarget::PaperTimeAttestation {
                    trainee,
                    employment: e.id,
                };
                let file = store_bytes(&self.files, target, "Attestation for tid.pdf", pdf).await?;
                let message = "Attestationen blev givet på papir af den uddannelsesansvarlige overlæge, \
                               inden afdelingen kom på den elektroniske logbog.";
                submit_paper_in(&mut *self.conn, at, self.quota, &user, trainee, e.id, message, &file).await?;
                regions.push(region);
            }
        }
        Ok(())
    }
}
