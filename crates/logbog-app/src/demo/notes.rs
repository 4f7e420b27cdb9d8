//! The demo's notes (notater): each main-training trainee has written a few in the last weeks,
//! one about a competency she works on and shared with her supervisor, one about her
//! supervision talk shared with her supervisor and the site's training lead or tutor (both
//! shared this morning), and one kept private. Written and shared through the use cases, as the trainee.

use super::Seeder;
use crate::AppError;
use crate::notes::{NoteInput, set_shares_in, write_note_in};
use chrono::Duration;
use logbog_domain::{ItemRef, Role};

impl Seeder<'_> {
    pub(super) async fn notes_of(&mut self, username: &str) -> Result<(), AppError> {
        let trainee = self.person(username)?;
        let approvers = logbog_db::requests::current_approvers(&mut *self.conn, trainee, self.today).await?;
        let supervisor = approvers
            .iter()
            .find(|a| a.role == Role::Supervisor)
            .map(|a| a.person_id);
        let lead = approvers
            .iter()
            .find(|a| a.role != Role::Supervisor)
            .map(|a| a.person_id);
        let pending = logbog_db::requests::pending_of_trainee(&mut *self.conn, trainee, self.today).await?;
        let competency = pending.iter().find_map(|r| match r.item {
            ItemRef::Competency(c) => Some(c),
            _ => None,
        });
        let notes: [(i64, Option<_>, &str, Vec<_>); 3] = [
            (
                16,
                None,
                "Vejledersamtale: vi gennemgik min uddannelsesplan for de næste tre måneder. \
                 Fokus på selvstændig stuegang og flere ambulante patienter; næste samtale om seks uger.",
                supervisor.into_iter().chain(lead).collect(),
            ),
            (
                9,
                competency,
                "Gennemgik kompetencen med min vejleder efter dagens ambulatorium. \
                 Vi aftalte, at jeg udfylder kompetencekortet og melder den klar.\n\
                 Læse op på retningslinjen inden næste uge.",
                supervisor.into_iter().collect(),
            ),
            (
                3,
                None,
                "Husk: tilmelding til det næste specialespecifikke kursus, og bed om kursusdage i vagtplanen.",
                Vec::new(),
            ),
        ];
        for (days_ago, competency, body, share_with) in notes {
            let day = self.today - Duration::days(days_ago);
            let at = self.at(day, 16, 30);
            let user = self.user(trainee, day).await?;
            let input = NoteInput {
                written_on: day,
                competency,
                body: body.to_owned(),
            };
            let note = write_note_in(&mut *self.conn, at, &user, trainee, &input).await?;
            if !share_with.is_empty() {
                // Shared this morning, with the approvers she has today.
                let now = self.at(self.today, 7, 5);
                let user = self.user(trainee, self.today).await?;
                set_shares_in(&mut *self.conn, now, &user, note, &share_with).await?;
            }
        }
        Ok(())
    }
}
