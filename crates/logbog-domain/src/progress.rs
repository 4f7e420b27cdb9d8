//! Progress of a trainee through the competencies of a phase or programme.

use crate::CompetencyState;
use serde::Serialize;

/// Counts of competencies by state.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Progress {
    pub total: u32,
    pub reported_ready: u32,
    pub approved: u32,
}

impl Progress {
    pub fn add(&mut self, state: CompetencyState) {
        self.total += 1;
        match state {
            CompetencyState::Approved => self.approved += 1,
            CompetencyState::ReportedReady => self.reported_ready += 1,
            CompetencyState::NotStarted => {}
        }
    }

    pub fn not_started(&self) -> u32 {
        self.total - self.approved - self.reported_ready
    }

    /// Approved share in whole percent, rounded down (100 only when all are approved).
    pub fn percent_approved(&self) -> u32 {
        (self.approved * 100).checked_div(self.total).unwrap_or(0)
    }
}

impl FromIterator<CompetencyState> for Progress {
    fn from_iter<I: IntoIterator<Item = CompetencyState>>(iter: I) -> Self {
        let mut p = Progress::default();
        for s in iter {
            p.add(s);
        }
        p
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn counts_states() {
        let p: Progress = [
            CompetencyState::Approved,
            CompetencyState::ReportedReady,
            CompetencyState::NotStarted,
            CompetencyState::Approved,
        ]
        .into_iter()
        .collect();
        assert_eq!((p.total, p.approved, p.reported_ready, p.not_started()), (4, 2, 1, 1));
        assert_eq!(p.percent_approved(), 50);
        assert_eq!(Progress::default().percent_approved(), 0);
    }

    proptest! {
        #[test]
        fn parts_add_up(states in proptest::collection::vec(0u8..3, 0..200)) {
            let p: Progress = states.iter().map(|s| match s { 0 => CompetencyState::NotStarted, 1 => CompetencyState::ReportedReady, _ => CompetencyState::Approved }).collect();
            prop_assert_eq!(p.total as usize, states.len());
            prop_assert_eq!(p.approved + p.reported_ready + p.not_started(), p.total);
            prop_assert!(p.percent_approved() <= 100);
            prop_assert_eq!(p.percent_approved() == 100, p.total > 0 && p.approved == p.total);
        }
    }
}
