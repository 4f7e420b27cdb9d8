//! Demo data: curricula, training sites, staff and trainees at every stage of training, with
//! approvals, seeded once in one transaction with every date relative to today.

use crate::reference_data::{self, ReferenceIds};
use crate::{App, AppError};
use chrono::{DateTime, Datelike, Days, NaiveDate, NaiveTime, Utc};
use chrono_tz::Europe::Copenhagen;
use logbog_db::accounts::{self, NewGrant, NewPerson};
use logbog_db::approvals::{self, NewApproval};
use logbog_db::curricula::{self, Competency};
use logbog_db::employments::{self, Leave, NewEmployment};
use logbog_db::programmes::{self, NewProgramme};
use logbog_db::reference::{self, NewSite};
use logbog_db::requests::{self, NewRequest};
use logbog_db::supervisions::{self, NewSupervision};
use logbog_db::{Conn, DbError, audit, meta};
use logbog_domain::dates::{add_months, last_month_opens, sub_months};
use logbog_domain::{
    AssessmentMethod, AuditAction, CompetencyId, Cpr, CurriculumVersionId, DoctorRole, EmploymentId, ItemRef,
    LeaveKind, PersonId, PhaseId, PostgraduateRegion, ProgrammeId, ProgrammeKind, Role, SiteId, SiteKind, SpecialtyId,
    SupervisionId, SupervisorKind, WorkingPercent,
};
use serde::{Deserialize, Serialize};
use std::collections::HashMap;

/// The password of every demo account.
/// Reports seeding progress: (step, total steps, what is being done).
pub type Progress<'a> = dyn FnMut(usize, usize, &str) + Send + 'a;

pub const DEMO_PASSWORD: &str = "logbog-demo";

/// The `app_meta` key that records the day the demo data was seeded.
const SEEDED_KEY: &str = "demo_seeded_on";

/// A demo account as shown on the login page of a demo installation.
#[derive(Debug, Clone, Serialize)]
pub struct DemoAccount {
    pub username: String,
    pub password: String,
    pub roles: Vec<Role>,
    pub note: String,
}

/// The outcome of [`seed`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SeedReport {
    /// False when the database already held the demo data and nothing was changed.
    pub seeded: bool,
}

/// One demo account and the person behind it.
struct AccountSpec {
    username: &'static str,
    roles: &'static [Role],
    given: &'static str,
    family: &'static str,
    /// Age in whole years; trainees get a CPR number of that age.
    age: Option<u32>,
    female: bool,
    /// Doctors get an authorisation id (autorisations-ID).
    doctor: bool,
    note: &'static str,
}

const ACCOUNTS: &[AccountSpec] = &[
    AccountSpec {
        username: "laege.kbu",
        roles: &[Role::Trainee],
        given: "Sofie",
        family: "Kristensen",
        age: Some(27),
        female: true,
        doctor: true,
        note: "Trainee in the second half of the foundation year (KBU), emergency department in \
               Aalborg (Nord): half the goals approved, two reported ready",
    },
    AccountSpec {
        username: "laege.intro",
        roles: &[Role::Trainee],
        given: "Emil",
        family: "Rasmussen",
        age: Some(29),
        female: false,
        doctor: true,
        note: "Trainee in an introduction post in internal medicine (shared introduction), \
               medical department in Herlev (Øst)",
    },
    AccountSpec {
        username: "laege.hu1",
        roles: &[Role::Trainee],
        given: "Ida",
        family: "Mikkelsen",
        age: Some(32),
        female: true,
        doctor: true,
        note: "Trainee in the first year of main training in cardiology (Syd), working 80 % \
               part-time; supervised by vejleder.hansen",
    },
    AccountSpec {
        username: "laege.hu3",
        roles: &[Role::Trainee],
        given: "Frederik",
        family: "Møller",
        age: Some(34),
        female: false,
        doctor: true,
        note: "Trainee halfway through main training in general practice, phase 2 in a practice \
               in Roskilde (Øst); an earlier hospital post was extended for parental leave",
    },
    AccountSpec {
        username: "laege.hu5",
        roles: &[Role::Trainee],
        given: "Camilla",
        family: "Nørgaard",
        age: Some(34),
        female: true,
        doctor: true,
        note: "Trainee in the final year of main training in anaesthesiology (Nord), ending in \
               about 4 months: all but 3 competencies approved",
    },
    AccountSpec {
        username: "laege.anerkendt",
        roles: &[Role::Trainee],
        given: "Mikkel",
        family: "Laursen",
        age: Some(37),
        female: false,
        doctor: true,
        note: "Recognised as specialist in cardiology 4 months ago (Syd): can still log in, \
               until 6 months after recognition",
    },
    AccountSpec {
        username: "laege.udloebet",
        roles: &[Role::Trainee],
        given: "Louise",
        family: "Bang",
        age: Some(38),
        female: true,
        doctor: true,
        note: "Recognised as specialist in anaesthesiology 8 months ago (Øst): login is refused \
               (access ended)",
    },
    AccountSpec {
        username: "laege.ny",
        roles: &[Role::Trainee],
        given: "Oliver",
        family: "Thygesen",
        age: Some(26),
        female: false,
        doctor: true,
        note: "First programme (KBU, Syd) starts on the 1st of next month: login is refused \
               until then",
    },
    AccountSpec {
        username: "vejleder.hansen",
        roles: &[Role::Supervisor],
        given: "Mette",
        family: "Hansen",
        age: None,
        female: true,
        doctor: true,
        note: "Supervisor at the cardiology department, Odense Universitetshospital (Syd): \
               supervises laege.hu1 now; the supervision of laege.anerkendt has ended",
    },
    AccountSpec {
        username: "uao.kardiologi",
        roles: &[Role::TrainingLead, Role::Supervisor],
        given: "Peter",
        family: "Mortensen",
        age: None,
        female: false,
        doctor: true,
        note: "Training lead (UAO) and supervisor of the cardiology department, Odense \
               Universitetshospital (Syd)",
    },
    AccountSpec {
        username: "uao.anaestesi",
        roles: &[Role::TrainingLead],
        given: "Birgitte",
        family: "Lund",
        age: None,
        female: true,
        doctor: true,
        note: "Training lead (UAO) of the anaesthesiology department, Aalborg \
               Universitetshospital (Nord): a request of laege.hu5 waits here",
    },
    AccountSpec {
        username: "tutor.praksis",
        roles: &[Role::Tutor],
        given: "Jens",
        family: "Holm",
        age: None,
        female: false,
        doctor: true,
        note: "GP tutor of the practice in Roskilde (Øst) where laege.hu3 is in phase 2",
    },
    AccountSpec {
        username: "kursus.udbyder",
        roles: &[Role::CourseProvider],
        given: "Anne",
        family: "Schmidt",
        age: None,
        female: true,
        doctor: false,
        note: "Course provider of the general mandatory courses",
    },
    AccountSpec {
        username: "kursus.leder",
        roles: &[Role::CourseLeader],
        given: "Anders",
        family: "Kjær",
        age: None,
        female: false,
        doctor: true,
        note: "Head course leader of the specialty-specific courses in cardiology",
    },
    AccountSpec {
        username: "forskning.vejleder",
        roles: &[Role::ResearchSupervisor],
        given: "Karen",
        family: "Vestergaard",
        age: None,
        female: true,
        doctor: true,
        note: "Research-training supervisor in anaesthesiology",
    },
    AccountSpec {
        username: "sekretariat.nord",
        roles: &[Role::Secretariat],
        given: "Lone",
        family: "Andersen",
        age: None,
        female: true,
        doctor: false,
        note: "Regional secretariat Nord: resets approvals, gives training leads and tutors access",
    },
    AccountSpec {
        username: "sekretariat.syd",
        roles: &[Role::Secretariat],
        given: "Hanne",
        family: "Poulsen",
        age: None,
        female: true,
        doctor: false,
        note: "Regional secretariat Syd: resets approvals, gives training leads and tutors access",
    },
    AccountSpec {
        username: "sekretariat.oest",
        roles: &[Role::Secretariat],
        given: "Susanne",
        family: "Frederiksen",
        age: None,
        female: true,
        doctor: false,
        note: "Regional secretariat Øst: resets approvals, gives training leads and tutors access",
    },
    AccountSpec {
        username: "stps.sagsbehandler",
        roles: &[Role::StpsCaseWorker],
        given: "Maria",
        family: "Thomsen",
        age: None,
        female: true,
        doctor: false,
        note: "Case worker at the Danish Patient Safety Authority (STPS): sees only what trainees \
               send",
    },
    AccountSpec {
        username: "admin",
        roles: &[Role::Admin],
        given: "Rasmus",
        family: "Bech",
        age: None,
        female: false,
        doctor: false,
        note: "System administrator",
    },
];

/// The demo accounts, all with [`DEMO_PASSWORD`].
pub fn demo_accounts() -> Vec<DemoAccount> {
    ACCOUNTS
        .iter()
        .map(|a| DemoAccount {
            username: a.username.to_owned(),
            password: DEMO_PASSWORD.to_owned(),
            roles: a.roles.to_vec(),
            note: a.note.to_owned(),
        })
        .collect()
}

// Curricula ---------------------------------------------------------------------------------------

