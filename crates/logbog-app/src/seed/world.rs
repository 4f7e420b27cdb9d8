//! The national dataset's training sites and their staff: departments of the hospitals by
//! specialty and general practices in the three regions, each with its training lead or tutor
//! (given the site by the region's secretariat when the history begins) and supervisors; and
//! the demo's sites whose demo accounts get heavy workloads.

use super::Plan;
use super::names::{self, rng, uuid_at};
use crate::reference_data::{self, ReferenceIds};
use crate::{AppError, demo};
use chrono::{DateTime, NaiveDate, Utc};
use logbog_db::bulk::{AccountRow, GrantRow, PersonRow, SiteRow};
use logbog_db::{Conn, accounts, reference};
use logbog_domain::{AccountId, GrantId, PersonId, PostgraduateRegion, Role, SiteId, SiteKind, SpecialtyId};
use rand::Rng;
use rand::rngs::StdRng;
use std::collections::HashMap;

/// The random stream of the world.
const WORLD: u64 = 1;

/// A training site as the history uses it.
#[derive(Debug, Clone)]
pub(super) struct SiteW {
    pub(super) id: SiteId,
    pub(super) kind: SiteKind,
    pub(super) region: PostgraduateRegion,
    pub(super) specialty: Option<SpecialtyId>,
    pub(super) lead: PersonId,
    pub(super) lead_role: Role,
    pub(super) supervisors: Vec<PersonId>,
}

/// A site role given by a secretariat through the use case, to be written to the audit trail.
#[derive(Debug, Clone)]
pub(super) struct SiteGrant {
    pub(super) grant: GrantId,
    pub(super) site: usize,
    pub(super) by: PersonId,
}

/// The demo accounts that get heavy workloads, and their sites.
#[derive(Debug, Clone)]
pub(super) struct Heavy {
    /// The cardiology department of uao.kardiologi and vejleder.hansen.
    pub(super) cardiology: usize,
    pub(super) hansen: PersonId,
    /// The anaesthesiology department of uao.anaestesi.
    pub(super) anaesthesia: usize,
    /// The practice of tutor.praksis.
    pub(super) practice: usize,
    pub(super) hu3: PersonId,
}

/// Rows to store once, in the first transaction.
#[derive(Debug, Default)]
pub(super) struct WorldRows {
    pub(super) people: Vec<PersonRow>,
    pub(super) accounts: Vec<AccountRow>,
    pub(super) grants: Vec<GrantRow>,
    pub(super) sites: Vec<SiteRow>,
}

pub(super) struct World {
    pub(super) sites: Vec<SiteW>,
    /// Generated departments by (specialty, region), practices by region, departments by region.
    pub(super) departments: HashMap<(SpecialtyId, PostgraduateRegion), Vec<usize>>,
    pub(super) practices: HashMap<PostgraduateRegion, Vec<usize>>,
    pub(super) hospital_departments: HashMap<PostgraduateRegion, Vec<usize>>,
    pub(super) secretariats: HashMap<PostgraduateRegion, PersonId>,
    pub(super) names: HashMap<PersonId, String>,
    pub(super) heavy: Heavy,
    pub(super) site_grants: Vec<SiteGrant>,
    pub(super) rows: WorldRows,
    /// People numbered so far (usernames, authorisation ids).
    pub(super) people: u32,
    /// CPR numbers of the demo's people, not to be issued again.
    pub(super) demo_cprs: Vec<String>,
    pub(super) specialties: Vec<(SpecialtyId, String)>,
}

