//! Qualification cards (kvalifikationskort) in general practice (DOMAIN §6, §10): the tutor
//! approves every competency of the curriculum, on the basis of the qualification cards the
//! hospital departments fill in. The trainee uploads the filled card on the competency; a
//! supervisor or training lead of the hospital department where she works confirms it
//! electronically, so the tutor sees which department vouched for it.

use crate::rights::Denied;
use crate::{PersonId, Role, SiteKind};

/// A relation the confirmer holds to the trainee today: the role and the kind of site it is
/// held at (a supervision's site, or a site the trainee is employed at that the person leads).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Vouching {
    pub role: Role,
    pub site_kind: SiteKind,
}

/// The facts that decide whether `actor` may confirm a card of `trainee`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Confirmation<'a> {
    pub actor: PersonId,
    pub trainee: PersonId,
    /// Whether the card is on a competency of a general practice curriculum.
    pub general_practice: bool,
    /// The actor's relations to the trainee today, in the roles the actor holds grants of.
    pub relations: &'a [Vouching],
    /// Whether the card has been confirmed already (by anyone).
    pub confirmed: bool,
}

/// May the card be confirmed, and through which of the actor's relations? Only a qualification
/// card of general practice, never one's own, only by a supervisor or training lead of a
/// hospital department (not a practice: the tutor approves on the card, and does not vouch for
/// it), and once. Returns the index into `relations` of the relation the actor confirms in:
/// supervisor before training lead.
pub fn may_confirm(c: &Confirmation<'_>) -> Result<usize, Denied> {
    if c.actor == c.trainee {
        return Err(Denied::OwnItem);
    }
    if !c.general_practice {
        return Err(Denied::NotAQualificationCard);
    }
    let at_department = |role: Role| {
        c.relations
            .iter()
            .position(|v| v.role == role && v.site_kind == SiteKind::Department)
    };
    let chosen = at_department(Role::Supervisor)
        .or_else(|| at_department(Role::TrainingLead))
        .ok_or(Denied::NotAHospitalDepartment)?;
    if c.confirmed {
        return Err(Denied::AlreadyConfirmed);
    }
    Ok(chosen)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    const DEPT: SiteKind = SiteKind::Department;
    const GP: SiteKind = SiteKind::GeneralPractice;

    fn v(role: Role, site_kind: SiteKind) -> Vouching {
        Vouching { role, site_kind }
    }

    fn check(relations: &[Vouching], general_practice: bool, confirmed: bool) -> Result<usize, Denied> {
        may_confirm(&Confirmation {
            actor: PersonId::new(),
            trainee: PersonId::new(),
            general_practice,
            relations,
            confirmed,
        })
    }

    #[test]
    fn the_hospital_departments_supervisor_or_training_lead_confirms() {
        assert_eq!(check(&[v(Role::Supervisor, DEPT)], true, false), Ok(0));
        assert_eq!(check(&[v(Role::TrainingLead, DEPT)], true, false), Ok(0));
        // Supervisor first, whatever the order.
        assert_eq!(
            check(&[v(Role::TrainingLead, DEPT), v(Role::Supervisor, DEPT)], true, false),
            Ok(1)
        );
    }

    #[test]
    fn the_tutor_and_the_secretariat_do_not_vouch() {
        assert_eq!(
            check(&[v(Role::Tutor, GP)], true, false),
            Err(Denied::NotAHospitalDepartment)
        );
        assert_eq!(
            check(&[v(Role::Secretariat, DEPT)], true, false),
            Err(Denied::NotAHospitalDepartment)
        );
        // A supervisor in a practice is not a hospital department.
        assert_eq!(
            check(&[v(Role::Supervisor, GP)], true, false),
            Err(Denied::NotAHospitalDepartment)
        );
        assert_eq!(check(&[], true, false), Err(Denied::NotAHospitalDepartment));
    }

    #[test]
    fn only_general_practice_cards_once_and_never_ones_own() {
        assert_eq!(
            check(&[v(Role::Supervisor, DEPT)], false, false),
            Err(Denied::NotAQualificationCard)
        );
        assert_eq!(
            check(&[v(Role::Supervisor, DEPT)], true, true),
            Err(Denied::AlreadyConfirmed)
        );
        let me = PersonId::new();
        let own = Confirmation {
            actor: me,
            trainee: me,
            general_practice: true,
            relations: &[v(Role::Supervisor, DEPT)],
            confirmed: false,
        };
        assert_eq!(may_confirm(&own), Err(Denied::OwnItem));
    }

    fn role() -> impl Strategy<Value = Role> {
        prop::sample::select(vec![
            Role::Supervisor,
            Role::TrainingLead,
            Role::Tutor,
            Role::Secretariat,
            Role::Trainee,
        ])
    }

    fn kind() -> impl Strategy<Value = SiteKind> {
        prop::sample::select(vec![DEPT, GP, SiteKind::SpecialistPractice])
    }

    proptest! {
        #[test]
        fn a_confirmation_rests_on_a_department_relation(
            relations in prop::collection::vec((role(), kind()).prop_map(|(r, k)| v(r, k)), 0..5),
            general_practice: bool,
            confirmed: bool,
        ) {
            let vouches = |v: &Vouching| v.site_kind == DEPT && matches!(v.role, Role::Supervisor | Role::TrainingLead);
            match check(&relations, general_practice, confirmed) {
                Ok(i) => {
                    prop_assert!(general_practice && !confirmed);
                    prop_assert!(vouches(&relations[i]));
                    // The supervisor is chosen whenever the actor is one at a department.
                    if relations.iter().any(|r| r.role == Role::Supervisor && r.site_kind == DEPT) {
                        prop_assert_eq!(relations[i].role, Role::Supervisor);
                    }
                }
                Err(Denied::NotAQualificationCard) => prop_assert!(!general_practice),
                Err(Denied::NotAHospitalDepartment) => prop_assert!(general_practice && !relations.iter().any(vouches)),
                Err(Denied::AlreadyConfirmed) => prop_assert!(general_practice && confirmed && relations.iter().any(vouches)),
                Err(other) => prop_assert!(false, "unexpected {other:?}"),
            }
        }
    }
}
