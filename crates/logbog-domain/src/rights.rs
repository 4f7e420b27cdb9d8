//! Who may approve what, and when (DOMAIN §5–§7): plain functions over facts the caller has
//! loaded, each answering `Ok(())` or the reason for a refusal.

use crate::dates::last_month_opens;
use crate::{PersonId, PostgraduateRegion, Role};
use chrono::NaiveDate;
use serde::Serialize;
use thiserror::Error;

/// Why an approval, return or reset is refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Error, Serialize)]
#[serde(tag = "reason", rename_all = "snake_case")]
pub enum Denied {
    #[error("nobody approves their own items")]
    OwnItem,
    #[error("this role does not approve this kind of item")]
    RoleCannotApprove { role: Role },
    #[error("supervisors never approve time attestations")]
    SupervisorNeverApprovesTime,
    #[error("no current access to the trainee in this role")]
    NoCurrentRelation { role: Role },
    #[error("not the training lead or tutor of the employment's site")]
    NotTheEmploymentsSite,
    #[error("approval opens {opens_on}, in the employment's last month")]
    TimeAttestationNotYetOpen { opens_on: NaiveDate },
    #[error(
        "in general practice the tutor approves the competencies; hospital departments fill in qualification cards"
    )]
    GeneralPracticeTutorApproves,
    #[error("already approved; a wrong approval is reset by the regional secretariat first")]
    AlreadyApproved,
    #[error("only the secretariat of the trainee's region resets approvals")]
    OtherRegion,
    #[error("the written request's reference and a reason are required")]
    ReferenceAndReasonRequired,
    #[error("nothing to reset: the item is not approved")]
    NotApproved,
    #[error("only the regional secretariat resets approvals")]
    OnlySecretariatResets,
    #[error("nobody gives, changes or ends access to their own logbook")]
    OwnLogbookAccess,
    #[error("an approval rests on this document: it can be replaced, not deleted")]
    DocumentIsBasis,
    #[error("a note is shared only with the trainee's current supervisors, tutors and training leads")]
    NoteOnlyForApprovers,
    #[error("only the specialty's course leaders and the secretariats publish its files")]
    NotAPublisher,
    #[error("only qualification cards of general practice are confirmed by a hospital department")]
    NotAQualificationCard,
    #[error(
        "a qualification card is confirmed by a supervisor or training lead of the hospital department where the trainee works"
    )]
    NotAHospitalDepartment,
    #[error("the card is confirmed already")]
    AlreadyConfirmed,
}

/// The roles that approve items: supervisors, training leads and tutors (DOMAIN §6).
pub const APPROVER_ROLES: [Role; 3] = [Role::Supervisor, Role::TrainingLead, Role::Tutor];

/// The specialty code of general practice (almen medicin), whose competencies the tutor approves.
pub const GENERAL_PRACTICE: &str = "almen-medicin";

/// What a decision needs to know of the item besides who decides.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ItemFacts {
    /// A competency; in general practice (almen medicin) only the tutor approves (DOMAIN §10).
    Competency { general_practice: bool },
    /// The time attestation of an employment ending on `employment_end` (DOMAIN §5).
    TimeAttestation { employment_end: NaiveDate },
}

/// The facts that decide whether `actor`, in `role`, may decide (approve or return) an item of
/// `trainee`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Decision {
    pub actor: PersonId,
    pub trainee: PersonId,
    /// The role the actor decides in.
    pub role: Role,
    /// Whether the actor holds that role's relation today: for a competency a supervision in
    /// force (supervisor) or the trainee employed today at a site the actor leads (training
    /// lead) or tutors (tutor); for a time attestation the role held for the employment's site.
    pub relation_current: bool,
    pub item: ItemFacts,
    pub today: NaiveDate,
}