const TOWNS: &[(PostgraduateRegion, &str, &str)] = &[
    (PostgraduateRegion::Nord, "8000", "Aarhus C"),
    (PostgraduateRegion::Nord, "9000", "Aalborg"),
    (PostgraduateRegion::Nord, "8800", "Viborg"),
    (PostgraduateRegion::Nord, "7400", "Herning"),
    (PostgraduateRegion::Nord, "8700", "Horsens"),
    (PostgraduateRegion::Syd, "5000", "Odense C"),
    (PostgraduateRegion::Syd, "6700", "Esbjerg"),
    (PostgraduateRegion::Syd, "7100", "Vejle"),
    (PostgraduateRegion::Syd, "6000", "Kolding"),
    (PostgraduateRegion::Syd, "5700", "Svendborg"),
    (PostgraduateRegion::Oest, "2100", "København Ø"),
    (PostgraduateRegion::Oest, "4000", "Roskilde"),
    (PostgraduateRegion::Oest, "3400", "Hillerød"),
    (PostgraduateRegion::Oest, "4700", "Næstved"),
    (PostgraduateRegion::Oest, "4600", "Køge"),
];
const STREETS: &[&str] = &[
    "Jernbanegade",
    "Vestergade",
    "Østergade",
    "Søndergade",
    "Nørregade",
    "Algade",
    "Torvet",
    "Kirkevej",
    "Skolegade",
    "Strandvejen",
    "Bygaden",
    "Møllevej",
];
/// Specialties with many departments (weight 2; the others 1).
const LARGE: &[&str] = &[
    "Akutmedicin",
    "Anæstesiologi",
    "Kirurgi",
    "Ortopædisk kirurgi",
    "Pædiatri",
    "Psykiatri",
    "Gynækologi og obstetrik",
    "Radiologi",
    "Neurologi",
    "Intern medicin: kardiologi",
];

const REGIONS: [PostgraduateRegion; 3] = [
    PostgraduateRegion::Nord,
    PostgraduateRegion::Syd,
    PostgraduateRegion::Oest,
];

async fn demo_person(conn: &mut Conn, username: &str) -> Result<accounts::Account, AppError> {
    accounts::find_by_username(conn, username)
        .await?
        .ok_or_else(|| AppError::Internal(format!("demo account {username} is missing; was the demo data seeded?")))
}

/// The site a demo account holds `role` at.
async fn demo_site(
    conn: &mut Conn,
    person: PersonId,
    role: Role,
    lead_role: Role,
    supervisors: Vec<PersonId>,
) -> Result<SiteW, AppError> {
    let grant = accounts::grants_of(conn, person)
        .await?
        .into_iter()
        .find(|g| g.role == role)
        .ok_or_else(|| AppError::Internal(format!("demo person {person} holds no {role} grant")))?;
    let id: SiteId = grant
        .scope_id
        .as_deref()
        .and_then(|s| s.parse().ok())
        .ok_or_else(|| AppError::Internal("a site grant without a site".into()))?;
    let site = reference::find_site(conn, id)
        .await?
        .ok_or_else(|| AppError::Internal(format!("site {id} is missing")))?;
    Ok(SiteW {
        id,
        kind: site.kind,
        region: site.region,
        specialty: site.specialty_id,
        lead: person,
        lead_role,
        supervisors,
    })
}

struct Builder<'a> {
    plan: &'a Plan,
    rng: StdRng,
    now: DateTime<Utc>,
    since: NaiveDate,
    password_hash: &'a str,
    world: World,
}

