//! The demo's training sites: departments and practices of the three regions, their training
//! leads and tutors, and their supervisors.

use super::{Seeder, missing};
use crate::{AppError, access};
use logbog_db::reference::{self, NewSite};
use logbog_domain::dates::sub_months;
use logbog_domain::{PersonId, PostgraduateRegion, Role, SiteId, SiteKind};

/// The demo's training sites.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(super) enum S {
    NordKard,
    NordAnae,
    NordAnaeAarhus,
    NordAnaeRanders,
    NordMed,
    NordAkut,
    NordPaed,
    NordGp,
    NordGp2,
    SydKard,
    SydKardVejle,
    SydAnae,
    SydMed,
    SydAkut,
    SydPaed,
    SydGp,
    SydGp2,
    OestKard,
    OestAnae,
    OestAnaeHilleroed,
    OestMed,
    OestAkut,
    OestPaed,
    OestGp,
    OestGp2,
    OestGp3,
}

/// A person on a site's staff: one of the demo accounts, or a doctor without an account.
#[derive(Debug, Clone, Copy)]
pub(super) enum Staff {
    Account(&'static str),
    Named(&'static str, &'static str),
}

pub(super) struct SiteSpec {
    pub(super) key: S,
    pub(super) kind: SiteKind,
    pub(super) name: &'static str,
    pub(super) hospital: Option<&'static str>,
    pub(super) region: PostgraduateRegion,
    pub(super) specialty: Option<&'static str>,
    pub(super) address: &'static str,
    /// The training lead of a department, the tutor of a practice.
    pub(super) lead: Staff,
    /// Supervisors; the first becomes the main supervisor of trainees employed there.
    pub(super) supervisors: &'static [Staff],
}

pub(super) const KARDIOLOGI: &str = "Intern medicin: kardiologi";
pub(super) const ANAESTESI: &str = "Anæstesiologi";
pub(super) const ALMEN: &str = "Almen medicin";

#[allow(clippy::too_many_arguments)]
pub(super) const fn dept(
    key: S,
    name: &'static str,
    hospital: &'static str,
    region: PostgraduateRegion,
    specialty: Option<&'static str>,
    address: &'static str,
    lead: Staff,
    supervisors: &'static [Staff],
) -> SiteSpec {
    SiteSpec {
        key,
        kind: SiteKind::Department,
        name,
        hospital: Some(hospital),
        region,
        specialty,
        address,
        lead,
        supervisors,
    }
}

pub(super) const fn practice(
    key: S,
    name: &'static str,
    region: PostgraduateRegion,
    address: &'static str,
    tutor: Staff,
) -> SiteSpec {
    SiteSpec {
        key,
        kind: SiteKind::GeneralPractice,
        name,
        hospital: None,
        region,
        specialty: Some(ALMEN),
        address,
        lead: tutor,
        supervisors: &[],
    }
}

pub(super) const AUH: &str = "Aarhus Universitetshospital";
pub(super) const AUH_ADDR: &str = "Palle Juul-Jensens Boulevard 99, 8200 Aarhus N";
pub(super) const AAUH: &str = "Aalborg Universitetshospital";
pub(super) const AAUH_ADDR: &str = "Hobrovej 18-22, 9000 Aalborg";
pub(super) const RANDERS: &str = "Regionshospitalet Randers";
pub(super) const RANDERS_ADDR: &str = "Skovlyvej 15, 8930 Randers NØ";
pub(super) const OUH: &str = "Odense Universitetshospital";
pub(super) const OUH_ADDR: &str = "J.B. Winsløws Vej 4, 5000 Odense C";
pub(super) const SLB: &str = "Sygehus Lillebælt";
pub(super) const SLB_ADDR: &str = "Beriderbakken 4, 7100 Vejle";
pub(super) const RH: &str = "Rigshospitalet";
pub(super) const RH_ADDR: &str = "Blegdamsvej 9, 2100 København Ø";

use PostgraduateRegion::{Nord, Oest, Syd};
use Staff::{Account, Named};

#[rustfmt::skip]
pub(super) const SITES: &[SiteSpec] = &[
    // Nord
    dept(S::NordKard, "Kardiologisk Afdeling", AUH, Nord, Some(KARDIOLOGI), AUH_ADDR, Named("Søren", "Iversen"), &[]),
    dept(S::NordAnae, "Anæstesiologisk Afdeling", AAUH, Nord, Some(ANAESTESI), AAUH_ADDR, Account("uao.anaestesi"), &[Named("Jakob", "Overgaard")]),
    dept(S::NordAnaeAarhus, "Anæstesiologisk Afdeling", AUH, Nord, Some(ANAESTESI), AUH_ADDR, Named("Tine", "Damgaard"), &[Named("Martin", "Kjeldsen")]),
    dept(S::NordAnaeRanders, "Anæstesiologisk Afdeling", RANDERS, Nord, Some(ANAESTESI), RANDERS_ADDR, Account("uao.anaestesi"), &[Named("Maja", "Winther")]),
    dept(S::NordMed, "Medicinsk Afdeling", RANDERS, Nord, None, RANDERS_ADDR, Named("Ole", "Bak"), &[Named("Nanna", "Kirk")]),
    dept(S::NordAkut, "Akutafdelingen", AAUH, Nord, Some("Akutmedicin"), AAUH_ADDR, Named("Marianne", "Krog"), &[Named("Christian", "Lauridsen")]),
    dept(S::NordPaed, "Pædiatrisk Afdeling", "Regionshospitalet Gødstrup", Nord, Some("Pædiatri"), "Hospitalsparken 15, 7400 Herning", Named("Helle", "Brandt"), &[]),
    practice(S::NordGp, "Lægerne Søndergade, Aalborg", Nord, "Søndergade 21, 9000 Aalborg", Named("Poul", "Dalsgaard")),
    practice(S::NordGp2, "Lægehuset Sct. Mathias Gade, Viborg", Nord, "Sct. Mathias Gade 40, 8800 Viborg", Named("Inger", "Skov")),
    // Syd
    dept(S::SydKard, "Kardiologisk Afdeling", OUH, Syd, Some(KARDIOLOGI), OUH_ADDR, Account("uao.kardiologi"), &[Account("vejleder.hansen"), Account("uao.kardiologi")]),
    dept(S::SydKardVejle, "Kardiologisk Afdeling", SLB, Syd, Some(KARDIOLOGI), SLB_ADDR, Named("Torben", "Friis"), &[]),
    dept(S::SydAnae, "Anæstesiologisk Afdeling", OUH, Syd, Some(ANAESTESI), OUH_ADDR, Named("Lene", "Storm"), &[]),
    dept(S::SydMed, "Medicinsk Afdeling", SLB, Syd, None, SLB_ADDR, Named("Niels", "Juhl"), &[Named("Pia", "Eriksen")]),
    dept(S::SydAkut, "Akutafdelingen", "Sydvestjysk Sygehus", Syd, Some("Akutmedicin"), "Finsensgade 35, 6700 Esbjerg", Named("Bo", "Lindholm"), &[Named("Malene", "Hviid")]),
    dept(S::SydPaed, "Pædiatrisk Afdeling", OUH, Syd, Some("Pædiatri"), OUH_ADDR, Named("Gitte", "Holst"), &[]),
    practice(S::SydGp, "Lægerne Vestergade, Svendborg", Syd, "Vestergade 12, 5700 Svendborg", Named("Erik", "Bundgaard")),
    practice(S::SydGp2, "Lægehuset Kongensgade, Esbjerg", Syd, "Kongensgade 88, 6700 Esbjerg", Named("Dorthe", "Riis")),
    // Øst
    dept(S::OestKard, "Kardiologisk Afdeling", RH, Oest, Some(KARDIOLOGI), RH_ADDR, Named("Henrik", "Steffensen"), &[]),
    dept(S::OestAnae, "Anæstesiologisk Afdeling", RH, Oest, Some(ANAESTESI), RH_ADDR, Named("Charlotte", "Wied"), &[Named("Thomas", "Falk")]),
    dept(S::OestAnaeHilleroed, "Anæstesiologisk Afdeling", "Nordsjællands Hospital", Oest, Some(ANAESTESI), "Dyrehavevej 29, 3400 Hillerød", Named("Jesper", "Koch"), &[Named("Lasse", "Kold")]),
    dept(S::OestMed, "Medicinsk Afdeling", "Herlev og Gentofte Hospital", Oest, None, "Borgmester Ib Juuls Vej 1, 2730 Herlev", Named("Anette", "Kirkegaard"), &[Named("Morten", "Holt")]),
    dept(S::OestAkut, "Akutafdelingen", "Bispebjerg og Frederiksberg Hospital", Oest, Some("Akutmedicin"), "Bispebjerg Bakke 23, 2400 København NV", Named("Rikke", "Boesen"), &[Named("Simon", "Bach")]),
    dept(S::OestPaed, "Pædiatrisk Afdeling", "Amager og Hvidovre Hospital", Oest, Some("Pædiatri"), "Kettegård Allé 30, 2650 Hvidovre", Named("Kasper", "Ravn"), &[Named("Julie", "Dam")]),
    practice(S::OestGp, "Lægerne Jernbanegade, Roskilde", Oest, "Jernbanegade 7, 4000 Roskilde", Account("tutor.praksis")),
    practice(S::OestGp2, "Lægehuset Algade, Køge", Oest, "Algade 31, 4600 Køge", Named("Vibeke", "Munk")),
    practice(S::OestGp3, "Lægerne Strandvejen, Hellerup", Oest, "Strandvejen 150, 2900 Hellerup", Named("Jørgen", "Brix")),
];

/// A site as created.
#[derive(Debug, Clone)]
pub(super) struct SiteInfo {
    pub(super) id: SiteId,
    pub(super) region: PostgraduateRegion,
    pub(super) lead: PersonId,
    pub(super) lead_role: Role,
    pub(super) supervisors: Vec<PersonId>,
}

impl SiteInfo {
    /// Who approves competencies of trainees employed here: the main supervisor and the lead.
    pub(super) fn approvers(&self) -> Vec<(PersonId, Role)> {
        let mut v: Vec<(PersonId, Role)> = self
            .supervisors
            .first()
            .map(|s| (*s, Role::Supervisor))
            .into_iter()
            .collect();
        v.push((self.lead, self.lead_role));
        v
    }
}

impl Seeder<'_> {
    /// The sites, their leads (given the site by the region's secretariat, through the use case,
    /// ten years back) and supervisors.
    pub(super) async fn sites(&mut self) -> Result<(), AppError> {
        let since = sub_months(self.month(0), 120);
        let at = self.at(since, 9, 0);
        for spec in SITES {
            let hospital_id = match spec.hospital {
                Some(name) => Some(*self.refs.hospitals.get(name).ok_or_else(|| missing("hospital", name))?),
                None => None,
            };
            let specialty_id = spec.specialty.map(|s| self.specialty(s)).transpose()?;
            let site = NewSite {
                kind: spec.kind,
                name: spec.name,
                hospital_id,
                region: spec.region,
                specialty_id,
                address: spec.address,
            };
            let id = reference::insert_site(&mut *self.conn, &site, self.now).await?;
            let scope = id.to_string();
            let lead = self.staff(spec.lead).await?;
            let lead_role = if spec.kind.is_practice() {
                Role::Tutor
            } else {
                Role::TrainingLead
            };
            let secretariat = self.secretariat(spec.region)?;
            let secretariat = self.user(secretariat, since).await?;
            let username = self.username(lead)?;
            access::grant_site_role_in(&mut *self.conn, at, &secretariat, &username, id, since, None).await?;
            let mut supervisors = Vec::with_capacity(spec.supervisors.len());
            for staff in spec.supervisors {
                let person = self.staff(*staff).await?;
                self.grant(person, Role::Supervisor, Some(&scope), since, Some(lead))
                    .await?;
                supervisors.push(person);
            }
            self.sites.insert(
                spec.key,
                SiteInfo {
                    id,
                    region: spec.region,
                    lead,
                    lead_role,
                    supervisors,
                },
            );
        }
        Ok(())
    }
}
