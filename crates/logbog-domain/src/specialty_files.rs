//! Specialty-specific files (specialespecifikke filer, DOMAIN §9): the blank forms of a
//! curriculum (competency cards, checklists, in general practice DSAM's qualification cards)
//! that trainees download, fill in on paper and upload on the competency. They are published
//! by the course leaders of a specialty the curriculum serves and by secretariat staff; a new
//! version replaces the current one and the history keeps both.

use crate::rights::Denied;
use crate::{Role, SpecialtyId};

code_enum!(
    /// What a specialty file is.
    SpecialtyFileForm: "specialty file form" {
        CompetencyCard = "competency_card",
        Checklist = "checklist",
        QualificationCard = "qualification_card",
        Other = "other",
    }
);

/// May someone publish (upload, replace, withdraw) the specialty files of a curriculum that
/// serves `served`? A course leader of one of those specialties may, as course leader;
/// secretariat staff may for every curriculum (a curriculum of no specialty, such as the
/// foundation year's, has only them). Returns the role the publisher acts in.
pub fn may_publish(led_specialties: &[SpecialtyId], secretariat: bool, served: &[SpecialtyId]) -> Result<Role, Denied> {
    if led_specialties.iter().any(|s| served.contains(s)) {
        Ok(Role::CourseLeader)
    } else if secretariat {
        Ok(Role::Secretariat)
    } else {
        Err(Denied::NotAPublisher)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn the_specialtys_course_leaders_and_the_secretariats_publish() {
        let (cardio, anaest) = (SpecialtyId::new(), SpecialtyId::new());
        assert_eq!(may_publish(&[cardio], false, &[cardio]), Ok(Role::CourseLeader));
        assert_eq!(may_publish(&[cardio], true, &[cardio]), Ok(Role::CourseLeader));
        assert_eq!(may_publish(&[anaest], false, &[cardio]), Err(Denied::NotAPublisher));
        assert_eq!(may_publish(&[anaest], true, &[cardio]), Ok(Role::Secretariat));
        // The foundation year serves no specialty: only the secretariat publishes its files.
        assert_eq!(may_publish(&[cardio], false, &[]), Err(Denied::NotAPublisher));
        assert_eq!(may_publish(&[], true, &[]), Ok(Role::Secretariat));
        assert_eq!(may_publish(&[], false, &[cardio, anaest]), Err(Denied::NotAPublisher));
    }

    proptest! {
        #[test]
        fn a_course_leader_publishes_exactly_where_he_leads(
            led in proptest::collection::vec(0u8..6, 0..4),
            served in proptest::collection::vec(0u8..6, 0..4),
            secretariat: bool,
        ) {
            let ids: Vec<SpecialtyId> = (0..6).map(|_| SpecialtyId::new()).collect();
            let led: Vec<SpecialtyId> = led.iter().map(|i| ids[*i as usize]).collect();
            let served: Vec<SpecialtyId> = served.iter().map(|i| ids[*i as usize]).collect();
            let leads_one = led.iter().any(|s| served.contains(s));
            match may_publish(&led, secretariat, &served) {
                Ok(Role::CourseLeader) => prop_assert!(leads_one),
                Ok(Role::Secretariat) => prop_assert!(!leads_one && secretariat),
                Ok(other) => prop_assert!(false, "acts as {other:?}"),
                Err(d) => {
                    prop_assert_eq!(d, Denied::NotAPublisher);
                    prop_assert!(!leads_one && !secretariat);
                }
            }
        }
    }
}
