//! Notes (notater) of daily progress (DOMAIN §9): private to the trainee unless she shares one
//! with chosen current approvers, who may read it while they remain her approvers.

use crate::Role;
use crate::rights::{APPROVER_ROLES, Denied};

/// May a note be shared with someone who holds these relations to the trainee today? Only
/// with a current supervisor, tutor or training lead: never with the secretariat, nor with
/// someone whose access has ended.
pub fn may_share_with(relations_today: &[Role]) -> Result<(), Denied> {
    if relations_today.iter().any(|r| APPROVER_ROLES.contains(r)) {
        Ok(())
    } else {
        Err(Denied::NoteOnlyForApprovers)
    }
}

/// May someone other than the trainee read her note? Only while it is shared with them and
/// they are one of her current approvers: a share outlives the access, the reading does not.
pub fn may_read_shared(shared_with_reader: bool, relations_today: &[Role]) -> bool {
    shared_with_reader && may_share_with(relations_today).is_ok()
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn shared_only_with_current_approvers() {
        assert!(may_share_with(&[Role::Supervisor]).is_ok());
        assert!(may_share_with(&[Role::Tutor]).is_ok());
        assert!(may_share_with(&[Role::Secretariat, Role::TrainingLead]).is_ok());
        assert_eq!(may_share_with(&[Role::Secretariat]), Err(Denied::NoteOnlyForApprovers));
        assert_eq!(may_share_with(&[]), Err(Denied::NoteOnlyForApprovers));
    }

    #[test]
    fn an_ended_access_hides_a_shared_note() {
        assert!(may_read_shared(true, &[Role::Supervisor]));
        assert!(!may_read_shared(true, &[]), "the supervision ended");
        assert!(
            !may_read_shared(false, &[Role::Supervisor]),
            "not shared with this supervisor"
        );
        assert!(!may_read_shared(true, &[Role::Secretariat]));
    }

    proptest! {
        /// Reading a shared note never needs more than sharing it did.
        #[test]
        fn reading_follows_sharing(roles in proptest::collection::vec(proptest::sample::select(Role::ALL.to_vec()), 0..4), shared: bool) {
            prop_assert_eq!(may_read_shared(shared, &roles), shared && may_share_with(&roles).is_ok());
            prop_assert!(!may_read_shared(false, &roles));
        }
    }
}
