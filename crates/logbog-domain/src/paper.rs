//! Paper time attestations (DOMAIN §5): for an employment whose time was attested on paper,
//! the trainee uploads the paper and asks the secretariat of her region, which approves or
//! returns it; the current training lead or tutor of the employment's site may verify it
//! instead, by approving the time attestation with the paper as its basis. Either way the time
//! attestation then counts as approved.

use crate::dates::last_month_opens;
use crate::rights::Denied;
use chrono::NaiveDate;

code_enum!(
    /// Where a paper time attestation stands.
    PaperState: "paper attestation state" {
        /// Waiting for the secretariat (or the site's training lead or tutor).
        Waiting = "waiting",
        /// Approved: the employment's time attestation rests on it.
        Approved = "approved",
        /// Returned to the trainee with a comment; she may upload a better one.
        Returned = "returned",
    }
);

/// What the secretariat's decision on a paper needs to know.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SecretariatDecision {
    /// The decider is the trainee herself.
    pub own: bool,
    /// The decider is secretariat staff of the region of the employment's programme today.
    pub of_region: bool,
    pub employment_end: NaiveDate,
    pub today: NaiveDate,
}

/// May the secretariat approve or return a paper time attestation? Only staff of the
/// programme's region, never their own, and (as every time attestation) not before the first
/// day of the employment's last month: the paper attests time served.
pub fn secretariat_may_decide(d: &SecretariatDecision) -> Result<(), Denied> {
    if d.own {
        return Err(Denied::OwnItem);
    }
    if !d.of_region {
        return Err(Denied::OtherRegion);
    }
    let opens_on = last_month_opens(d.employment_end);
    if d.today < opens_on {
        return Err(Denied::TimeAttestationNotYetOpen { opens_on });
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    fn decision(own: bool, of_region: bool, today: &str) -> SecretariatDecision {
        SecretariatDecision {
            own,
            of_region,
            employment_end: d("2024-08-31"),
            today: d(today),
        }
    }

    #[test]
    fn the_regions_secretariat_decides_a_served_employment() {
        assert_eq!(secretariat_may_decide(&decision(false, true, "2026-11-26")), Ok(()));
        assert_eq!(
            secretariat_may_decide(&decision(false, true, "2024-08-01")),
            Ok(()),
            "the last month is open"
        );
        assert_eq!(
            secretariat_may_decide(&decision(false, true, "2024-07-31")),
            Err(Denied::TimeAttestationNotYetOpen {
                opens_on: d("2024-08-01")
            })
        );
        assert_eq!(
            secretariat_may_decide(&decision(false, false, "2026-11-26")),
            Err(Denied::OtherRegion)
        );
        assert_eq!(
            secretariat_may_decide(&decision(true, true, "2026-11-26")),
            Err(Denied::OwnItem),
            "staff who are also trainees never decide their own"
        );
    }

    proptest! {
        /// Allowed exactly when of the region, not one's own, and the last month has opened.
        #[test]
        fn allowed_only_with_every_fact(own: bool, of_region: bool, days in -400i64..400) {
            let today = d("2024-08-31") + chrono::Duration::days(days);
            let got = secretariat_may_decide(&SecretariatDecision { own, of_region, employment_end: d("2024-08-31"), today });
            prop_assert_eq!(got.is_ok(), !own && of_region && today >= d("2024-08-01"));
        }
    }
}