/// May the actor decide a request about this item in this role: approve it once it is due, or
/// return it? The one rule behind the work list, approving, returning, reporting ready (to whom
/// the trainee may report) and whether a waiting request still has someone who can decide it.
pub fn may_decide(d: &Decision) -> Result<(), Denied> {
    if d.actor == d.trainee {
        return Err(Denied::OwnItem);
    }
    match d.item {
        ItemFacts::Competency { general_practice } => {
            if !APPROVER_ROLES.contains(&d.role) {
                return Err(Denied::RoleCannotApprove { role: d.role });
            }
            if general_practice && d.role != Role::Tutor {
                return Err(Denied::GeneralPracticeTutorApproves);
            }
            if !d.relation_current {
                return Err(Denied::NoCurrentRelation { role: d.role });
            }
        }
        ItemFacts::TimeAttestation { .. } => {
            match d.role {
                Role::TrainingLead | Role::Tutor => {}
                Role::Supervisor => return Err(Denied::SupervisorNeverApprovesTime),
                role => return Err(Denied::RoleCannotApprove { role }),
            }
            if !d.relation_current {
                return Err(Denied::NotTheEmploymentsSite);
            }
        }
    }
    Ok(())
}

/// May the item be approved now (DOMAIN §5–§6)? Whoever may decide it, once it is due (a time
/// attestation from the first day of the employment's last month; late is fine), and never
/// twice: a wrong approval is reset first.
pub fn may_approve(d: &Decision, already_approved: bool) -> Result<(), Denied> {
    may_decide(d)?;
    if let ItemFacts::TimeAttestation { employment_end } = d.item {
        let opens_on = last_month_opens(employment_end);
        if d.today < opens_on {
            return Err(Denied::TimeAttestationNotYetOpen { opens_on });
        }
    }
    if already_approved {
        return Err(Denied::AlreadyApproved);
    }
    Ok(())
}

/// The closest role in which a person with these relations to a trainee views the logbook, or
/// `wanted` when they hold it: supervisor before tutor, training lead and secretariat.
pub fn viewing_role(relations: &[Role], wanted: Option<Role>) -> Option<Role> {
    const ORDER: [Role; 4] = [Role::Supervisor, Role::Tutor, Role::TrainingLead, Role::Secretariat];
    wanted
        .filter(|r| ORDER.contains(r) && relations.contains(r))
        .or_else(|| ORDER.into_iter().find(|r| relations.contains(r)))
}

/// The facts that decide a reset (nulstilling).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Reset<'a> {
    /// The regions whose secretariat the actor is part of today (none: not a secretariat).
    pub actor_regions: &'a [PostgraduateRegion],
    /// The regions where the trainee has a programme.
    pub trainee_regions: &'a [PostgraduateRegion],
    pub request_reference: &'a str,
    pub reason: &'a str,
    pub approved: bool,
}

/// May an approval be reset? Only by the secretariat of the trainee's region, on a written
/// request (its reference) and with a reason.
pub fn may_reset(f: &Reset<'_>) -> Result<(), Denied> {
    if f.actor_regions.is_empty() {
        return Err(Denied::OnlySecretariatResets);
    }
    if !f.trainee_regions.iter().any(|r| f.actor_regions.contains(r)) {
        return Err(Denied::OtherRegion);
    }
    if f.request_reference.trim().is_empty() || f.reason.trim().is_empty() {
        return Err(Denied::ReferenceAndReasonRequired);
    }
    if !f.approved {
        return Err(Denied::NotApproved);
    }
    Ok(())
}

