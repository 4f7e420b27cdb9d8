//! The demo accounts (the table `logbog demo` prints and the login page shows), the people
//! behind them and on the sites' staff, and the role grants that no use case gives.

use super::sites::{ANAESTESI, KARDIOLOGI, Staff};
use super::{DEMO_PASSWORD, DemoAccount, Seeder};
use crate::AppError;
use crate::reference_data;
use chrono::{Datelike, NaiveDate};
use logbog_db::accounts::{self, NewGrant, NewPerson};
use logbog_domain::dates::sub_months;
use logbog_domain::{Cpr, PersonId, PostgraduateRegion, Role};

/// One demo account and the person behind it.
pub(super) struct AccountSpec {
    pub(super) username: &'static str,
    pub(super) roles: &'static [Role],
    pub(super) given: &'static str,
    pub(super) family: &'static str,
    /// Age in whole years; trainees get a CPR number of that age.
    pub(super) age: Option<u32>,
    pub(super) female: bool,
    /// Doctors get an authorisation id (autorisations-ID).
    pub(super) doctor: bool,
    pub(super) note: &'static str,
}

pub(super) const ACCOUNTS: &[AccountSpec] = &[
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
        note: "Training lead (UAO) of two anaesthesiology departments, Aalborg \
               Universitetshospital and Regionshospitalet Randers (Nord): a request of laege.hu5 \
               waits here, and in Randers a time attestation in its last month",
    },
    AccountSpec {
        username: "tutor.praksis",
        roles: &[Role::Tutor],
        given: "Jens",
        family: "Holm",
        age: None,
        female: false,
        doctor: true,
        note: "GP tutor of the practice in Roskilde (Øst) where laege.hu3 is in phase 2: her requests wait in the work list, one with a qualification card confirmed by the emergency department",
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
        note: "Head course leader of the specialty-specific courses in cardiology: publishes cardiology's specialty files (Specialefiler)",
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
        note: "Regional secretariat Nord: a paper time attestation of laege.hu5 waits in its work list; resets approvals, gives training leads and tutors access",
    },
    AccountSpec {
        username: "sekretariat.syd",
        roles: &[Role::Secretariat],
        given: "Hanne",
        family: "Poulsen",
        age: None,
        female: true,
        doctor: false,
        note: "Regional secretariat Syd: a paper time attestation of laege.hu1 waits in its work list; resets approvals, gives training leads and tutors access",
    },
    AccountSpec {
        username: "sekretariat.oest",
        roles: &[Role::Secretariat],
        given: "Susanne",
        family: "Frederiksen",
        age: None,
        female: true,
        doctor: false,
        note: "Regional secretariat Øst: a paper time attestation of laege.hu3 waits in its work list; resets approvals, gives training leads and tutors access",
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

/// 34 characters without I and O, as in authorisation ids.
pub(super) const ID_ALPHABET: &[u8] = b"0123456789ABCDEFGHJKLMNPQRSTUVWXYZ";

/// A fake authorisation id of five characters; distinct for distinct `n` (an affine map modulo
/// 34^5 with a multiplier prime to 34).
pub(crate) fn authorisation_id(n: u32) -> String {
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
pub(super) fn demo_cpr(today: NaiveDate, age: u32, idx: u32, female: bool) -> Result<Cpr, AppError> {
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
/// The password hash of the staff's accounts: no password verifies against it. The colleagues
/// who approve in the demo's histories act through their accounts, as in real use, but only the
/// demo accounts log in.
pub(super) const NO_LOGIN: &str = "!";

pub(super) fn demo_email(given: &str, family: &str) -> String {
    format!(
        "{}.{}@example.dk",
        reference_data::specialty_code(given),
        reference_data::specialty_code(family)
    )
}

impl Seeder<'_> {
    pub(super) async fn new_person(
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
    pub(super) async fn accounts(&mut self) -> Result<(), AppError> {
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
            let account =
                accounts::insert_account(&mut *self.conn, person, spec.username, &self.password_hash, self.now).await?;
            self.people.insert(spec.username, person);
            self.accounts.insert(person, (account, spec.username.to_owned()));
        }
        Ok(())
    }

    /// A person on a site's staff: a demo account's, or a colleague with an account of their own
    /// (`given.family`) that does not log in.
    pub(super) async fn staff(&mut self, staff: Staff) -> Result<PersonId, AppError> {
        let (given, family) = match staff {
            Staff::Account(username) => return self.person(username),
            Staff::Named(given, family) => (given, family),
        };
        let person = self.new_person(given, family, None, true).await?;
        let base = format!(
            "{}.{}",
            reference_data::specialty_code(given),
            reference_data::specialty_code(family)
        );
        let mut username = base.clone();
        let mut n = 1;
        while accounts::find_by_username(&mut *self.conn, &username).await?.is_some() {
            n += 1;
            username = format!("{base}{n}");
        }
        let account = accounts::insert_account(&mut *self.conn, person, &username, NO_LOGIN, self.now).await?;
        self.accounts.insert(person, (account, username));
        Ok(person)
    }

    /// A role grant that no use case gives (yet): the administrator's roles, a supervisor's role
    /// at a site, the trainee role. Written as reference data of who holds which role; a site
    /// role of a training lead or tutor goes through `access::grant_site_role_in` instead.
    pub(super) async fn grant(
        &mut self,
        person: PersonId,
        role: Role,
        scope: Option<&str>,
        valid_from: NaiveDate,
        granted_by: Option<PersonId>,
    ) -> Result<(), AppError> {
        debug_assert!(
            !matches!(role, Role::TrainingLead | Role::Tutor),
            "a use case gives {role}"
        );
        let grant = NewGrant {
            person_id: person,
            role,
            scope_id: scope,
            valid_from,
            valid_until: None,
            granted_by,
        };
        accounts::insert_grant(&mut *self.conn, &grant, self.now).await?;
        Ok(())
    }

    /// The grants of the accounts that are not tied to a site (those come with the sites) and
    /// not trainees (those come with their programmes), from eleven years back: the
    /// secretariats give the sites' roles ten years back.
    pub(super) async fn account_grants(&mut self) -> Result<(), AppError> {
        let since = sub_months(self.month(0), 132);
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
    pub(super) async fn check_accounts(&mut self) -> Result<(), AppError> {
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

    /// The Trainee grant, from the start of the first programme, given by the region's secretariat.
    pub(super) async fn trainee_grant(
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
}
