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
}

/// The facts about an actor that decide a competency approval.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CompetencyApproval {
    pub actor: PersonId,
    pub trainee: PersonId,
    /// The role the actor approves in.
    pub role: Role,
    /// Whether the actor has that role's relation to the trainee today: a supervision in force
    /// (supervisor), the trainee employed today at a site the actor leads (training lead) or
    /// tutors (tutor).
    pub relation_current: bool,
    /// Whether a non-reset approval of the competency stands.
    pub already_approved: bool,
    /// Whether the competency belongs to a curriculum of general practice (almen medicin).
    pub general_practice: bool,
}

/// The specialty code of general practice (almen medicin), whose competencies the tutor approves.
pub const GENERAL_PRACTICE: &str = "almen-medicin";

/// May this competency be approved (DOMAIN §6)? The secretariat resets, it does not approve. In
/// general practice (DOMAIN §10) the tutor approves every competency; hospital supervisors and
/// training leads give qualification cards as the basis, not approvals.
pub fn may_approve_competency(f: &CompetencyApproval) -> Result<(), Denied> {
    if f.actor == f.trainee {
        return Err(Denied::OwnItem);
    }
    if !matches!(f.role, Role::Supervisor | Role::TrainingLead | Role::Tutor) {
        return Err(Denied::RoleCannotApprove { role: f.role });
    }
    if f.general_practice && f.role != Role::Tutor {
        return Err(Denied::GeneralPracticeTutorApproves);
    }
    if !f.relation_current {
        return Err(Denied::NoCurrentRelation { role: f.role });
    }
    if f.already_approved {
        return Err(Denied::AlreadyApproved);
    }
    Ok(())
}

/// The facts that decide an electronic time attestation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TimeAttestationApproval {
    pub actor: PersonId,
    pub trainee: PersonId,
    pub role: Role,
    /// Whether the actor holds `role` (training lead or tutor) for the employment's site today.
    pub leads_employment_site: bool,
    pub employment_end: NaiveDate,
    pub today: NaiveDate,
    pub already_approved: bool,
}

/// May the time attestation of an employment be approved (DOMAIN §5)? Only by the training
/// lead or tutor of its site, from the first day of its last month on (late is fine).
pub fn may_approve_time_attestation(f: &TimeAttestationApproval) -> Result<(), Denied> {
    if f.actor == f.trainee {
        return Err(Denied::OwnItem);
    }
    match f.role {
        Role::TrainingLead | Role::Tutor => {}
        Role::Supervisor => return Err(Denied::SupervisorNeverApprovesTime),
        role => return Err(Denied::RoleCannotApprove { role }),
    }
    if !f.leads_employment_site {
        return Err(Denied::NotTheEmploymentsSite);
    }
    let opens_on = last_month_opens(f.employment_end);
    if f.today < opens_on {
        return Err(Denied::TimeAttestationNotYetOpen { opens_on });
    }
    if f.already_approved {
        return Err(Denied::AlreadyApproved);
    }
    Ok(())
}

/// The facts that decide a reset (nulstilling).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Reset<'a> {
    pub role: Role,
    /// The regions whose secretariat the actor is part of today.
    pub actor_region: Option<PostgraduateRegion>,
    pub trainee_region: PostgraduateRegion,
    pub request_reference: &'a str,
    pub reason: &'a str,
    pub approved: bool,
}