const CURRICULA: &[(&str, &str)] = &[
    ("kbu.json", include_str!("curricula/kbu.json")),
    (
        "intern-medicin-intro.json",
        include_str!("curricula/intern-medicin-intro.json"),
    ),
    ("kardiologi-hu.json", include_str!("curricula/kardiologi-hu.json")),
    (
        "anaestesiologi-intro.json",
        include_str!("curricula/anaestesiologi-intro.json"),
    ),
    (
        "anaestesiologi-hu.json",
        include_str!("curricula/anaestesiologi-hu.json"),
    ),
    (
        "almen-medicin-intro.json",
        include_str!("curricula/almen-medicin-intro.json"),
    ),
    ("almen-medicin-hu.json", include_str!("curricula/almen-medicin-hu.json")),
];

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct CurriculumFile {
    /// The curriculum's code with the version appended, e.g. `kbu-2017`.
    code: String,
    kind: ProgrammeKind,
    /// Danish names of the specialties the curriculum serves (none for KBU).
    specialties: Vec<String>,
    name_da: String,
    name_en: String,
    version: String,
    valid_from: NaiveDate,
    #[serde(default)]
    valid_until: Option<NaiveDate>,
    phases: Vec<PhaseFile>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct PhaseFile {
    code: String,
    name_da: String,
    name_en: String,
    competencies: Vec<CompetencyFile>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct CompetencyFile {
    code: String,
    title_da: String,
    title_en: String,
    description_da: String,
    description_en: String,
    doctor_roles: Vec<DoctorRole>,
    learning_methods_da: Vec<String>,
    learning_methods_en: Vec<String>,
    assessment_methods: Vec<AssessmentMethod>,
    competency_card: Option<String>,
}

impl CurriculumFile {
    /// The curriculum's code without the version suffix: `kbu-2017` → `kbu`.
    fn curriculum_code(&self) -> &str {
        self.code
            .strip_suffix(&self.version)
            .and_then(|c| c.strip_suffix('-'))
            .unwrap_or(&self.code)
    }

    #[cfg(test)]
    fn competency_count(&self) -> usize {
        self.phases.iter().map(|p| p.competencies.len()).sum()
    }
}

/// The embedded curricula, parsed.
fn curriculum_files() -> Result<Vec<CurriculumFile>, AppError> {
    CURRICULA
        .iter()
        .map(|(name, text)| {
            serde_json::from_str::<CurriculumFile>(text)
                .map_err(|e| AppError::Internal(format!("embedded curriculum {name} is malformed: {e}")))
        })
        .collect()
}

/// A competency as the seed needs it.
#[derive(Debug, Clone)]
struct Comp {
    id: CompetencyId,
    methods: Vec<AssessmentMethod>,
    has_card: bool,
}

#[derive(Debug, Clone)]
struct LoadedPhase {
    id: PhaseId,
    code: String,
    comps: Vec<Comp>,
}

#[derive(Debug, Clone)]
struct LoadedCurriculum {
    version: CurriculumVersionId,
    phases: Vec<LoadedPhase>,
}

// Sites -------------------------------------------------------------------------------------------

/// The demo's training sites.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
enum S {
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
enum Staff {
    Account(&'static str),
    Named(&'static str, &'static str),
}

struct SiteSpec {
    key: S,
    kind: SiteKind,
    name: &'static str,
    hospital: Option<&'static str>,
    region: PostgraduateRegion,
    specialty: Option<&'static str>,
    address: &'static str,
    /// The training lead of a department, the tutor of a practice.
    lead: Staff,
    /// Supervisors; the first becomes the main supervisor of trainees employed there.
    supervisors: &'static [Staff],
}

const KARDIOLOGI: &str = "Intern medicin: kardiologi";
const ANAESTESI: &str = "Anæstesiologi";
const ALMEN: &str = "Almen medicin";

#[allow(clippy::too_many_arguments)]
const fn dept(
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

const fn practice(
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

const AUH: &str = "Aarhus Universitetshospital";
const AUH_ADDR: &str = "Palle Juul-Jensens Boulevard 99, 8200 Aarhus N";
const AAUH: &str = "Aalborg Universitetshospital";
const AAUH_ADDR: &str = "Hobrovej 18-22, 9000 Aalborg";
const RANDERS: &str = "Regionshospitalet Randers";
const RANDERS_ADDR: &str = "Skovlyvej 15, 8930 Randers NØ";
const OUH: &str = "Odense Universitetshospital";
const OUH_ADDR: &str = "J.B. Winsløws Vej 4, 5000 Odense C";
const SLB: &str = "Sygehus Lillebælt";
const SLB_ADDR: &str = "Beriderbakken 4, 7100 Vejle";
const RH: &str = "Rigshospitalet";
const RH_ADDR: &str = "Blegdamsvej 9, 2100 København Ø";

use PostgraduateRegion::{Nord, Oest, Syd};
use Staff::{Account, Named};

#[rustfmt::skip]
const SITES: &[SiteSpec] = &[
    // Nord
    dept(S::NordKard, "Kardiologisk Afdeling", AUH, Nord, Some(KARDIOLOGI), AUH_ADDR, Named("Søren", "Iversen"), &[]),
    dept(S::NordAnae, "Anæstesiologisk Afdeling", AAUH, Nord, Some(ANAESTESI), AAUH_ADDR, Account("uao.anaestesi"), &[Named("Jakob", "Overgaard")]),
    dept(S::NordAnaeAarhus, "Anæstesiologisk Afdeling", AUH, Nord, Some(ANAESTESI), AUH_ADDR, Named("Tine", "Damgaard"), &[Named("Martin", "Kjeldsen")]),
    dept(S::NordAnaeRanders, "Anæstesiologisk Afdeling", RANDERS, Nord, Some(ANAESTESI), RANDERS_ADDR, Named("Kim", "Bertelsen"), &[Named("Maja", "Winther")]),
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
struct SiteInfo {
    id: SiteId,
    lead: PersonId,
    lead_role: Role,
    supervisors: Vec<PersonId>,
}

impl SiteInfo {
    /// Who approves competencies of trainees employed here: the main supervisor and the lead.
    fn approvers(&self) -> Vec<(PersonId, Role)> {
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

/// An employment as created.
#[derive(Debug, Clone, Copy)]
struct Emp {
    id: EmploymentId,
    site: S,
    start: NaiveDate,
    end: NaiveDate,
    supervision: Option<SupervisionId>,
}

// Seeding -----------------------------------------------------------------------------------------

/// The steps reported to `progress`, in order.
const STEPS: &[&str] = &[
    "reference data",
    "curricula",
    "people and accounts",
    "training sites and their staff",
    "laege.kbu",
    "laege.intro",
    "laege.hu1",
    "laege.hu3",
    "laege.hu5",
    "laege.anerkendt",
    "laege.udloebet",
    "laege.ny",
    "role grants",
    "checking the accounts",
    "saving",
];

/// A plausible, invented, deterministic date on which a specialty joined the electronic logbook: the first
/// of a month between 2012-01-01 and 2016-12-01, chosen by a hash of the code.
fn demo_joined_logbook_on(code: &str) -> NaiveDate {
    // FNV-1a: stable across builds and platforms, unlike the standard library's hasher.
    let hash = code.bytes().fold(0xcbf2_9ce4_8422_2325_u64, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
    });
    let start = NaiveDate::from_ymd_opt(2012, 1, 1).unwrap_or(NaiveDate::MIN);
    add_months(start, (hash % 60) as u32)
}

/// Seed the demo data unless it is there already. Everything happens in one transaction, so a
/// failure leaves the database as it was. `progress(step, total, label)` is called before each
/// step, `step` counting from 1.
pub async fn seed(app: &App, progress: &mut Progress<'_>) -> Result<SeedReport, AppError> {
    let today = app.clock.today();
    let now = app.clock.now();
    // One hash for every account: argon2 is deliberately slow.
    let password_hash = crate::password::hash(DEMO_PASSWORD).map_err(AppError::Internal)?;

    let mut tx = app.db.begin().await?;
    if meta::get(&mut tx, SEEDED_KEY).await?.is_some() {
        tx.rollback().await.map_err(DbError::from)?;
        return Ok(SeedReport { seeded: false });
    }
    let mut step = 0;
    let mut next = |label: &str| {
        step += 1;
        progress(step, STEPS.len(), label);
    };

    next(STEPS[0]);
    let refs = reference_data::ensure_reference_ids(&mut tx, today).await?;
    // The demo's secretariats get invented contact details (a real installation enters its own),
    // and its specialties invented dates of joining the electronic logbook, years back.
    for region in reference_data::demo_regions() {
        logbog_db::reference::upsert_region(&mut tx, &region).await?;
    }
    for code in reference_data::specialty_codes()? {
        logbog_db::reference::set_joined_logbook_on(&mut tx, &code, demo_joined_logbook_on(&code).min(today)).await?;
    }
    let mut s = Seeder {
        conn: &mut tx,
        today,
        now,
        password_hash,
        refs,
        curricula: HashMap::new(),
        sites: HashMap::new(),
        people: HashMap::new(),
        doctors: 0,
        agreements: 0,
    };
    next(STEPS[1]);
    s.curricula().await?;
    next(STEPS[2]);
    s.accounts().await?;
    next(STEPS[3]);
    s.sites().await?;
    next(STEPS[4]);
    s.laege_kbu().await?;
    next(STEPS[5]);
    s.laege_intro().await?;
    next(STEPS[6]);
    s.laege_hu1().await?;
    next(STEPS[7]);
    s.laege_hu3().await?;
    next(STEPS[8]);
    s.laege_hu5().await?;
    next(STEPS[9]);
    s.laege_anerkendt().await?;
    next(STEPS[10]);
    s.laege_udloebet().await?;
    next(STEPS[11]);
    s.laege_ny().await?;
    next(STEPS[12]);
    s.account_grants().await?;
    next(STEPS[13]);
    s.check_accounts().await?;
    next(STEPS[14]);
    let day = logbog_db::date_to_sql(today);
    meta::set(&mut tx, SEEDED_KEY, &day).await?;
    tx.commit().await.map_err(DbError::from)?;
    tracing::info!(accounts = ACCOUNTS.len(), "seeded the demo data");
    Ok(SeedReport { seeded: true })
}

struct Seeder<'c> {
    conn: &'c mut Conn,
    today: NaiveDate,
    now: DateTime<Utc>,
    password_hash: String,
    refs: ReferenceIds,
    /// By curriculum code without version (`kbu`, `kardiologi-hu` …).
    curricula: HashMap<String, LoadedCurriculum>,
    sites: HashMap<S, SiteInfo>,
    /// Account holders by username.
    people: HashMap<&'static str, PersonId>,
    /// Doctors created so far (numbers their authorisation ids).
    doctors: u32,
    /// Agreements issued so far (numbers their references).
    agreements: u32,
}

fn missing(what: &str, name: impl std::fmt::Debug) -> AppError {
    AppError::Internal(format!("demo data refers to an unknown {what} {name:?}"))
}

/// 34 characters without I and O, as in authorisation ids.
const ID_ALPHABET: &[u8] = b"0123456789ABCDEFGHJKLMNPQRSTUVWXYZ";

/// A fake authorisation id of five characters; distinct for distinct `n` (an affine map modulo
/// 34^5 with a multiplier prime to 34).
fn authorisation_id(n: u32) -> String {
    let base = ID_ALPHABET.len() as u64;
    let modulus = base.pow(5);
    let mut x = (u64::from(n) * 2_654_435_761 + 104_729) % modulus;
    let mut out = [b'0'; 5];
    for slot in out.iter_mut().rev() {
        *slot = ID_ALPHABET[(x % base) as usize];
        x /= base;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// A CPR number of someone `age` years old on `today` (digit 7 gives the century: 0–3 for the
/// 1900s, 4 for 2000–2036; the last digit is odd for men, even for women).
fn demo_cpr(today: NaiveDate, age: u32, idx: u32, female: bool) -> Result<Cpr, AppError> {
    let anchor = sub_months(today, age * 12 + 1 + (idx * 5) % 11);
    let day = 1 + (idx * 7) % 27;
    let birth = NaiveDate::from_ymd_opt(anchor.year(), anchor.month(), day)
        .ok_or_else(|| AppError::Internal(format!("no birth date for demo person {idx}")))?;
    let seventh = if birth.year() >= 2000 { 4 } else { idx % 4 };
    let mut serial = seventh * 1000 + (idx * 113 + 57) % 1000;
    if female == (serial % 2 == 1) {
        serial = if female { serial - 1 } else { serial + 1 };
    }
    let text = format!(
        "{:02}{:02}{:02}-{serial:04}",
        birth.day(),
        birth.month(),
        birth.year() % 100
    );
    Cpr::parse(&text).map_err(|e| AppError::Internal(format!("demo CPR {text}: {e}")))
}

/// `given.family@example.dk` in ASCII.
fn demo_email(given: &str, family: &str) -> String {
    format!(
        "{}.{}@example.dk",
        reference_data::specialty_code(given),
        reference_data::specialty_code(family)
    )
}

const APPROVAL_COMMENTS: &[&str] = &[
    "",
    "Drøftet ved struktureret vejledersamtale.",
    "Fint arbejde – kompetencen er opnået.",
    "",
    "Vurderet i klinikken over flere vagter.",
];

const CARD_COMMENT: &str = "Godkendt på baggrund af udfyldt kompetencekort.";

impl Seeder<'_> {
    /// The first day of the month `k` months from this one (negative: earlier).
    fn month(&self, k: i32) -> NaiveDate {
        let first = self.today.with_day(1).unwrap_or(self.today);
        if k >= 0 {
            add_months(first, k.unsigned_abs())
        } else {
            sub_months(first, k.unsigned_abs())
        }
    }

    /// The last day before month `k`, i.e. the last day of month `k - 1`.
    fn last(&self, k: i32) -> NaiveDate {
        let d = self.month(k);
        d.pred_opt().unwrap_or(d)
    }

    fn yesterday(&self) -> NaiveDate {
        self.today.pred_opt().unwrap_or(self.today)
    }

    /// A Copenhagen wall-clock time on `day`, as an instant.
    fn instant(&self, day: NaiveDate, hour: u32, minute: u32) -> DateTime<Utc> {
        let local = day.and_time(NaiveTime::from_hms_opt(hour, minute, 0).unwrap_or_default());
        local
            .and_local_timezone(Copenhagen)
            .earliest()
            .map(|t| t.with_timezone(&Utc))
            .unwrap_or_else(|| local.and_utc())
    }

    fn specialty(&self, name_da: &str) -> Result<SpecialtyId, AppError> {
        self.refs
            .specialties
            .get(name_da)
            .copied()
            .ok_or_else(|| missing("specialty", name_da))
    }

    fn person(&self, username: &str) -> Result<PersonId, AppError> {
        self.people
            .get(username)
            .copied()
            .ok_or_else(|| missing("account", username))
    }

    fn site(&self, key: S) -> Result<SiteInfo, AppError> {
        self.sites.get(&key).cloned().ok_or_else(|| missing("site", key))
    }

    fn secretariat(&self, region: PostgraduateRegion) -> Result<PersonId, AppError> {
        self.person(match region {
            PostgraduateRegion::Nord => "sekretariat.nord",
            PostgraduateRegion::Syd => "sekretariat.syd",
            PostgraduateRegion::Oest => "sekretariat.oest",
        })
    }

    fn phase(&self, curriculum: &str, phase: &str) -> Result<&LoadedPhase, AppError> {
        self.curricula
            .get(curriculum)
            .ok_or_else(|| missing("curriculum", curriculum))?
            .phases
            .iter()
            .find(|p| p.code == phase)
            .ok_or_else(|| missing("phase", (curriculum, phase)))
    }

    fn comps(&self, curriculum: &str, phase: &str) -> Result<Vec<Comp>, AppError> {
        Ok(self.phase(curriculum, phase)?.comps.clone())
    }

    // Curricula, accounts, sites ------------------------------------------------------------------

    async fn curricula(&mut self) -> Result<(), AppError> {
        for file in curriculum_files()? {
            let code = file.curriculum_code().to_owned();
            if curricula::find_curriculum_by_code(&mut *self.conn, &code)
                .await?
                .is_some()
            {
                return Err(AppError::Conflict(format!(
                    "the curriculum {code} exists already; demo data needs a database without it"
                )));
            }
            let specialties = file
                .specialties
                .iter()
                .map(|name| self.specialty(name))
                .collect::<Result<Vec<_>, _>>()?;
            let curriculum_id = curricula::insert_curriculum(
                &mut *self.conn,
                &code,
                file.kind,
                &file.name_da,
                &file.name_en,
                &specialties,
            )
            .await?;
            let version = curricula::insert_version(
                &mut *self.conn,
                curriculum_id,
                &file.version,
                file.valid_from,
                file.valid_until,
            )
            .await?;
            let mut phases = Vec::with_capacity(file.phases.len());
            for (pi, p) in file.phases.into_iter().enumerate() {
                let phase_id =
                    curricula::insert_phase(&mut *self.conn, version, &p.code, pi as i64 + 1, &p.name_da, &p.name_en)
                        .await?;
                let mut comps = Vec::with_capacity(p.competencies.len());
                for (ci, c) in p.competencies.into_iter().enumerate() {
                    let competency = Competency {
                        id: CompetencyId::new(),
                        curriculum_version_id: version,
                        phase_id,
                        code: c.code,
                        ordinal: ci as i64 + 1,
                        title_da: c.title_da,
                        title_en: c.title_en,
                        description_da: c.description_da,
                        description_en: c.description_en,
                        doctor_roles: c.doctor_roles,
                        assessment_methods: c.assessment_methods,
                        learning_methods_da: c.learning_methods_da,
                        learning_methods_en: c.learning_methods_en,
                        competency_card: c.competency_card,
                    };
                    curricula::insert_competency(&mut *self.conn, &competency).await?;
                    comps.push(Comp {
                        id: competency.id,
                        methods: competency.assessment_methods,
                        has_card: competency.competency_card.is_some(),
                    });
                }
                phases.push(LoadedPhase {
                    id: phase_id,
                    code: p.code,
                    comps,
                });
            }
            self.curricula.insert(code, LoadedCurriculum { version, phases });
        }
        Ok(())
    }

    async fn new_person(
        &mut self,
        given: &str,
        family: &str,
        cpr: Option<&Cpr>,
        doctor: bool,
    ) -> Result<PersonId, AppError> {
        let authorisation = if doctor {
            self.doctors += 1;
            Some(authorisation_id(self.doctors))
        } else {
            None
        };
        let email = demo_email(given, family);
        let person = NewPerson {
            given_name: given,
            family_name: family,
            cpr,
            authorisation_id: authorisation.as_deref(),
            email: Some(&email),
        };
        Ok(accounts::insert_person(&mut *self.conn, &person, self.now).await?)
    }

    /// Every demo account and its person; the roles are granted later.
    async fn accounts(&mut self) -> Result<(), AppError> {
        for (idx, spec) in ACCOUNTS.iter().enumerate() {
            if accounts::find_by_username(&mut *self.conn, spec.username)
                .await?
                .is_some()
            {
                return Err(AppError::Conflict(format!(
                    "the account {} exists already; demo data needs a database without it",
                    spec.username
                )));
            }
            let cpr = spec
                .age
                .map(|age| demo_cpr(self.today, age, idx as u32, spec.female))
                .transpose()?;
            let person = self
                .new_person(spec.given, spec.family, cpr.as_ref(), spec.doctor)
                .await?;
            accounts::insert_account(&mut *self.conn, person, spec.username, &self.password_hash, self.now).await?;
            self.people.insert(spec.username, person);
        }
        Ok(())
    }

    async fn staff(&mut self, staff: Staff) -> Result<PersonId, AppError> {
        match staff {
            Staff::Account(username) => self.person(username),
            Staff::Named(given, family) => self.new_person(given, family, None, true).await,
        }
    }

    async fn grant(
        &mut self,
        person: PersonId,
        role: Role,
        scope: Option<&str>,
        valid_from: NaiveDate,
        granted_by: Option<PersonId>,
    ) -> Result<(), AppError> {
        let grant = NewGrant {
            person_id: person,
            role,
            scope_id: scope,
            valid_from,
            valid_until: None,
            granted_by,
        };
        let id = accounts::insert_grant(&mut *self.conn, &grant, self.now).await?;
        // A training lead's or tutor's access to a site is given by the region's secretariat.
        if let (Role::TrainingLead | Role::Tutor, Some(by)) = (role, granted_by) {
            let details =
                serde_json::json!({ "person": person, "role": role, "site": scope, "from": valid_from, "until": null });
            self.audited(
                by,
                Role::Secretariat,
                AuditAction::AccessSiteGranted,
                logbog_domain::Subject::Grant(id),
                None,
                details,
                self.now,
            )
            .await?;
        }
        Ok(())
    }

    /// The sites, their leads (granted by the secretariat) and supervisors (granted by the lead).
    async fn sites(&mut self) -> Result<(), AppError> {
        let since = sub_months(self.month(0), 120);
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
            self.grant(lead, lead_role, Some(&scope), since, Some(secretariat))
                .await?;
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
                    lead,
                    lead_role,
                    supervisors,
                },
            );
        }
        Ok(())
    }

    /// The grants of the accounts that are not tied to a site (those come with the sites) and
    /// not trainees (those come with their programmes).
    async fn account_grants(&mut self) -> Result<(), AppError> {
        let since = sub_months(self.month(0), 120);
        let admin = self.person("admin")?;
        for (username, role, scope) in [
            ("kursus.udbyder", Role::CourseProvider, None),
            (
                "kursus.leder",
                Role::CourseLeader,
                Some(self.specialty(KARDIOLOGI)?.to_string()),
            ),
            (
                "forskning.vejleder",
                Role::ResearchSupervisor,
                Some(self.specialty(ANAESTESI)?.to_string()),
            ),
            (
                "sekretariat.nord",
                Role::Secretariat,
                Some(PostgraduateRegion::Nord.code().to_owned()),
            ),
            (
                "sekretariat.syd",
                Role::Secretariat,
                Some(PostgraduateRegion::Syd.code().to_owned()),
            ),
            (
                "sekretariat.oest",
                Role::Secretariat,
                Some(PostgraduateRegion::Oest.code().to_owned()),
            ),
            ("stps.sagsbehandler", Role::StpsCaseWorker, None),
            ("admin", Role::Admin, None),
        ] {
            let person = self.person(username)?;
            let by = (username != "admin").then_some(admin);
            self.grant(person, role, scope.as_deref(), since, by).await?;
        }
        Ok(())
    }

    /// Every demo account holds exactly the roles [`demo_accounts`] promises.
    async fn check_accounts(&mut self) -> Result<(), AppError> {
        for spec in ACCOUNTS {
            let person = self.person(spec.username)?;
            let mut held: Vec<Role> = accounts::grants_of(&mut *self.conn, person)
                .await?
                .into_iter()
                .map(|g| g.role)
                .collect();
            held.sort();
            held.dedup();
            let mut promised = spec.roles.to_vec();
            promised.sort();
            if held != promised {
                return Err(AppError::Internal(format!(
                    "demo account {} holds {held:?}, expected {promised:?}",
                    spec.username
                )));
            }
        }
        Ok(())
    }

    // Building blocks of a trainee's history -------------------------------------------------------

    /// The Trainee grant, from the start of the first programme, given by the region's secretariat.
    async fn trainee_grant(
        &mut self,
        username: &'static str,
        first_start: NaiveDate,
        region: PostgraduateRegion,
    ) -> Result<(), AppError> {
        let person = self.person(username)?;
        let secretariat = self.secretariat(region)?;
        self.grant(person, Role::Trainee, None, first_start, Some(secretariat))
            .await
    }

    #[allow(clippy::too_many_arguments)]
    async fn programme(
        &mut self,
        trainee: PersonId,
        kind: ProgrammeKind,
        specialty: Option<&str>,
        region: PostgraduateRegion,
        start: NaiveDate,
        end: NaiveDate,
        curricula: &[&str],
    ) -> Result<ProgrammeId, AppError> {
        self.agreements += 1;
        let reference = format!(
            "VU-{}-{}-{:04}",
            region.code().to_uppercase(),
            start.year(),
            (self.agreements * 137 + 211) % 10_000
        );
        let programme = NewProgramme {
            trainee_id: trainee,
            kind,
            specialty_id: specialty.map(|s| self.specialty(s)).transpose()?,
            region,
            start_date: start,
            end_date: end,
            agreement_reference: reference,
        };
        let id = programmes::insert_programme(&mut *self.conn, &programme, self.now).await?;
        for (i, code) in curricula.iter().enumerate() {
            let version = self
                .curricula
                .get(*code)
                .ok_or_else(|| missing("curriculum", code))?
                .version;
            programmes::add_curriculum(&mut *self.conn, id, version, i as i64 + 1).await?;
        }
        Ok(id)
    }

    /// An employment; if it has begun and the site has supervisors, the first becomes the
    /// trainee's main supervisor for the employment, granted by the site's lead.
    #[allow(clippy::too_many_arguments)]
    async fn employ(
        &mut self,
        trainee: PersonId,
        programme: ProgrammeId,
        ordinal: i64,
        site: S,
        phase: Option<(&str, &str)>,
        title: &str,
        start: NaiveDate,
        end: NaiveDate,
        percent: i64,
    ) -> Result<Emp, AppError> {
        let info = self.site(site)?;
        let phase_id = phase.map(|(c, p)| self.phase(c, p).map(|p| p.id)).transpose()?;
        let curriculum_version_id = phase
            .map(|(c, _)| {
                self.curricula
                    .get(c)
                    .map(|l| l.version)
                    .ok_or_else(|| missing("curriculum", c))
            })
            .transpose()?;
        let working_percent = WorkingPercent::new(percent).map_err(|e| AppError::Internal(e.to_string()))?;
        let employment = NewEmployment {
            programme_id: programme,
            site_id: info.id,
            phase_id,
            curriculum_version_id,
            ordinal,
            title: title.to_owned(),
            start_date: start,
            end_date: end,
            working_percent,
        };
        let id = employments::insert_employment(&mut *self.conn, &employment).await?;
        let mut supervision = None;
        if start <= self.today
            && let Some(supervisor) = info.supervisors.first()
        {
            let granted_at = self.instant(start.min(self.yesterday()), 9, 30);
            let s = NewSupervision {
                supervisor_id: *supervisor,
                trainee_id: trainee,
                site_id: info.id,
                kind: SupervisorKind::Main,
                valid_from: start,
                valid_until: Some(end),
                granted_by: info.lead,
            };
            supervision = Some(self.supervise(&s, info.lead_role, granted_at).await?);
        }
        Ok(Emp {
            id,
            site,
            start,
            end,
            supervision,
        })
    }

    /// The audit event a real use case would have written for a seeded change, at its time, so
    /// that the demo's trail holds its approvals, requests, resets and access grants too.
    #[allow(clippy::too_many_arguments)]
    async fn audited(
        &mut self,
        actor: PersonId,
        role: Role,
        action: AuditAction,
        subject: logbog_domain::Subject,
        trainee: Option<PersonId>,
        details: serde_json::Value,
        at: DateTime<Utc>,
    ) -> Result<(), AppError> {
        let event = audit::NewEvent {
            actor_id: Some(actor),
            actor_role: Some(role),
            action,
            subject: Some(subject),
            trainee_id: trainee,
            details,
        };
        audit::append(&mut *self.conn, &event, at).await?;
        Ok(())
    }

    /// A supervisor's access given by the site's training lead or tutor, audited.
    async fn supervise(
        &mut self,
        s: &NewSupervision,
        lead_role: Role,
        at: DateTime<Utc>,
    ) -> Result<SupervisionId, AppError> {
        let id = supervisions::insert_supervision(&mut *self.conn, s, at).await?;
        let details = serde_json::json!({ "supervisor": s.supervisor_id, "kind": s.kind, "site": s.site_id, "from": s.valid_from, "until": s.valid_until });
        self.audited(
            s.granted_by,
            lead_role,
            AuditAction::AccessSupervisionGranted,
            logbog_domain::Subject::Supervision(id),
            Some(s.trainee_id),
            details,
            at,
        )
        .await?;
        Ok(id)
    }

    async fn approve(
        &mut self,
        trainee: PersonId,
        comp: &Comp,
        approver: (PersonId, Role),
        at: DateTime<Utc>,
        nth: usize,
    ) -> Result<(), AppError> {
        let item = comp.id.to_string();
        let comment = if comp.has_card && nth.is_multiple_of(2) {
            CARD_COMMENT
        } else {
            APPROVAL_COMMENTS[nth % APPROVAL_COMMENTS.len()]
        };
        let method = match comp.methods.len() {
            0 => None,
            n => Some(comp.methods[nth % n]),
        };
        let approval = NewApproval {
            trainee_id: trainee,
            item: ItemRef::Competency(comp.id),
            approver_id: approver.0,
            approver_role: approver.1,
            assessment_method: method,
            comment,
            request_id: None,
        };
        let details =
            serde_json::json!({ "item_kind": "competency", "item": item, "method": method, "comment": comment });
        self.approved(&approval, details, at).await
    }

    /// Insert an approval with its audit event.
    async fn approved(
        &mut self,
        a: &NewApproval<'_>,
        details: serde_json::Value,
        at: DateTime<Utc>,
    ) -> Result<(), AppError> {
        let id = approvals::insert_approval(&mut *self.conn, a, at).await?;
        let subject = logbog_domain::Subject::Approval(id);
        self.audited(
            a.approver_id,
            a.approver_role,
            AuditAction::ApprovalApproved,
            subject,
            Some(a.trainee_id),
            details,
            at,
        )
        .await
    }

    /// Approve `comps` on days spread evenly over `from..=to` (never later than yesterday), by
    /// the given approvers in turn.
    async fn approve_between(
        &mut self,
        trainee: PersonId,
        comps: &[Comp],
        approvers: &[(PersonId, Role)],
        from: NaiveDate,
        to: NaiveDate,
    ) -> Result<(), AppError> {
        if approvers.is_empty() {
            return Err(AppError::Internal("approvals without an approver".into()));
        }
        let to = to.min(self.yesterday());
        let from = from.min(to);
        let span = (to - from).num_days().max(0) as u64;
        let n = comps.len() as u64;
        for (i, comp) in comps.iter().enumerate() {
            let offset = span * (i as u64 + 1) / (n + 1);
            let day = from.checked_add_days(Days::new(offset)).unwrap_or(to);
            let at = self.instant(day, 9 + (i as u32 * 3) % 7, (i as u32 * 17) % 60);
            let approver = approvers[i % approvers.len()];
            self.approve(trainee, comp, approver, at, i).await?;
        }
        Ok(())
    }

    /// Approve `comps` during an employment by its site's supervisor and lead.
    async fn approve_during(&mut self, trainee: PersonId, comps: &[Comp], emp: &Emp) -> Result<(), AppError> {
        let approvers = self.site(emp.site)?.approvers();
        let from = emp.start + Days::new(21);
        let to = emp.end - Days::new(7);
        self.approve_between(trainee, comps, &approvers, from, to).await
    }

    /// Approve the time attestation of an employment that has ended, in its last month, by the
    /// site's training lead or tutor.
    async fn attest(&mut self, trainee: PersonId, emp: &Emp) -> Result<(), AppError> {
        if emp.end >= self.today {
            return Ok(());
        }
        let site = self.site(emp.site)?;
        let day = (emp.end - Days::new(4)).max(last_month_opens(emp.end));
        let item = emp.id.to_string();
        let approval = NewApproval {
            trainee_id: trainee,
            item: ItemRef::TimeAttestation(emp.id),
            approver_id: site.lead,
            approver_role: site.lead_role,
            assessment_method: None,
            comment: "",
            request_id: None,
        };
        let at = self.instant(day, 14, 10);
        let details = serde_json::json!({ "item_kind": "time_attestation", "employment": item, "comment": "" });
        self.approved(&approval, details, at).await
    }

    /// A pending request for approval (meld klar), `days_ago` days ago in the evening.
    async fn request(
        &mut self,
        trainee: PersonId,
        comp: &Comp,
        approver: (PersonId, Role),
        days_ago: u64,
        message: &str,
    ) -> Result<(), AppError> {
        let day = self.today - Days::new(days_ago.max(1));
        let item = comp.id.to_string();
        let request = NewRequest {
            trainee_id: trainee,
            item: ItemRef::Competency(comp.id),
            approver_id: approver.0,
            approver_role: approver.1,
            message,
        };
        let at = self.instant(day, 20, 15);
        let id = requests::insert_request(&mut *self.conn, &request, at).await?;
        let details = serde_json::json!({ "competency": item, "approver": approver.0, "approver_role": approver.1 });
        self.audited(
            trainee,
            Role::Trainee,
            AuditAction::ApprovalRequested,
            logbog_domain::Subject::Request(id),
            Some(trainee),
            details,
            at,
        )
        .await
    }

    /// A completed KBU of 12 months from `start` (two posts of 6 months), everything approved.
    async fn kbu_history(
        &mut self,
        trainee: PersonId,
        region: PostgraduateRegion,
        start: NaiveDate,
        first: S,
        second: S,
    ) -> Result<(), AppError> {
        let mid = add_months(start, 6);
        let end = add_months(start, 12) - Days::new(1);
        let kind = ProgrammeKind::Foundation;
        let prog = self
            .programme(trainee, kind, None, region, start, end, &["kbu"])
            .await?;
        let phase = Some(("kbu", "kbu"));
        let title = "KBU-læge";
        let last_of_first = mid - Days::new(1);
        let e1 = self
            .employ(trainee, prog, 1, first, phase, title, start, last_of_first, 100)
            .await?;
        let e2 = self
            .employ(trainee, prog, 2, second, phase, title, mid, end, 100)
            .await?;
        let comps = self.comps("kbu", "kbu")?;
        let (a, b) = comps.split_at(comps.len() / 2);
        self.approve_during(trainee, a, &e1).await?;
        self.approve_during(trainee, b, &e2).await?;
        self.attest(trainee, &e1).await?;
        self.attest(trainee, &e2).await
    }

    /// A completed programme of one employment of `months`, everything approved.
    #[allow(clippy::too_many_arguments)]
    async fn single_post_history(
        &mut self,
        trainee: PersonId,
        kind: ProgrammeKind,
        specialty: &str,
        region: PostgraduateRegion,
        start: NaiveDate,
        months: u32,
        site: S,
        curriculum: &str,
        title: &str,
    ) -> Result<(), AppError> {
        let end = add_months(start, months) - Days::new(1);
        let prog = self
            .programme(trainee, kind, Some(specialty), region, start, end, &[curriculum])
            .await?;
        let phase = self
            .curricula
            .get(curriculum)
            .and_then(|c| c.phases.first())
            .map(|p| p.code.clone())
            .ok_or_else(|| missing("curriculum", curriculum))?;
        let emp = self
            .employ(
                trainee,
                prog,
                1,
                site,
                Some((curriculum, &phase)),
                title,
                start,
                end,
                100,
            )
            .await?;
        let comps = self.comps(curriculum, &phase)?;
        self.approve_during(trainee, &comps, &emp).await?;
        self.attest(trainee, &emp).await
    }

    // The trainees ---------------------------------------------------------------------------------

    /// Second half of KBU in Nord: 8 goals approved in the first post, 2 in the current one,
    /// 2 reported ready, 4 not started.
    async fn laege_kbu(&mut self) -> Result<(), AppError> {
        let me = self.person("laege.kbu")?;
        let region = PostgraduateRegion::Nord;
        let (start, mid, end) = (self.month(-8), self.month(-2), self.last(4));
        let kind = ProgrammeKind::Foundation;
        let prog = self.programme(me, kind, None, region, start, end, &["kbu"]).await?;
        let phase = Some(("kbu", "kbu"));
        let e1 = self
            .employ(me, prog, 1, S::NordMed, phase, "KBU-læge", start, self.last(-2), 100)
            .await?;
        self.employ(me, prog, 2, S::NordAkut, phase, "KBU-læge", mid, end, 100)
            .await?;
        let comps = self.comps("kbu", "kbu")?;
        self.approve_during(me, &comps[..8], &e1).await?;
        let approvers = self.site(S::NordAkut)?.approvers();
        let from = mid + Days::new(14);
        self.approve_between(me, &comps[8..10], &approvers, from, self.today)
            .await?;
        self.request(
            me,
            &comps[10],
            approvers[0],
            3,
            "Min vejleder har gennemgået et udvalg af mine journalnotater og epikriser.",
        )
        .await?;
        self.request(
            me,
            &comps[11],
            approvers[1],
            1,
            "Klar til godkendelse – vi talte om overleveringerne på sidste vejledersamtale.",
        )
        .await?;
        self.attest(me, &e1).await?;
        self.trainee_grant("laege.kbu", start, region).await
    }

    /// Introduction post in internal medicine in Øst, after a KBU with a gap of two months.
    async fn laege_intro(&mut self) -> Result<(), AppError> {
        let me = self.person("laege.intro")?;
        let region = PostgraduateRegion::Oest;
        let kbu_start = self.month(-19);
        self.kbu_history(me, region, kbu_start, S::OestAkut, S::OestPaed)
            .await?;
        let (start, end) = (self.month(-5), self.last(7));
        let kind = ProgrammeKind::Introduction;
        let curriculum = "intern-medicin-intro";
        let prog = self
            .programme(
                me,
                kind,
                Some("Intern medicin: endokrinologi"),
                region,
                start,
                end,
                &[curriculum],
            )
            .await?;
        let title = "Introduktionslæge";
        let phase = Some((curriculum, "intro"));
        self.employ(me, prog, 1, S::OestMed, phase, title, start, end, 100)
            .await?;
        let comps = self.comps(curriculum, "intro")?;
        let approvers = self.site(S::OestMed)?.approvers();
        let from = start + Days::new(30);
        self.approve_between(me, &comps[..5], &approvers, from, self.today)
            .await?;
        self.request(
            me,
            &comps[5],
            approvers[0],
            6,
            "Jeg har fremlagt to patienter med diabetisk ketoacidose til konferencen – kan vi drøfte dem?",
        )
        .await?;
        self.request(me, &comps[6], approvers[1], 2, "").await?;
        self.trainee_grant("laege.intro", kbu_start, region).await
    }

    /// First year of main training in cardiology in Syd, at 80 % in the current post.
    async fn laege_hu1(&mut self) -> Result<(), AppError> {
        let me = self.person("laege.hu1")?;
        let region = PostgraduateRegion::Syd;
        let kbu_start = self.month(-34);
        self.kbu_history(me, region, kbu_start, S::SydAkut, S::SydGp).await?;
        let intro = ProgrammeKind::Introduction;
        let intro_start = self.month(-20);
        let title = "Introduktionslæge";
        let curriculum = "intern-medicin-intro";
        self.single_post_history(
            me,
            intro,
            KARDIOLOGI,
            region,
            intro_start,
            12,
            S::SydMed,
            curriculum,
            title,
        )
        .await?;
        // 24 months of full-time training at 80 % take 30 months.
        let (start, end) = (self.month(-7), self.last(59));
        let curriculum = "kardiologi-hu";
        let prog = self
            .programme(
                me,
                ProgrammeKind::Main,
                Some(KARDIOLOGI),
                region,
                start,
                end,
                &[curriculum],
            )
            .await?;
        let title = "Hoveduddannelseslæge";
        let (p1, p2) = (Some((curriculum, "faelles")), Some((curriculum, "speciale")));
        let e1 = self
            .employ(me, prog, 1, S::SydKard, p1, title, start, self.last(23), 80)
            .await?;
        let e2_start = self.month(23);
        self.employ(me, prog, 2, S::SydKardVejle, p2, title, e2_start, end, 100)
            .await?;
        // The training lead is also a daily supervisor.
        let site = self.site(S::SydKard)?;
        let daily = NewSupervision {
            supervisor_id: self.person("uao.kardiologi")?,
            trainee_id: me,
            site_id: site.id,
            kind: SupervisorKind::Daily,
            valid_from: e1.start,
            valid_until: Some(e1.end),
            granted_by: site.lead,
        };
        let at = self.instant(e1.start.min(self.yesterday()), 10, 0);
        self.supervise(&daily, site.lead_role, at).await?;
        let comps = self.comps(curriculum, "faelles")?;
        let approvers = site.approvers();
        let from = start + Days::new(30);
        self.approve_between(me, &comps[..4], &approvers, from, self.today)
            .await?;
        self.request(
            me,
            &comps[4],
            approvers[0],
            4,
            "Jeg har haft flere patienter i non-invasiv ventilation under supervision, og kortet er udfyldt.",
        )
        .await?;
        self.request(
            me,
            &comps[5],
            approvers[1],
            2,
            "Klar til en casebaseret diskussion om lungeemboli.",
        )
        .await?;
        // Requests past the reminder (7 days) and the escalation (14 days) delays.
        self.request(
            me,
            &comps[6],
            approvers[0],
            9,
            "Kompetencekortet er udfyldt efter stuegangen.",
        )
        .await?;
        self.request(
            me,
            &comps[7],
            approvers[0],
            16,
            "Jeg har rykket for denne; kortet ligger på kompetencen.",
        )
        .await?;
        // A wrong approval, reset by the secretariat on the trainee's written request.
        let wrong = &comps[8];
        let approved_at = self.instant(self.today - Days::new(60), 11, 5);
        self.approve(me, wrong, approvers[0], approved_at, 0).await?;
        let approval = approvals::standing_approval(&mut *self.conn, me, ItemRef::Competency(wrong.id))
            .await?
            .ok_or_else(|| missing("approval", wrong.id))?;
        let secretariat = self.secretariat(region)?;
        let reset_at = self.instant(self.today - Days::new(40), 13, 30);
        let (reference, reason) = (
            "J.nr. 2026-0815",
            "Godkendt på den forkerte kompetence; nulstillet på uddannelseslægens skriftlige anmodning.",
        );
        let reset =
            approvals::insert_reset(&mut *self.conn, approval, secretariat, reference, reason, reset_at).await?;
        let details = serde_json::json!({ "approval": approval, "item_kind": "competency", "item": wrong.id, "reference": reference, "reason": reason });
        self.audited(
            secretariat,
            Role::Secretariat,
            AuditAction::ApprovalReset,
            logbog_domain::Subject::Reset(reset),
            Some(me),
            details,
            reset_at,
        )
        .await?;
        self.trainee_grant("laege.hu1", kbu_start, region).await
    }

    /// Main training in general practice in Øst, in phase 2 in the home practice; the medical
    /// post of phase 1 was extended by 6 months of parental leave with a supplementary agreement.
    async fn laege_hu3(&mut self) -> Result<(), AppError> {
        let me = self.person("laege.hu3")?;
        let region = PostgraduateRegion::Oest;
        let kbu_start = self.month(-58);
        self.kbu_history(me, region, kbu_start, S::OestMed, S::OestGp3).await?;
        let intro = ProgrammeKind::Introduction;
        let intro_start = self.month(-46);
        let curriculum = "almen-medicin-intro";
        let title = "Introduktionslæge";
        // Six months: the KBU included general practice.
        self.single_post_history(me, intro, ALMEN, region, intro_start, 6, S::OestGp2, curriculum, title)
            .await?;

        let (start, end) = (self.month(-40), self.last(20));
        let curriculum = "almen-medicin-hu";
        let prog = self
            .programme(me, ProgrammeKind::Main, Some(ALMEN), region, start, end, &[curriculum])
            .await?;
        let title = "Hoveduddannelseslæge";
        let (f1, f2, f3) = (
            Some((curriculum, "fase1")),
            Some((curriculum, "fase2")),
            Some((curriculum, "fase3")),
        );
        let e1 = self
            .employ(me, prog, 1, S::OestGp2, f1, title, start, self.last(-34), 100)
            .await?;
        // Twelve months, extended by six months of parental leave.
        let planned_end = self.last(-22);
        let e2 = self
            .employ(me, prog, 2, S::OestMed, f1, title, self.month(-34), planned_end, 100)
            .await?;
        let leave = Leave {
            employment_id: e2.id,
            kind: LeaveKind::Parental,
            start_date: self.month(-28),
            end_date: self.last(-22),
        };
        employments::insert_leave(&mut *self.conn, &leave).await?;
        let extended_end = self.last(-16);
        let issued_on = self.month(-29);
        employments::amend_end_date(
            &mut *self.conn,
            e2.id,
            issued_on,
            planned_end,
            extended_end,
            "Forlænget med 6 måneder på grund af forældreorlov (tillægsaftale)",
        )
        .await?;
        let e2 = Emp {
            end: extended_end,
            ..e2
        };
        // The supervisor's access ran to the planned end; the training lead gave it again for
        // the months after the leave.
        let site = self.site(S::OestMed)?;
        if let Some(supervisor) = site.supervisors.first() {
            let resumed = NewSupervision {
                supervisor_id: *supervisor,
                trainee_id: me,
                site_id: site.id,
                kind: SupervisorKind::Main,
                valid_from: self.month(-22),
                valid_until: Some(extended_end),
                granted_by: site.lead,
            };
            let at = self.instant(self.month(-22), 9, 30);
            self.supervise(&resumed, site.lead_role, at).await?;
        }
        let e3 = self
            .employ(
                me,
                prog,
                3,
                S::OestPaed,
                f1,
                title,
                self.month(-16),
                self.last(-10),
                100,
            )
            .await?;
        let e4 = self
            .employ(me, prog, 4, S::OestAkut, f1, title, self.month(-10), self.last(-4), 100)
            .await?;
        let e5 = self
            .employ(me, prog, 5, S::OestGp, f2, title, self.month(-4), self.last(8), 100)
            .await?;
        self.employ(me, prog, 6, S::OestGp2, f3, title, self.month(8), end, 100)
            .await?;

        // The tutor approves every competency: phase 1's practice part by the first tutor,
        // its hospital part by the phase 2 tutor on the basis of qualification cards.
        let fase1 = self.comps(curriculum, "fase1")?;
        let fase2 = self.comps(curriculum, "fase2")?;
        self.approve_during(me, &fase1[..8], &e1).await?;
        let tutor = (self.person("tutor.praksis")?, Role::Tutor);
        let from = e5.start + Days::new(10);
        self.approve_between(me, &fase1[8..21], &[tutor], from, self.today)
            .await?;
        self.request(
            me,
            &fase1[21],
            tutor,
            9,
            "Kvalifikationskortet fra akutafdelingen er uploadet.",
        )
        .await?;
        let from = e5.start + Days::new(30);
        self.approve_between(me, &fase2[..5], &[tutor], from, self.today)
            .await?;
        self.request(me, &fase2[5], tutor, 5, "").await?;
        self.request(
            me,
            &fase2[6],
            tutor,
            1,
            "Jeg har haft egne graviditetsundersøgelser i tre måneder nu.",
        )
        .await?;
        for e in [e1, e2, e3, e4] {
            self.attest(me, &e).await?;
        }
        self.trainee_grant("laege.hu3", kbu_start, region).await
    }

    /// Final year of main training in anaesthesiology in Nord, ending in about 4 months: all but
    /// three competencies approved, two of them reported ready.
    async fn laege_hu5(&mut self) -> Result<(), AppError> {
        let me = self.person("laege.hu5")?;
        let region = PostgraduateRegion::Nord;
        let kbu_start = self.month(-71);
        self.kbu_history(me, region, kbu_start, S::NordMed, S::NordAkut).await?;
        let intro = ProgrammeKind::Introduction;
        let intro_start = self.month(-57);
        let curriculum = "anaestesiologi-intro";
        let title = "Introduktionslæge";
        self.single_post_history(
            me,
            intro,
            ANAESTESI,
            region,
            intro_start,
            12,
            S::NordAnaeRanders,
            curriculum,
            title,
        )
        .await?;
        let (start, end) = (self.month(-43), self.last(5));
        let curriculum = "anaestesiologi-hu";
        let prog = self
            .programme(
                me,
                ProgrammeKind::Main,
                Some(ANAESTESI),
                region,
                start,
                end,
                &[curriculum],
            )
            .await?;
        let title = "Hoveduddannelseslæge";
        let phase = Some((curriculum, "hu"));
        let e1 = self
            .employ(me, prog, 1, S::NordAnaeAarhus, phase, title, start, self.last(-19), 100)
            .await?;
        let e2 = self
            .employ(me, prog, 2, S::NordAnae, phase, title, self.month(-19), end, 100)
            .await?;
        let comps = self.comps(curriculum, "hu")?;
        let last = comps.len().saturating_sub(3);
        self.approve_during(me, &comps[..9], &e1).await?;
        let approvers = self.site(S::NordAnae)?.approvers();
        let from = e2.start + Days::new(21);
        self.approve_between(me, &comps[9..last], &approvers, from, self.today)
            .await?;
        self.request(
            me,
            &comps[last],
            approvers[1],
            8,
            "Jeg har været koordinerende anæstesiolog på vagt i to måneder; 360°-evalueringen er afsluttet.",
        )
        .await?;
        self.request(me, &comps[last + 1], approvers[0], 3, "").await?;
        self.attest(me, &e1).await?;
        self.trainee_grant("laege.hu5", kbu_start, region).await
    }

    /// Main training in cardiology in Syd, finished; recognised as specialist 4 months ago.
    async fn laege_anerkendt(&mut self) -> Result<(), AppError> {
        let me = self.person("laege.anerkendt")?;
        let region = PostgraduateRegion::Syd;
        let kbu_start = self.month(-92);
        self.kbu_history(me, region, kbu_start, S::SydAkut, S::SydGp2).await?;
        let intro = ProgrammeKind::Introduction;
        let intro_start = self.month(-78);
        let curriculum = "intern-medicin-intro";
        let title = "Introduktionslæge";
        self.single_post_history(
            me,
            intro,
            KARDIOLOGI,
            region,
            intro_start,
            12,
            S::SydKardVejle,
            curriculum,
            title,
        )
        .await?;
        let (start, end) = (self.month(-65), self.last(-5));
        let curriculum = "kardiologi-hu";
        let prog = self
            .programme(
                me,
                ProgrammeKind::Main,
                Some(KARDIOLOGI),
                region,
                start,
                end,
                &[curriculum],
            )
            .await?;
        let title = "Hoveduddannelseslæge";
        let (p1, p2) = (Some((curriculum, "faelles")), Some((curriculum, "speciale")));
        let e1 = self
            .employ(me, prog, 1, S::SydMed, p1, title, start, self.last(-41), 100)
            .await?;
        let e2 = self
            .employ(me, prog, 2, S::SydKard, p2, title, self.month(-41), end, 100)
            .await?;
        let faelles = self.comps(curriculum, "faelles")?;
        let speciale = self.comps(curriculum, "speciale")?;
        self.approve_during(me, &faelles, &e1).await?;
        self.approve_during(me, &speciale, &e2).await?;
        self.attest(me, &e1).await?;
        self.attest(me, &e2).await?;
        // vejleder.hansen's supervision was ended by the training lead when the post ended.
        if let Some(supervision) = e2.supervision {
            let site = self.site(S::SydKard)?;
            let (lead, role) = (site.lead, site.lead_role);
            let at = self.instant(e2.end, 15, 0);
            supervisions::end_supervision(&mut *self.conn, supervision, e2.end, lead, at).await?;
            let details = serde_json::json!({ "last_day": e2.end });
            self.audited(
                lead,
                role,
                AuditAction::AccessSupervisionEnded,
                logbog_domain::Subject::Supervision(supervision),
                Some(me),
                details,
                at,
            )
            .await?;
        }
        let recognised_on = sub_months(self.today, 4);
        let at = self.instant(recognised_on, 13, 0);
        let specialty = self.specialty(KARDIOLOGI)?;
        programmes::insert_recognition(&mut *self.conn, me, specialty, recognised_on, at).await?;
        self.trainee_grant("laege.anerkendt", kbu_start, region).await
    }

    /// Main training in anaesthesiology in Øst, finished; recognised 8 months ago, so access
    /// has ended.
    async fn laege_udloebet(&mut self) -> Result<(), AppError> {
        let me = self.person("laege.udloebet")?;
        let region = PostgraduateRegion::Oest;
        let kbu_start = self.month(-84);
        self.kbu_history(me, region, kbu_start, S::OestMed, S::OestAkut).await?;
        let intro = ProgrammeKind::Introduction;
        let intro_start = self.month(-70);
        let curriculum = "anaestesiologi-intro";
        let title = "Introduktionslæge";
        self.single_post_history(
            me,
            intro,
            ANAESTESI,
            region,
            intro_start,
            12,
            S::OestAnaeHilleroed,
            curriculum,
            title,
        )
        .await?;
        let (start, end) = (self.month(-57), self.last(-9));
        let curriculum = "anaestesiologi-hu";
        let prog = self
            .programme(
                me,
                ProgrammeKind::Main,
                Some(ANAESTESI),
                region,
                start,
                end,
                &[curriculum],
            )
            .await?;
        let title = "Hoveduddannelseslæge";
        let phase = Some((curriculum, "hu"));
        let e1 = self
            .employ(
                me,
                prog,
                1,
                S::OestAnaeHilleroed,
                phase,
                title,
                start,
                self.last(-33),
                100,
            )
            .await?;
        let e2 = self
            .employ(me, prog, 2, S::OestAnae, phase, title, self.month(-33), end, 100)
            .await?;
        let comps = self.comps(curriculum, "hu")?;
        let (a, b) = comps.split_at(comps.len() / 2);
        self.approve_during(me, a, &e1).await?;
        self.approve_during(me, b, &e2).await?;
        self.attest(me, &e1).await?;
        self.attest(me, &e2).await?;
        let recognised_on = sub_months(self.today, 8);
        let at = self.instant(recognised_on, 13, 0);
        let specialty = self.specialty(ANAESTESI)?;
        programmes::insert_recognition(&mut *self.conn, me, specialty, recognised_on, at).await?;
        self.trainee_grant("laege.udloebet", kbu_start, region).await
    }

    /// KBU in Syd starting on the 1st of next month: nothing to show yet.
    async fn laege_ny(&mut self) -> Result<(), AppError> {
        let me = self.person("laege.ny")?;
        let region = PostgraduateRegion::Syd;
        let (start, mid, end) = (self.month(1), self.month(7), self.last(13));
        let kind = ProgrammeKind::Foundation;
        let prog = self.programme(me, kind, None, region, start, end, &["kbu"]).await?;
        let phase = Some(("kbu", "kbu"));
        self.employ(me, prog, 1, S::SydPaed, phase, "KBU-læge", start, self.last(7), 100)
            .await?;
        self.employ(me, prog, 2, S::SydGp, phase, "KBU-læge", mid, end, 100)
            .await?;
        self.trainee_grant("laege.ny", start, region).await
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn demo_join_dates_are_plausible_and_deterministic() {
        for code in reference_data::specialty_codes().unwrap() {
            let joined = demo_joined_logbook_on(&code);
            assert!(joined >= NaiveDate::from_ymd_opt(2012, 1, 1).unwrap(), "{code}");
            assert!(joined <= NaiveDate::from_ymd_opt(2016, 12, 31).unwrap(), "{code}");
            assert_eq!(joined, demo_joined_logbook_on(&code), "deterministic");
        }
    }
    use std::collections::HashSet;

    #[test]
    fn every_embedded_curriculum_parses() {
        let files = curriculum_files().unwrap();
        assert_eq!(files.len(), CURRICULA.len());
        let specialties: HashSet<String> = reference_data::specialty_rows()
            .unwrap()
            .into_iter()
            .map(|r| r.name_da)
            .collect();
        let mut codes = HashSet::new();
        for f in &files {
            assert!(codes.insert(f.curriculum_code().to_owned()), "{}", f.code);
            assert_ne!(f.curriculum_code(), f.code, "version suffix stripped");
            assert!(!f.phases.is_empty(), "{}", f.code);
            for s in &f.specialties {
                assert!(specialties.contains(s), "{}: unknown specialty {s}", f.code);
            }
            let mut comp_codes = HashSet::new();
            for p in &f.phases {
                assert!(!p.competencies.is_empty(), "{} {}", f.code, p.code);
                for c in &p.competencies {
                    assert!(comp_codes.insert(&c.code), "{}: duplicate {}", f.code, c.code);
                    assert!(!c.assessment_methods.is_empty(), "{} {}", f.code, c.code);
                    assert!(!c.doctor_roles.is_empty(), "{} {}", f.code, c.code);
                }
            }
        }
    }

    #[test]
    fn almen_medicin_intro_and_main_have_84_competencies() {
        let files = curriculum_files().unwrap();
        let count = |code: &str| {
            files
                .iter()
                .find(|f| f.curriculum_code() == code)
                .map(CurriculumFile::competency_count)
                .unwrap()
        };
        assert_eq!(count("almen-medicin-intro") + count("almen-medicin-hu"), 84);
    }

    /// The phases the trainee scripts refer to exist, with enough competencies for the slices.
    #[test]
    fn seeded_phases_exist_with_enough_competencies() {
        let files = curriculum_files().unwrap();
        let n = |c: &str, p: &str| {
            files
                .iter()
                .find(|f| f.curriculum_code() == c)
                .and_then(|f| f.phases.iter().find(|x| x.code == p))
                .map(|p| p.competencies.len())
                .unwrap_or(0)
        };
        assert_eq!(n("kbu", "kbu"), 16);
        assert!(n("intern-medicin-intro", "intro") >= 7);
        assert!(n("kardiologi-hu", "faelles") >= 6);
        assert!(n("kardiologi-hu", "speciale") >= 1);
        assert!(n("almen-medicin-intro", "intro") >= 1);
        assert!(n("almen-medicin-hu", "fase1") >= 22);
        assert!(n("almen-medicin-hu", "fase2") >= 7);
        assert!(n("almen-medicin-hu", "fase3") >= 1);
        assert!(n("anaestesiologi-intro", "intro") >= 1);
        assert!(n("anaestesiologi-hu", "hu") >= 12);
    }

    #[test]
    fn demo_accounts_are_unique_and_cover_every_role() {
        let accounts = demo_accounts();
        let names: HashSet<&str> = accounts.iter().map(|a| a.username.as_str()).collect();
        assert_eq!(names.len(), accounts.len());
        for role in Role::ALL {
            assert!(accounts.iter().any(|a| a.roles.contains(role)), "{role}");
        }
        for a in &accounts {
            assert_eq!(a.password, DEMO_PASSWORD);
            assert!(!a.roles.is_empty() && !a.note.is_empty(), "{}", a.username);
            assert_eq!(a.username, a.username.to_lowercase());
        }
        for u in [
            "laege.kbu",
            "laege.intro",
            "laege.hu1",
            "laege.hu3",
            "laege.hu5",
            "laege.anerkendt",
            "laege.udloebet",
            "laege.ny",
            "vejleder.hansen",
            "uao.kardiologi",
            "uao.anaestesi",
            "tutor.praksis",
            "kursus.udbyder",
            "kursus.leder",
            "forskning.vejleder",
            "sekretariat.nord",
            "sekretariat.syd",
            "sekretariat.oest",
            "stps.sagsbehandler",
            "admin",
        ] {
            assert!(names.contains(u), "{u}");
        }
    }

    #[test]
    fn account_staff_on_sites_exist() {
        let names: HashSet<&str> = ACCOUNTS.iter().map(|a| a.username).collect();
        for site in SITES {
            for staff in std::iter::once(&site.lead).chain(site.supervisors) {
                if let Staff::Account(u) = staff {
                    assert!(names.contains(u), "{u}");
                }
            }
        }
        let keys: HashSet<S> = SITES.iter().map(|s| s.key).collect();
        assert_eq!(keys.len(), SITES.len());
    }

    #[test]
    fn demo_cprs_are_valid_and_of_the_right_age_and_sex() {
        let today = NaiveDate::from_ymd_opt(2026, 11, 26).unwrap();
        let mut seen = HashSet::new();
        for (idx, a) in ACCOUNTS.iter().enumerate() {
            let Some(age) = a.age else { continue };
            assert!((26..=45).contains(&age));
            let cpr = demo_cpr(today, age, idx as u32, a.female).unwrap();
            let birth = cpr.birth_date().unwrap();
            let years = today.years_since(birth).unwrap();
            assert_eq!(years, age, "{}", a.username);
            let last = cpr.full().chars().last().unwrap().to_digit(10).unwrap();
            assert_eq!(last.is_multiple_of(2), a.female, "{}", a.username);
            assert!(seen.insert(cpr.full()));
        }
        // A doctor born in 2000 gets 4 as the seventh digit.
        let young = demo_cpr(today, 26, 3, false).unwrap();
        assert_eq!(young.birth_date().unwrap().year(), 2000);
        assert_eq!(&young.full()[7..8], "4");
    }

    #[test]
    fn authorisation_ids_are_distinct_and_well_formed() {
        let ids: HashSet<String> = (1..=500).map(authorisation_id).collect();
        assert_eq!(ids.len(), 500);
        for id in &ids {
            assert_eq!(id.len(), 5);
            assert!(id.bytes().all(|b| ID_ALPHABET.contains(&b)));
        }
    }

    #[test]
    fn emails_are_ascii() {
        assert_eq!(demo_email("Camilla", "Nørgaard"), "camilla.noergaard@example.dk");
        assert_eq!(demo_email("Jørgen", "Brix"), "joergen.brix@example.dk");
    }

    #[test]
    fn seed_future_is_send() {
        fn is_send<T: Send>(_: &T) {}
        fn check(app: &App, progress: &mut Progress<'_>) {
            let fut = seed(app, progress);
            is_send(&fut);
        }
        let _: fn(&App, &mut Progress<'_>) = check;
    }
}

/// The seed against a real database (SQLite always, PostgreSQL when configured).
#[cfg(test)]
mod db_tests {
    use super::*;
    use crate::{AppConfig, FixedClock};
    use logbog_domain::CompetencyState;
    use logbog_domain::access::{TraineeAccessDenied, trainee_access};
    use logbog_testkit::TestDb;
    use std::sync::Arc;

    fn app(db: &TestDb, today: NaiveDate) -> App {
        let clock = Arc::new(FixedClock::at_date(today));
        App::new(db.db.clone(), clock, AppConfig::default())
    }

    /// Counts of (approved, reported ready, not started) over all the trainee's curricula, or
    /// only those of `kind`.
    async fn states(conn: &mut Conn, trainee: PersonId, kind: Option<ProgrammeKind>) -> (usize, usize, usize) {
        let mut counts = (0, 0, 0);
        for (_, v) in programmes::curricula_of_trainee(conn, trainee).await.unwrap() {
            if kind.is_some_and(|k| k != v.kind) {
                continue;
            }
            let statuses = crate::items::statuses(conn, trainee, chrono::Utc::now().date_naive())
                .await
                .unwrap();
            for c in curricula::competencies_of_version(conn, v.id).await.unwrap() {
                match statuses.of(ItemRef::Competency(c.id)).state() {
                    CompetencyState::Approved => counts.0 += 1,
                    CompetencyState::ReportedReady => counts.1 += 1,
                    CompetencyState::NotStarted => counts.2 += 1,
                }
            }
        }
        counts
    }

    async fn seeds_a_consistent_demo(db: TestDb) {
        let today = NaiveDate::from_ymd_opt(2026, 11, 26).unwrap();
        let app = app(&db, today);
        let mut steps = Vec::new();
        let report = seed(&app, &mut |step, total, label| {
            steps.push((step, total, label.to_owned()))
        })
        .await
        .unwrap();
        assert!(report.seeded);
        assert_eq!(steps.len(), STEPS.len());
        for (i, (step, total, _)) in steps.iter().enumerate() {
            assert_eq!((*step, *total), (i + 1, STEPS.len()));
        }
        let again = seed(&app, &mut |_, _, _| {}).await.unwrap();
        assert!(!again.seeded, "idempotent");

        let mut conn = app.db.conn().await.unwrap();
        let conn: &mut Conn = &mut conn;
        assert_eq!(
            meta::get(conn, SEEDED_KEY).await.unwrap().as_deref(),
            Some("2026-11-26")
        );
        assert_eq!(accounts::count_accounts(conn).await.unwrap(), ACCOUNTS.len() as i64);
        let mut person = HashMap::new();
        for a in demo_accounts() {
            let account = accounts::find_by_username(conn, &a.username).await.unwrap().unwrap();
            let mut roles: Vec<Role> = accounts::grants_of(conn, account.person.id)
                .await
                .unwrap()
                .into_iter()
                .map(|g| g.role)
                .collect();
            roles.sort();
            roles.dedup();
            let mut expected = a.roles.clone();
            expected.sort();
            assert_eq!(roles, expected, "{}", a.username);
            person.insert(a.username.clone(), account.person.id);
            if a.username == "laege.hu1" {
                assert!(crate::password::verify(DEMO_PASSWORD, &account.password_hash));
                let cpr = account.person.cpr.unwrap();
                let age = today.years_since(cpr.birth_date().unwrap()).unwrap();
                assert_eq!(age, 32);
            }
        }
        let p = |u: &str| person[u];

        // Who may log in today.
        for (u, expected) in [
            ("laege.kbu", Ok(())),
            ("laege.intro", Ok(())),
            ("laege.hu1", Ok(())),
            ("laege.hu3", Ok(())),
            ("laege.hu5", Ok(())),
            ("laege.anerkendt", Ok(())),
            (
                "laege.udloebet",
                Err(TraineeAccessDenied::Ended {
                    ended_on: NaiveDate::from_ymd_opt(2026, 9, 26).unwrap(),
                }),
            ),
            (
                "laege.ny",
                Err(TraineeAccessDenied::NotYetOpen {
                    opens_on: NaiveDate::from_ymd_opt(2026, 12, 1).unwrap(),
                }),
            ),
        ] {
            let (first, recognised) = programmes::access_facts(conn, p(u)).await.unwrap();
            let got = trainee_access(first, recognised, today).map(|_| ());
            assert_eq!(got, expected, "{u}");
        }

        // Competency states.
        let kbu = states(conn, p("laege.kbu"), None).await;
        assert_eq!(kbu, (10, 2, 4));
        assert_eq!(
            states(conn, p("laege.hu5"), Some(ProgrammeKind::Main)).await,
            (17, 2, 1)
        );
        let (approved, ready, open) = states(conn, p("laege.hu5"), None).await;
        assert_eq!(ready + open, 3, "hu5: all but 3 approved ({approved} approved)");
        for u in ["laege.anerkendt", "laege.udloebet"] {
            let (_, ready, open) = states(conn, p(u), None).await;
            assert_eq!((ready, open), (0, 0), "{u}: everything approved");
        }
        let hu1 = states(conn, p("laege.hu1"), Some(ProgrammeKind::Main)).await;
        assert!(
            hu1.0 > 0 && hu1.1 > 0 && hu1.2 > 0,
            "hu1 shows all three states: {hu1:?}"
        );
        let intro = states(conn, p("laege.intro"), Some(ProgrammeKind::Introduction)).await;
        assert!(intro.0 > 0 && intro.1 > 0 && intro.2 > 0, "{intro:?}");
        let hu3 = states(conn, p("laege.hu3"), Some(ProgrammeKind::Main)).await;
        let hu3_intro = states(conn, p("laege.hu3"), Some(ProgrammeKind::Introduction)).await;
        let total = |c: (usize, usize, usize)| c.0 + c.1 + c.2;
        assert_eq!(total(hu3) + total(hu3_intro), 84);
        assert!(hu3.1 > 0 && hu3.2 > 0);
        assert_eq!(states(conn, p("laege.ny"), None).await, (0, 0, 16));

        // Employments, leave, supervisors.
        let emps = logbog_db::employments::employments_of_trainee(conn, p("laege.hu1"))
            .await
            .unwrap();
        let current = emps
            .iter()
            .find(|e| e.start_date <= today && today <= e.end_date)
            .unwrap();
        assert_eq!(current.working_percent.get(), 80);
        assert!(current.phase_id.is_some());
        let sups = logbog_db::supervisions::current_supervisors(conn, p("laege.hu1"), today)
            .await
            .unwrap();
        assert!(sups.iter().any(|s| s.supervisor_id == p("vejleder.hansen")));
        assert!(sups.iter().any(|s| s.supervisor_id == p("uao.kardiologi")));
        let former = logbog_db::supervisions::current_supervisors(conn, p("laege.anerkendt"), today)
            .await
            .unwrap();
        assert!(former.is_empty());
        let leaves = logbog_db::employments::leaves_of_trainee(conn, p("laege.hu3"))
            .await
            .unwrap();
        assert_eq!(leaves.len(), 1);
        assert_eq!(leaves[0].kind, LeaveKind::Parental);
        let hu3_emps = logbog_db::employments::employments_of_trainee(conn, p("laege.hu3"))
            .await
            .unwrap();
        let in_practice = hu3_emps
            .iter()
            .find(|e| e.start_date <= today && today <= e.end_date)
            .unwrap();
        assert_eq!(in_practice.site_kind, SiteKind::GeneralPractice);
        for u in ["laege.kbu", "laege.intro", "laege.hu1", "laege.hu3", "laege.hu5"] {
            let emps = logbog_db::employments::employments_of_trainee(conn, p(u))
                .await
                .unwrap();
            assert!(
                emps.iter().any(|e| e.start_date <= today && today <= e.end_date),
                "{u} is employed today"
            );
        }
        let hu5 = programmes::programmes_of(conn, p("laege.hu5")).await.unwrap();
        let main = hu5.iter().find(|p| p.kind == ProgrammeKind::Main).unwrap();
        let days_left = (main.end_date - today).num_days();
        assert!((100..=160).contains(&days_left), "hu5 ends in ~4 months");
    }

    /// Month ends and leap days must not trip the date arithmetic.
    async fn seeds_on_awkward_days(db: TestDb) {
        for day in ["2028-02-29", "2027-03-31"] {
            let today = NaiveDate::parse_from_str(day, "%Y-%m-%d").unwrap();
            let db = if day == "2028-02-29" {
                &db
            } else {
                &TestDb::sqlite().await
            };
            let report = seed(&app(db, today), &mut |_, _, _| {}).await.unwrap();
            assert!(report.seeded, "{day}");
        }
    }

    /// A curriculum version applies to trainees who start after it took effect and stay on it:
    /// every seeded programme is on versions in force on its first day, and so is every
    /// employment, whose version is also one of its programme's.
    async fn programmes_are_on_versions_in_force_at_their_start(db: TestDb) {
        let today = NaiveDate::from_ymd_opt(2026, 11, 26).unwrap();
        let app = app(&db, today);
        seed(&app, &mut |_, _, _| {}).await.unwrap();
        let mut conn = app.db.conn().await.unwrap();
        let conn: &mut Conn = &mut conn;
        let in_force = |v: &curricula::CurriculumVersion, day: NaiveDate| {
            v.valid_from <= day && v.valid_until.is_none_or(|u| u >= day)
        };
        let (mut wrong, mut checked) = (Vec::new(), 0);
        for a in ACCOUNTS.iter().filter(|a| a.roles.contains(&Role::Trainee)) {
            let trainee = accounts::find_by_username(conn, a.username)
                .await
                .unwrap()
                .unwrap()
                .person
                .id;
            let programmes = programmes::programmes_of(conn, trainee).await.unwrap();
            let versions = programmes::curricula_of_trainee(conn, trainee).await.unwrap();
            assert!(!programmes.is_empty(), "{}", a.username);
            for p in &programmes {
                let attached: Vec<_> = versions.iter().filter(|(id, _)| *id == p.id).map(|(_, v)| v).collect();
                assert!(!attached.is_empty(), "{}: a programme without a curriculum", a.username);
                for v in attached {
                    checked += 1;
                    if !in_force(v, p.start_date) {
                        wrong.push(format!(
                            "{}: {:?} programme from {} on {} {} ({}..{:?})",
                            a.username, p.kind, p.start_date, v.name_en, v.label, v.valid_from, v.valid_until
                        ));
                    }
                }
            }
            for e in employments::employments_of_trainee(conn, trainee).await.unwrap() {
                let Some(version) = e.curriculum_version_id else {
                    continue;
                };
                let p = programmes.iter().find(|p| p.id == e.programme_id).unwrap();
                checked += 1;
                match versions.iter().find(|(id, v)| *id == p.id && v.id == version) {
                    Some((_, v)) if in_force(v, p.start_date) => {}
                    Some((_, v)) => wrong.push(format!(
                        "{}: employment from {} of a programme from {} on {} {} ({}..{:?})",
                        a.username, e.start_date, p.start_date, v.name_en, v.label, v.valid_from, v.valid_until
                    )),
                    None => wrong.push(format!(
                        "{}: employment from {} on a version not of its programme",
                        a.username, e.start_date
                    )),
                }
            }
        }
        assert!(checked > 20, "{checked}");
        assert!(
            wrong.is_empty(),
            "{} not in force at the programme's start:\n{}",
            wrong.len(),
            wrong.join("\n")
        );
    }

    logbog_testkit::dual_db_tests!(
        seeds_a_consistent_demo,
        seeds_on_awkward_days,
        programmes_are_on_versions_in_force_at_their_start
    );
}
