//! The demo's overviews of medical employment: two main-training trainees have added what lay
//! before their programmes (a PhD, a temporary post, a post abroad); one has marked her
//! overview complete, the other not yet. Added through the use cases, as the trainee.

use super::Seeder;
use crate::AppError;
use crate::overview::{EmploymentInput, add_employment_in, mark_complete_in};
use chrono::{Duration, Months};
use logbog_domain::overview::{Extent, OtherEmploymentKind};

impl Seeder<'_> {
    pub(super) async fn overview_of(&mut self, username: &str, complete: bool) -> Result<(), AppError> {
        let trainee = self.person(username)?;
        let Some(first) = logbog_db::employments::employments_of_trainee(&mut *self.conn, trainee)
            .await?
            .iter()
            .map(|e| e.start_date)
            .min()
        else {
            return Ok(());
        };
        let months_before = |m: u32| first.checked_sub_months(Months::new(m)).unwrap_or(first);
        let day_before = first - Duration::days(1);
        let entries = if complete {
            vec![
                (
                    OtherEmploymentKind::Research,
                    "Aarhus Universitet",
                    "Institut for Klinisk Medicin",
                    "Ph.d.-studerende",
                    months_before(48),
                    months_before(12) - Duration::days(1),
                    Extent::Percent(100),
                ),
                (
                    OtherEmploymentKind::Post,
                    "Regionshospitalet Randers",
                    "Medicinsk Afdeling",
                    "Reservelæge (vikariat)",
                    months_before(12),
                    day_before,
                    Extent::Percent(80),
                ),
            ]
        } else {
            vec![(
                OtherEmploymentKind::Abroad,
                "Karolinska Universitetssjukhuset, Stockholm",
                "Akutkliniken",
                "Underläkare",
                months_before(9),
                day_before,
                Extent::HoursPerWeek(40),
            )]
        };
        let at = self.at(self.today, 8, 15);
        let user = self.user(trainee, self.today).await?;
        for (kind, employer, department, position, start_date, end_date, extent) in entries {
            let input = EmploymentInput {
                kind,
                employer: employer.into(),
                department: department.into(),
                position: position.into(),
                start_date,
                end_date,
                extent,
            };
            add_employment_in(&mut *self.conn, at, &user, trainee, &input).await?;
        }
        if complete {
            let revision = logbog_db::overview::state(&mut *self.conn, trainee).await?.revision;
            mark_complete_in(&mut *self.conn, at, &user, trainee, revision).await?;
        }
        Ok(())
    }
}