/// May `actor` give, change or end someone's access to `trainee`'s logbook? Never to their own
/// logbook, whatever other role they hold (DOMAIN §7).
pub fn may_manage_access(actor: PersonId, trainee: PersonId) -> Result<(), Denied> {
    if actor == trainee {
        return Err(Denied::OwnLogbookAccess);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    fn people() -> (PersonId, PersonId) {
        (PersonId::new(), PersonId::new())
    }

    fn competency(role: Role, relation_current: bool) -> Decision {
        let (actor, trainee) = people();
        Decision {
            actor,
            trainee,
            role,
            relation_current,
            item: ItemFacts::Competency {
                general_practice: false,
            },
            today: d("2027-01-15"),
        }
    }

    fn approve(f: &Decision) -> Result<(), Denied> {
        may_approve(f, false)
    }

    /// RULES-EXAMPLES.md, "Competency approval", row by row.
    #[test]
    fn rules_examples_competency_approval() {
        assert_eq!(approve(&competency(Role::Supervisor, true)), Ok(()));
        assert_eq!(
            approve(&competency(Role::Supervisor, false)),
            Err(Denied::NoCurrentRelation { role: Role::Supervisor })
        );
        assert_eq!(approve(&competency(Role::TrainingLead, true)), Ok(()));
        assert_eq!(
            approve(&competency(Role::TrainingLead, false)),
            Err(Denied::NoCurrentRelation {
                role: Role::TrainingLead
            }),
            "employed there earlier, not now"
        );
        assert_eq!(approve(&competency(Role::Tutor, true)), Ok(()));
        let mut own = competency(Role::Supervisor, true);
        own.trainee = own.actor;
        assert_eq!(approve(&own), Err(Denied::OwnItem));
        assert_eq!(
            approve(&competency(Role::Secretariat, true)),
            Err(Denied::RoleCannotApprove {
                role: Role::Secretariat
            })
        );
        assert_eq!(
            may_approve(&competency(Role::Supervisor, true), true),
            Err(Denied::AlreadyApproved)
        );
        // Returning an approved item's stale request is still a decision the approver may take.
        assert_eq!(may_decide(&competency(Role::Supervisor, true)), Ok(()));
    }

    /// DOMAIN §6 and §10: in general practice the tutor approves every competency; a hospital
    /// supervisor or training lead of the trainee gives qualification cards, not approvals.
    #[test]
    fn general_practice_competencies_are_approved_by_the_tutor() {
        let gp = |role| Decision {
            item: ItemFacts::Competency { general_practice: true },
            ..competency(role, true)
        };
        assert_eq!(approve(&gp(Role::Tutor)), Ok(()));
        assert_eq!(
            approve(&gp(Role::Supervisor)),
            Err(Denied::GeneralPracticeTutorApproves)
        );
        assert_eq!(
            approve(&gp(Role::TrainingLead)),
            Err(Denied::GeneralPracticeTutorApproves)
        );
        assert_eq!(may_approve(&gp(Role::Tutor), true), Err(Denied::AlreadyApproved));
        let mut gp_no_relation = gp(Role::Tutor);
        gp_no_relation.relation_current = false;
        assert_eq!(
            approve(&gp_no_relation),
            Err(Denied::NoCurrentRelation { role: Role::Tutor })
        );
        // The same rule decides whom a trainee may report to, and returns.
        assert_eq!(
            may_decide(&gp(Role::Supervisor)),
            Err(Denied::GeneralPracticeTutorApproves)
        );
    }

    fn time(role: Role, leads: bool, end: &str, today: &str) -> Decision {
        let (actor, trainee) = people();
        Decision {
            actor,
            trainee,
            role,
            relation_current: leads,
            item: ItemFacts::TimeAttestation { employment_end: d(end) },
            today: d(today),
        }
    }

    /// RULES-EXAMPLES.md, "Time attestation", row by row.
    #[test]
    fn rules_examples_time_attestation() {
        assert_eq!(
            approve(&time(Role::TrainingLead, true, "2027-03-31", "2027-02-28")),
            Err(Denied::TimeAttestationNotYetOpen {
                opens_on: d("2027-03-01")
            })
        );
        assert_eq!(
            approve(&time(Role::TrainingLead, true, "2027-03-31", "2027-03-01")),
            Ok(())
        );
        assert_eq!(
            approve(&time(Role::TrainingLead, true, "2027-03-31", "2027-05-10")),
            Ok(())
        );
        assert_eq!(
            approve(&time(Role::TrainingLead, true, "2027-03-15", "2027-02-16")),
            Ok(())
        );
        assert_eq!(
            approve(&time(Role::Supervisor, true, "2027-03-31", "2027-03-20")),
            Err(Denied::SupervisorNeverApprovesTime)
        );
        assert_eq!(
            approve(&time(Role::TrainingLead, false, "2027-03-31", "2027-03-20")),
            Err(Denied::NotTheEmploymentsSite)
        );
        assert_eq!(approve(&time(Role::Tutor, true, "2027-03-31", "2027-03-20")), Ok(()));
        // Before the window opens the lead may still return an early request.
        assert_eq!(
            may_decide(&time(Role::TrainingLead, true, "2027-03-31", "2027-02-28")),
            Ok(())
        );
    }

    fn reset<'a>(actor: &'a [PostgraduateRegion], reference: &'a str, reason: &'a str) -> Reset<'a> {
        Reset {
            actor_regions: actor,
            trainee_regions: &[PostgraduateRegion::Syd],
            request_reference: reference,
            reason,
            approved: true,
        }
    }

    /// RULES-EXAMPLES.md, "Reset", row by row.
    #[test]
    fn rules_examples_reset() {
        let syd = [PostgraduateRegion::Syd];
        assert_eq!(may_reset(&reset(&syd, "J.nr. 1", "Fejl")), Ok(()));
        assert_eq!(
            may_reset(&reset(&[PostgraduateRegion::Oest], "J.nr. 1", "Fejl")),
            Err(Denied::OtherRegion)
        );
        assert_eq!(
            may_reset(&reset(&syd, "J.nr. 1", "  ")),
            Err(Denied::ReferenceAndReasonRequired)
        );
        let mut not_approved = reset(&syd, "J.nr. 1", "Fejl");
        not_approved.approved = false;
        assert_eq!(may_reset(&not_approved), Err(Denied::NotApproved));
        assert_eq!(
            may_reset(&reset(&[], "J.nr. 1", "Fejl")),
            Err(Denied::OnlySecretariatResets),
            "a supervisor, training lead or anyone outside a secretariat"
        );
        let both = [PostgraduateRegion::Oest, PostgraduateRegion::Syd];
        assert_eq!(may_reset(&reset(&both, "J.nr. 1", "Fejl")), Ok(()));
    }

    #[test]
    fn nobody_manages_access_to_their_own_logbook() {
        let (a, b) = people();
        assert_eq!(may_manage_access(a, a), Err(Denied::OwnLogbookAccess));
        assert_eq!(may_manage_access(a, b), Ok(()));
    }

    #[test]
    fn the_viewing_role_is_the_one_asked_for_when_held() {
        let both = [Role::TrainingLead, Role::Supervisor];
        assert_eq!(viewing_role(&both, None), Some(Role::Supervisor));
        assert_eq!(viewing_role(&both, Some(Role::TrainingLead)), Some(Role::TrainingLead));
        assert_eq!(viewing_role(&both, Some(Role::Tutor)), Some(Role::Supervisor));
        assert_eq!(viewing_role(&[], Some(Role::Tutor)), None);
        assert_eq!(viewing_role(&[Role::Trainee], None), None);
    }

    proptest! {
        /// Exhaustive over roles and facts: only supervisors, training leads and tutors with a
        /// current relation approve competencies, never their own, never twice.
        #[test]
        fn competency_approval_is_exactly_the_rule(role_i in 0usize..Role::ALL.len(), relation in any::<bool>(), approved in any::<bool>(), own in any::<bool>(), gp in any::<bool>()) {
            let role = Role::ALL[role_i];
            let (actor, other) = people();
            let f = Decision { actor, trainee: if own { actor } else { other }, role, relation_current: relation, item: ItemFacts::Competency { general_practice: gp }, today: d("2027-01-01") };
            let allowed = !own
                && if gp { role == Role::Tutor } else { APPROVER_ROLES.contains(&role) }
                && relation
                && !approved;
            prop_assert_eq!(may_approve(&f, approved).is_ok(), allowed);
            // Deciding is approving without the "not twice" part.
            prop_assert_eq!(may_decide(&f).is_ok(), allowed || (approved && may_approve(&f, false).is_ok()));
        }

        /// Time attestations: never before the last month, never by a supervisor.
        #[test]
        fn time_attestation_opens_in_the_last_month(end_days in 0i64..20_000, offset in -90i64..90, role_i in 0usize..Role::ALL.len()) {
            let end = d("1990-01-01") + chrono::Duration::days(end_days);
            let today = end + chrono::Duration::days(offset);
            let role = Role::ALL[role_i];
            let (actor, trainee) = people();
            let f = Decision { actor, trainee, role, relation_current: true, item: ItemFacts::TimeAttestation { employment_end: end }, today };
            let result = may_approve(&f, false);
            if role == Role::Supervisor {
                prop_assert_eq!(result, Err(Denied::SupervisorNeverApprovesTime));
            } else if matches!(role, Role::TrainingLead | Role::Tutor) {
                prop_assert_eq!(result.is_ok(), today >= last_month_opens(end));
            } else {
                prop_assert!(result.is_err());
            }
        }
    }
}