impl Builder<'_> {
    /// A doctor on a site's staff with an account.
    fn staff(&mut self) -> PersonId {
        let female = self.rng.random_bool(0.5);
        let (given, family) = names::name(&mut self.rng, female);
        self.world.people += 1;
        let number = self.world.people;
        let id = PersonId(uuid_at(&mut self.rng, self.now));
        self.world.rows.people.push(PersonRow {
            id,
            given_name: given.into(),
            family_name: family.into(),
            cpr: None,
            authorisation_id: Some(demo::authorisation_id(100_000 + number)),
            email: Some(names::email(given, family, number)),
            created_at: self.now,
        });
        self.world.rows.accounts.push(AccountRow {
            id: AccountId(uuid_at(&mut self.rng, self.now)),
            person_id: id,
            username: names::username(given, family, number),
            password_hash: self.password_hash.to_owned(),
            created_at: self.now,
        });
        self.world.names.insert(id, format!("{given} {family}"));
        id
    }

    fn grant(&mut self, person: PersonId, role: Role, site: SiteId, by: PersonId) -> GrantId {
        let id = GrantId(uuid_at(&mut self.rng, self.now));
        self.world.rows.grants.push(GrantRow {
            id,
            person_id: person,
            role,
            scope_id: Some(site.to_string()),
            valid_from: self.since,
            valid_until: None,
            granted_by: Some(by),
            granted_at: names::instant(self.since, 9, 0),
        });
        id
    }

    /// A generated site with its lead, given the site by the region's secretariat, and
    /// `supervisors` supervisors, given the site's supervisor role by the lead.
    fn site(&mut self, row: SiteRow, supervisors: usize) -> Result<usize, AppError> {
        let secretariat = *self
            .world
            .secretariats
            .get(&row.region)
            .ok_or_else(|| AppError::Internal("a region without a secretariat".into()))?;
        let lead = self.staff();
        let lead_role = if row.kind.is_practice() {
            Role::Tutor
        } else {
            Role::TrainingLead
        };
        let index = self.world.sites.len();
        let grant = self.grant(lead, lead_role, row.id, secretariat);
        self.world.site_grants.push(SiteGrant {
            grant,
            site: index,
            by: secretariat,
        });
        let mut sups = Vec::with_capacity(supervisors);
        for _ in 0..supervisors {
            let s = self.staff();
            self.grant(s, Role::Supervisor, row.id, lead);
            sups.push(s);
        }
        self.world.sites.push(SiteW {
            id: row.id,
            kind: row.kind,
            region: row.region,
            specialty: row.specialty_id,
            lead,
            lead_role,
            supervisors: sups,
        });
        self.world.rows.sites.push(row);
        Ok(index)
    }

    /// More supervisors at a demo site, given the role by its lead.
    fn add_supervisors(&mut self, site: usize, count: usize) {
        let (id, lead) = (self.world.sites[site].id, self.world.sites[site].lead);
        for _ in 0..count {
            let s = self.staff();
            self.grant(s, Role::Supervisor, id, lead);
            self.world.sites[site].supervisors.push(s);
        }
    }
}