/// May an approval be reset? Only by the secretariat of the trainee's region, on a written
/// request (its reference) and with a reason.
pub fn may_reset(f: &Reset<'_>) -> Result<(), Denied> {
    if f.role != Role::Secretariat {
        return Err(Denied::RoleCannotApprove { role: f.role });
    }
    if f.actor_region != Some(f.trainee_region) {
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

    fn competency(role: Role, relation_current: bool) -> CompetencyApproval {
        let (actor, trainee) = people();
        CompetencyApproval {
            actor,
            trainee,
            role,
            relation_current,
            already_approved: false,
            general_practice: false,
        }
    }

    /// RULES-EXAMPLES.md, "Competency approval", row by row.
    #[test]
    fn rules_examples_competency_approval() {
        assert_eq!(may_approve_competency(&competency(Role::Supervisor, true)), Ok(()));
        assert_eq!(
            may_approve_competency(&competency(Role::Supervisor, false)),
            Err(Denied::NoCurrentRelation { role: Role::Supervisor })
        );
        assert_eq!(may_approve_competency(&competency(Role::TrainingLead, true)), Ok(()));
        assert_eq!(
            may_approve_competency(&competency(Role::TrainingLead, false)),
            Err(Denied::NoCurrentRelation {
                role: Role::TrainingLead
            }),
            "employed there earlier, not now"
        );
        assert_eq!(may_approve_competency(&competency(Role::Tutor, true)), Ok(()));
        let mut own = competency(Role::Supervisor, true);
        own.trainee = own.actor;
        assert_eq!(may_approve_competency(&own), Err(Denied::OwnItem));
        assert_eq!(
            may_approve_competency(&competency(Role::Secretariat, true)),
            Err(Denied::RoleCannotApprove {
                role: Role::Secretariat
            })
        );
        let mut twice = competency(Role::Supervisor, true);
        twice.already_approved = true;
        assert_eq!(may_approve_competency(&twice), Err(Denied::AlreadyApproved));
    }

    /// DOMAIN §6 and §10: in general practice the tutor approves every competency; a hospital
    /// supervisor or training lead of the trainee gives qualification cards, not approvals.
    #[test]
    fn general_practice_competencies_are_approved_by_the_tutor() {
        let gp = |role| CompetencyApproval {
            general_practice: true,
            ..competency(role, true)
        };
        assert_eq!(may_approve_competency(&gp(Role::Tutor)), Ok(()));
        assert_eq!(
            may_approve_competency(&gp(Role::Supervisor)),
            Err(Denied::GeneralPracticeTutorApproves)
        );
        assert_eq!(
            may_approve_competency(&gp(Role::TrainingLead)),
            Err(Denied::GeneralPracticeTutorApproves)
        );
        let mut gp_twice = gp(Role::Tutor);
        gp_twice.already_approved = true;
        assert_eq!(may_approve_competency(&gp_twice), Err(Denied::AlreadyApproved));
        let mut gp_no_relation = gp(Role::Tutor);
        gp_no_relation.relation_current = false;
        assert_eq!(
            may_approve_competency(&gp_no_relation),
            Err(Denied::NoCurrentRelation { role: Role::Tutor })
        );
    }

    fn time(role: Role, leads: bool, end: &str, today: &str) -> TimeAttestationApproval {
        let (actor, trainee) = people();
        TimeAttestationApproval {
            actor,
            trainee,
            role,
            leads_employment_site: leads,
            employment_end: d(end),
            today: d(today),
            already_approved: false,
        }
    }

    /// RULES-EXAMPLES.md, "Time attestation", row by row.
    #[test]
    fn rules_examples_time_attestation() {
        assert_eq!(
            may_approve_time_attestation(&time(Role::TrainingLead, true, "2027-03-31", "2027-02-28")),
            Err(Denied::TimeAttestationNotYetOpen {
                opens_on: d("2027-03-01")
            })
        );
        assert_eq!(
            may_approve_time_attestation(&time(Role::TrainingLead, true, "2027-03-31", "2027-03-01")),
            Ok(())
        );
        assert_eq!(
            may_approve_time_attestation(&time(Role::TrainingLead, true, "2027-03-31", "2027-05-10")),
            Ok(())
        );
        assert_eq!(
            may_approve_time_attestation(&time(Role::TrainingLead, true, "2027-03-15", "2027-02-16")),
            Ok(())
        );
        assert_eq!(
            may_approve_time_attestation(&time(Role::Supervisor, true, "2027-03-31", "2027-03-20")),
            Err(Denied::SupervisorNeverApprovesTime)
        );
        assert_eq!(
            may_approve_time_attestation(&time(Role::TrainingLead, false, "2027-03-31", "2027-03-20")),
            Err(Denied::NotTheEmploymentsSite)
        );
        assert_eq!(
            may_approve_time_attestation(&time(Role::Tutor, true, "2027-03-31", "2027-03-20")),
            Ok(())
        );
    }

    fn reset<'a>(actor: Option<PostgraduateRegion>, reference: &'a str, reason: &'a str) -> Reset<'a> {
        Reset {
            role: Role::Secretariat,
            actor_region: actor,
            trainee_region: PostgraduateRegion::Syd,
            request_reference: reference,
            reason,
            approved: true,
        }
    }

    /// RULES-EXAMPLES.md, "Reset", row by row.
    #[test]
    fn rules_examples_reset() {
        assert_eq!(
            may_reset(&reset(Some(PostgraduateRegion::Syd), "J.nr. 1", "Fejl")),
            Ok(())
        );
        assert_eq!(
            may_reset(&reset(Some(PostgraduateRegion::Oest), "J.nr. 1", "Fejl")),
            Err(Denied::OtherRegion)
        );
        assert_eq!(
            may_reset(&reset(Some(PostgraduateRegion::Syd), "J.nr. 1", "  ")),
            Err(Denied::ReferenceAndReasonRequired)
        );
        let mut not_approved = reset(Some(PostgraduateRegion::Syd), "J.nr. 1", "Fejl");
        not_approved.approved = false;
        assert_eq!(may_reset(&not_approved), Err(Denied::NotApproved));
        let mut supervisor = reset(Some(PostgraduateRegion::Syd), "J.nr. 1", "Fejl");
        supervisor.role = Role::Supervisor;
        assert!(may_reset(&supervisor).is_err());
    }

    proptest! {
        /// Exhaustive over roles and facts: only supervisors, training leads and tutors with a
        /// current relation approve competencies, never their own, never twice.
        #[test]
        fn competency_approval_is_exactly_the_rule(role_i in 0usize..Role::ALL.len(), relation in any::<bool>(), approved in any::<bool>(), own in any::<bool>(), gp in any::<bool>()) {
            let role = Role::ALL[role_i];
            let (actor, other) = people();
            let f = CompetencyApproval { actor, trainee: if own { actor } else { other }, role, relation_current: relation, already_approved: approved, general_practice: gp };
            let allowed = !own
                && if gp { role == Role::Tutor } else { matches!(role, Role::Supervisor | Role::TrainingLead | Role::Tutor) }
                && relation
                && !approved;
            prop_assert_eq!(may_approve_competency(&f).is_ok(), allowed);
        }

        /// Time attestations: never before the last month, never by a supervisor.
        #[test]
        fn time_attestation_opens_in_the_last_month(end_days in 0i64..20_000, offset in -90i64..90, role_i in 0usize..Role::ALL.len()) {
            let end = d("1990-01-01") + chrono::Duration::days(end_days);
            let today = end + chrono::Duration::days(offset);
            let role = Role::ALL[role_i];
            let (actor, trainee) = people();
            let f = TimeAttestationApproval { actor, trainee, role, leads_employment_site: true, employment_end: end, today, already_approved: false };
            let result = may_approve_time_attestation(&f);
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