/// Build the world: read the demo's accounts and sites, and generate the rest with the world's
/// random stream. The same inputs give the same world, ids included.
pub(super) async fn build(
    conn: &mut Conn,
    plan: &Plan,
    refs: &ReferenceIds,
    seed: u64,
    now: DateTime<Utc>,
    since: NaiveDate,
    password_hash: &str,
) -> Result<World, AppError> {
    let mut secretariats = HashMap::new();
    for (region, username) in [
        (PostgraduateRegion::Nord, "sekretariat.nord"),
        (PostgraduateRegion::Syd, "sekretariat.syd"),
        (PostgraduateRegion::Oest, "sekretariat.oest"),
    ] {
        secretariats.insert(region, demo_person(conn, username).await?.person.id);
    }
    let mut names = HashMap::new();
    let mut demo_cprs = Vec::new();
    let mut ids = HashMap::new();
    for a in demo::demo_accounts() {
        let account = demo_person(conn, &a.username).await?;
        names.insert(account.person.id, account.person.full_name());
        demo_cprs.extend(account.person.cpr.as_ref().map(|c| c.full()));
        ids.insert(a.username, account.person.id);
    }
    let id = |u: &str| {
        ids.get(u)
            .copied()
            .ok_or_else(|| AppError::Internal(format!("demo account {u} is missing")))
    };
    let hansen = id("vejleder.hansen")?;
    let cardiology = demo_site(
        conn,
        id("uao.kardiologi")?,
        Role::TrainingLead,
        Role::TrainingLead,
        vec![hansen],
    )
    .await?;
    let anaesthesia = demo_site(
        conn,
        id("uao.anaestesi")?,
        Role::TrainingLead,
        Role::TrainingLead,
        vec![],
    )
    .await?;
    let practice = demo_site(conn, id("tutor.praksis")?, Role::Tutor, Role::Tutor, vec![]).await?;
    let mut specialties: Vec<(SpecialtyId, String)> = refs.specialties.iter().map(|(n, i)| (*i, n.clone())).collect();
    specialties.sort_by(|a, b| a.1.cmp(&b.1));
    let mut b = Builder {
        plan,
        rng: rng(seed, WORLD),
        now,
        since,
        password_hash,
        world: World {
            sites: vec![cardiology, anaesthesia, practice],
            departments: HashMap::new(),
            practices: HashMap::new(),
            hospital_departments: HashMap::new(),
            secretariats,
            names,
            heavy: Heavy {
                cardiology: 0,
                hansen,
                anaesthesia: 1,
                practice: 2,
                hu3: id("laege.hu3")?,
            },
            site_grants: Vec::new(),
            rows: WorldRows::default(),
            people: 0,
            demo_cprs,
            specialties: specialties.clone(),
        },
    };
    let extra = |n: usize| ((n as f64 * plan.scale).round() as usize).max(1);
    b.add_supervisors(0, extra(15));
    b.add_supervisors(1, extra(6));

    let mut hospitals: HashMap<PostgraduateRegion, Vec<_>> = HashMap::new();
    for row in reference_data::hospital_rows()? {
        let hid = *refs
            .hospitals
            .get(&row.name)
            .ok_or_else(|| AppError::Internal(format!("hospital {} is missing", row.name)))?;
        hospitals.entry(row.region).or_default().push(hid);
    }
    let clinical: Vec<&(SpecialtyId, String)> = specialties.iter().filter(|(_, n)| n != "Almen medicin").collect();
    let weight = |n: &str| if LARGE.contains(&n) { 2.0 } else { 1.0 };
    let total_weight: f64 = clinical.iter().map(|(_, n)| weight(n)).sum();
    let mut depts: Vec<(SpecialtyId, String, usize)> = clinical
        .iter()
        .map(|(id, n)| {
            let count = (plan.departments as f64 * weight(n) / total_weight).round() as usize;
            (*id, n.clone(), count.max(3))
        })
        .collect();
    let dept_total: usize = depts.iter().map(|d| d.2).sum();
    let per_dept = (plan.supervisors / dept_total.max(1)).max(1);
    let mut spare = plan.supervisors.saturating_sub(per_dept * dept_total);
    for (si, (specialty, name, count)) in depts.iter_mut().enumerate() {
        for k in 0..*count {
            let region = REGIONS[(si + k) % 3];
            let list = hospitals.get(&region).map(Vec::as_slice).unwrap_or_default();
            if list.is_empty() {
                return Err(AppError::Internal(format!("no hospital in region {region}")));
            }
            let hospital = list[(si * 7 + k / 3) % list.len()];
            let round = k / (3 * list.len());
            let mut site_name = format!("Afdeling for {}", name.to_lowercase());
            if round > 0 {
                site_name.push_str(&format!(", afsnit {}", round + 1));
            }
            let sups = per_dept + usize::from(spare > 0);
            spare = spare.saturating_sub(1);
            let row = SiteRow {
                id: SiteId(uuid_at(&mut b.rng, now)),
                kind: SiteKind::Department,
                name: site_name,
                hospital_id: Some(hospital),
                region,
                specialty_id: Some(*specialty),
                address: String::new(),
                created_at: now,
            };
            let index = b.site(row, sups)?;
            b.world.departments.entry((*specialty, region)).or_default().push(index);
            b.world.hospital_departments.entry(region).or_default().push(index);
        }
    }
    let general = specialties
        .iter()
        .find(|(_, n)| n == "Almen medicin")
        .map(|(id, _)| *id)
        .ok_or_else(|| AppError::Internal("no specialty of general practice".into()))?;
    for k in 0..plan.practices.max(3) {
        let region = REGIONS[k % 3];
        let towns: Vec<_> = TOWNS.iter().filter(|t| t.0 == region).collect();
        let (_, code, town) = towns[(k / 3) % towns.len()];
        let street = STREETS[b.rng.random_range(0..STREETS.len())];
        let number = b.rng.random_range(1..120);
        let row = SiteRow {
            id: SiteId(uuid_at(&mut b.rng, now)),
            kind: SiteKind::GeneralPractice,
            name: format!("Lægerne {street}, {town}"),
            hospital_id: None,
            region,
            specialty_id: Some(general),
            address: format!("{street} {number}, {code} {town}"),
            created_at: now,
        };
        let index = b.site(row, 0)?;
        b.world.practices.entry(region).or_default().push(index);
    }
    let _ = b.plan;
    Ok(b.world)
}
