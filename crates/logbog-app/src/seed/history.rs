//! One generated trainee's history: KBU, introduction and main training as far as they have got
//! today, each programme on the curriculum version in force at its start and its employments at
//! sites of its region, a main supervisor for each employment at a department, and competencies
//! reported ready and approved during the employments (a few returned or withdrawn first; the
//! newest still waiting). Drawn from the trainee's own random stream, so it is the same on every
//! run whatever else is generated.

use super::curricula::Curricula;
use super::names::{self, CprBook, rng, uuid_at};
use super::world::World;
use crate::AppError;
use chrono::{DateTime, Datelike, Days, Duration, NaiveDate, Utc};
use logbog_domain::dates::{add_months, sub_months};
use logbog_domain::{
    ApprovalId, ApprovalRequestId, AssessmentMethod, Cpr, EmploymentId, PersonId, PostgraduateRegion, ProgrammeId,
    ProgrammeKind, Role, SiteKind, SpecialtyId, SupervisionId,
};
use rand::Rng;
use rand::rngs::StdRng;

/// Where a trainee works today: anywhere, or at a site of a demo account with a heavy load.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Place {
    Anywhere,
    /// The cardiology department of uao.kardiologi, supervised by vejleder.hansen or not.
    Cardiology {
        hansen: bool,
    },
    Anaesthesia,
    Practice,
}

#[derive(Debug, Clone)]
pub(super) struct Sup {
    pub(super) id: SupervisionId,
    pub(super) supervisor: PersonId,
    pub(super) granted: DateTime<Utc>,
}

#[derive(Debug, Clone)]
pub(super) struct Emp {
    pub(super) id: EmploymentId,
    pub(super) site: usize,
    pub(super) phase: usize,
    pub(super) start: NaiveDate,
    pub(super) end: NaiveDate,
    pub(super) title: &'static str,
    pub(super) percent: u8,
    pub(super) supervision: Option<Sup>,
}

#[derive(Debug, Clone)]
pub(super) struct Prog {
    pub(super) id: ProgrammeId,
    pub(super) kind: ProgrammeKind,
    pub(super) specialty: Option<SpecialtyId>,
    pub(super) region: PostgraduateRegion,
    pub(super) start: NaiveDate,
    pub(super) end: NaiveDate,
    pub(super) curriculum: usize,
    pub(super) version: usize,
    pub(super) created: DateTime<Utc>,
    pub(super) agreement: String,
    pub(super) emps: Vec<Emp>,
}

#[derive(Debug, Clone, Copy)]
pub(super) enum Outcome {
    Approved {
        id: ApprovalId,
        at: DateTime<Utc>,
        method: Option<AssessmentMethod>,
    },
    Returned {
        at: DateTime<Utc>,
    },
    Withdrawn {
        at: DateTime<Utc>,
    },
    Pending,
}

/// A request for approval of one competency and what became of it.
#[derive(Debug, Clone)]
pub(super) struct Req {
    pub(super) id: ApprovalRequestId,
    pub(super) prog: usize,
    pub(super) phase: usize,
    pub(super) comp: usize,
    pub(super) approver: PersonId,
    pub(super) role: Role,
    pub(super) site: usize,
    pub(super) at: DateTime<Utc>,
    pub(super) outcome: Outcome,
}

#[derive(Debug, Clone)]
pub(super) struct Trainee {
    pub(super) id: PersonId,
    pub(super) given: &'static str,
    pub(super) family: &'static str,
    pub(super) number: u32,
    pub(super) cpr: Cpr,
    pub(super) progs: Vec<Prog>,
    pub(super) reqs: Vec<Req>,
}

impl Trainee {
    pub(super) fn name(&self) -> String {
        format!("{} {}", self.given, self.family)
    }
}

/// What every trainee's history is drawn against.
pub(super) struct Ctx<'a> {
    pub(super) world: &'a World,
    pub(super) curricula: &'a Curricula,
    pub(super) seed: u64,
    pub(super) today: NaiveDate,
    pub(super) now: DateTime<Utc>,
    /// The first day of the history (ten years back): nothing starts before the month after.
    pub(super) since: NaiveDate,
}

impl Ctx<'_> {
    fn month(&self, k: i32) -> NaiveDate {
        let first = self.today.with_day(1).unwrap_or(self.today);
        if k >= 0 {
            add_months(first, k.unsigned_abs())
        } else {
            sub_months(first, k.unsigned_abs())
        }
    }

    /// A moment on `day` at a working hour, never after the seed's now.
    fn at(&self, day: NaiveDate, hour: u32, minute: u32) -> DateTime<Utc> {
        names::instant(day, hour, minute).min(self.now - Duration::minutes(5))
    }
}

fn pick<T: Copy>(rng: &mut StdRng, list: &[T]) -> Option<T> {
    (!list.is_empty()).then(|| list[rng.random_range(0..list.len())])
}

const TITLES: [&str; 3] = ["KBU-læge", "Introduktionslæge", "Hoveduddannelseslæge"];

/// Generate trainee number `index` (counting from 0), to be person number `number`.
pub(super) fn trainee(
    ctx: &Ctx<'_>,
    cprs: &mut CprBook,
    index: u32,
    number: u32,
    place: Place,
) -> Result<Trainee, AppError> {
    let mut r = rng(ctx.seed, 1_000_000 + u64::from(index));
    let female = r.random_bool(0.55);
    let (given, family) = names::name(&mut r, female);
    let w = ctx.world;
    let general = w
        .specialties
        .iter()
        .find(|(_, n)| n == "Almen medicin")
        .map(|(id, _)| *id)
        .ok_or_else(|| AppError::Internal("no general practice".into()))?;
    let (forced, specialty) = match place {
        Place::Anywhere => {
            let specialty = if r.random_bool(0.22) {
                general
            } else {
                let clinical: Vec<SpecialtyId> = w
                    .specialties
                    .iter()
                    .filter(|(id, _)| *id != general)
                    .map(|(id, _)| *id)
                    .collect();
                pick(&mut r, &clinical).ok_or_else(|| AppError::Internal("no specialties".into()))?
            };
            (None, specialty)
        }
        Place::Cardiology { .. } => (
            Some(w.heavy.cardiology),
            w.sites[w.heavy.cardiology].specialty.unwrap_or(general),
        ),
        Place::Anaesthesia => (
            Some(w.heavy.anaesthesia),
            w.sites[w.heavy.anaesthesia].specialty.unwrap_or(general),
        ),
        Place::Practice => (Some(w.heavy.practice), general),
    };
    let region = match forced {
        Some(s) => w.sites[s].region,
        None => pick(
            &mut r,
            &[
                PostgraduateRegion::Nord,
                PostgraduateRegion::Syd,
                PostgraduateRegion::Oest,
            ],
        )
        .unwrap_or(PostgraduateRegion::Syd),
    };
    let x: f64 = r.random();
    // 0 KBU, 1 introduction, 2 main training, 3 finished.
    let stage = match place {
        Place::Anywhere => [0.12, 0.30, 0.88].iter().position(|p| x < *p).unwrap_or(3),
        Place::Cardiology { .. } => [0.2, 0.4].iter().position(|p| x < *p).unwrap_or(2),
        Place::Anaesthesia => [0.15, 0.4].iter().position(|p| x < *p).unwrap_or(2),
        Place::Practice => {
            if x < 0.3 {
                1
            } else {
                2
            }
        }
    };
    let main_len: i32 = if specialty == general { 60 } else { 48 };
    // Starts in months from this month (negative: earlier).
    let earliest = {
        let mut k = -1;
        while ctx.month(k) > add_months(ctx.since, 1) {
            k -= 1;
        }
        k + 1
    };
    let mut starts: Vec<(ProgrammeKind, i32, i32)> = Vec::new();
    match stage {
        0 => starts.push((ProgrammeKind::Foundation, -r.random_range(0..12), 12)),
        1 => {
            let intro = -r.random_range(0..12);
            starts.push((ProgrammeKind::Foundation, intro - 12 - r.random_range(0..6), 12));
            starts.push((ProgrammeKind::Introduction, intro, 12));
        }
        _ => {
            let main = if stage == 2 {
                -r.random_range(0..main_len)
            } else {
                (-r.random_range(1..37) - main_len).max(earliest)
            };
            let intro = main - 12 - r.random_range(0..12);
            starts.push((ProgrammeKind::Foundation, intro - 12 - r.random_range(0..6), 12));
            starts.push((ProgrammeKind::Introduction, intro, 12));
            starts.push((ProgrammeKind::Main, main, main_len));
        }
    }
    starts.retain(|(_, k, _)| *k >= earliest);
    let age_years = 25 + (-starts.first().map(|s| s.1).unwrap_or(0) / 12) as u64 + r.random_range(0..4);
    let age_days = age_years * 365 + r.random_range(0..365);
    let cpr = cprs.issue(&mut r, ctx.today, age_days, female)?;
    let mut t = Trainee {
        id: PersonId(uuid_at(&mut r, ctx.now)),
        given,
        family,
        number,
        cpr,
        progs: Vec::new(),
        reqs: Vec::new(),
    };
    for (kind, k, len) in starts {
        let prog = programme(
            ctx, &mut r, &mut t, kind, specialty, general, region, k, len, forced, place,
        )?;
        t.progs.push(prog);
        items(ctx, &mut r, &mut t, place)?;
    }
    Ok(t)
}

/// A programme of `kind` starting `k` months from this month, `len` months long, with its
/// employments (the one of today at `forced`, if given).
#[allow(clippy::too_many_arguments)]
fn programme(
    ctx: &Ctx<'_>,
    r: &mut StdRng,
    t: &mut Trainee,
    kind: ProgrammeKind,
    specialty: SpecialtyId,
    general: SpecialtyId,
    region: PostgraduateRegion,
    k: i32,
    len: i32,
    forced: Option<usize>,
    place: Place,
) -> Result<Prog, AppError> {
    let w = ctx.world;
    let start = ctx.month(k);
    let end = ctx.month(k + len).pred_opt().unwrap_or(start);
    let curriculum = match kind {
        ProgrammeKind::Foundation => Some(ctx.curricula.kbu),
        kind => ctx.curricula.of.get(&(kind, specialty)).copied(),
    }
    .ok_or_else(|| AppError::Internal(format!("no {kind} curriculum for specialty {specialty}")))?;
    let version = ctx.curricula.list[curriculum]
        .version_on(start)
        .ok_or_else(|| AppError::Internal(format!("no curriculum version in force on {start}")))?;
    let created = ctx.at(sub_months(start, 2).min(ctx.today), 10, 0);
    let pool: Vec<usize> = match kind {
        ProgrammeKind::Foundation => w.hospital_departments.get(&region).cloned().unwrap_or_default(),
        _ if specialty == general => w.practices.get(&region).cloned().unwrap_or_default(),
        _ => w.departments.get(&(specialty, region)).cloned().unwrap_or_default(),
    };
    let count: i32 = match kind {
        ProgrammeKind::Foundation => 2,
        ProgrammeKind::Introduction => 1,
        _ if specialty == general => 5,
        _ => 4,
    };
    let phases = ctx.curricula.list[curriculum].versions[version].phases.len().max(1);
    let mut emps = Vec::with_capacity(count as usize);
    for j in 0..count {
        let e_start = ctx.month(k + j * len / count);
        let e_end = ctx.month(k + (j + 1) * len / count).pred_opt().unwrap_or(e_start);
        let current = e_start <= ctx.today && ctx.today <= e_end;
        let site = match forced {
            Some(s) if current => s,
            _ => pick(r, &pool)
                .ok_or_else(|| AppError::Internal(format!("no site for a {kind} programme in {region}")))?,
        };
        let s = &w.sites[site];
        let supervision = if e_start <= ctx.today && s.kind == SiteKind::Department {
            let supervisor = match place {
                Place::Cardiology { hansen: true } if current => Some(w.heavy.hansen),
                // vejleder.hansen is the first supervisor there, and has the trainees above.
                Place::Cardiology { hansen: false } if current => pick(r, s.supervisors.get(1..).unwrap_or_default()),
                _ => pick(r, &s.supervisors),
            };
            supervisor.map(|supervisor| {
                let granted = ctx.at(e_start, 8, 30);
                Sup {
                    id: SupervisionId(uuid_at(r, granted)),
                    supervisor,
                    granted,
                }
            })
        } else {
            None
        };
        emps.push(Emp {
            id: EmploymentId(uuid_at(r, created)),
            site,
            phase: (j as usize * phases) / count as usize,
            start: e_start,
            end: e_end,
            title: TITLES[match kind {
                ProgrammeKind::Foundation => 0,
                ProgrammeKind::Introduction => 1,
                _ => 2,
            }],
            percent: if r.random_bool(0.9) { 100 } else { 80 },
            supervision,
        });
    }
    let agreement = format!(
        "VU-{}-{}-{:05}",
        region.code().to_uppercase(),
        start.year(),
        t.number * 3 + t.progs.len() as u32
    );
    Ok(Prog {
        id: ProgrammeId(uuid_at(r, created)),
        kind,
        specialty: (kind != ProgrammeKind::Foundation).then_some(specialty),
        region,
        start,
        end,
        curriculum,
        version,
        created,
        agreement,
        emps,
    })
}

pub(super) const RETURN_COMMENT: &str = "Mangler dokumentation – se kompetencekortet og meld klar igen.";

/// The requests and approvals of the newest programme's competencies.
fn items(ctx: &Ctx<'_>, r: &mut StdRng, t: &mut Trainee, place: Place) -> Result<(), AppError> {
    let w = ctx.world;
    let p = t.progs.len() - 1;
    let prog = &t.progs[p];
    let version = &ctx.curricula.list[prog.curriculum].versions[prog.version];
    let mut open: Vec<(usize, usize)> = Vec::new();
    let mut current: Option<usize> = None;
    let mut reqs = Vec::new();
    for (phase_index, phase) in version.phases.iter().enumerate() {
        let emps: Vec<usize> = (0..prog.emps.len())
            .filter(|e| prog.emps[*e].phase == phase_index)
            .collect();
        let share = phase.comps.len().div_ceil(emps.len().max(1));
        for (n, comp) in (0..phase.comps.len()).enumerate() {
            let Some(&e) = emps.get(n / share.max(1)) else {
                open.push((phase_index, comp));
                continue;
            };
            let emp = &prog.emps[e];
            if emp.start > ctx.today {
                open.push((phase_index, comp));
                continue;
            }
            let is_current = emp.end >= ctx.today;
            if is_current {
                current = Some(e);
            }
            let last = if is_current { ctx.today } else { emp.end };
            let span = (last - emp.start).num_days().max(1);
            let full = (emp.end - emp.start).num_days().max(1);
            let of_emp = share.min(phase.comps.len() - (n / share.max(1)) * share).max(1);
            let k = n % share.max(1);
            // In a running employment, what has been approved so far: most of its share to date.
            if is_current && (k as f64 + 1.0) > of_emp as f64 * span as f64 / full as f64 * 0.85 {
                open.push((phase_index, comp));
                continue;
            }
            let Some((approver, role)) = approver(ctx, r, emp, version.general_practice) else {
                open.push((phase_index, comp));
                continue;
            };
            let day =
                emp.start + Days::new(((k as f64 + r.random::<f64>()) / of_emp as f64 * span as f64 * 0.9) as u64);
            let latest = last.pred_opt().unwrap_or(last);
            let mut asked = ctx.at(day.min(latest), r.random_range(9..12), r.random_range(0..60));
            let chain = r.random_range(0..100);
            let push = |asked: DateTime<Utc>, outcome: Outcome, reqs: &mut Vec<Req>, r: &mut StdRng| {
                reqs.push(Req {
                    id: ApprovalRequestId(uuid_at(r, asked)),
                    prog: p,
                    phase: phase_index,
                    comp,
                    approver,
                    role,
                    site: emp.site,
                    at: asked,
                    outcome,
                })
            };
            let limit = ctx.at(latest, 15, 0).max(asked + Duration::hours(1));
            let later = |from: DateTime<Utc>, r: &mut StdRng, days: u32| {
                (from + Duration::days(i64::from(r.random_range(0..=days))) + Duration::hours(r.random_range(1..6)))
                    .min(limit)
            };
            if chain < 6 && limit - asked > Duration::days(8) {
                let decided = later(asked, r, 2);
                let outcome = if chain < 4 {
                    Outcome::Returned { at: decided }
                } else {
                    Outcome::Withdrawn { at: decided }
                };
                push(asked, outcome, &mut reqs, r);
                asked = later(decided, r, 2);
            }
            let decided = later(asked, r, 10).max(asked + Duration::minutes(30));
            let comp_ref = &phase.comps[comp];
            let method = pick(r, &comp_ref.methods);
            let outcome = Outcome::Approved {
                id: ApprovalId(uuid_at(r, decided)),
                at: decided,
                method,
            };
            push(asked, outcome, &mut reqs, r);
        }
    }
    // Requests still waiting, made in the last weeks of the employment of today.
    if let Some(e) = current {
        let emp = &prog.emps[e];
        let site = &w.sites[emp.site];
        let (to_sup, to_lead) = match place {
            Place::Cardiology { hansen: true } => (3, usize::from(r.random_bool(0.78))),
            Place::Cardiology { hansen: false } => (1, usize::from(r.random_bool(0.78))),
            Place::Anaesthesia => (1, 1 + usize::from(r.random_bool(0.5))),
            Place::Practice => (0, 4),
            Place::Anywhere => (r.random_range(0..=2), usize::from(r.random_bool(0.3))),
        };
        let mut waiting: Vec<(PersonId, Role)> = Vec::new();
        if let Some(s) = &emp.supervision
            && !version.general_practice
        {
            waiting.extend(std::iter::repeat_n((s.supervisor, Role::Supervisor), to_sup));
        }
        if !version.general_practice || site.lead_role == Role::Tutor {
            waiting.extend(std::iter::repeat_n((site.lead, site.lead_role), to_lead));
        }
        let from = emp.start.max(ctx.today - Days::new(25));
        for (approver, role) in waiting {
            if open.is_empty() {
                break;
            }
            let (phase, comp) = open.remove(0);
            let asked = names::working_time(r, from, ctx.today).min(ctx.now - Duration::hours(1));
            if asked < names::instant(emp.start, 0, 0) {
                continue;
            }
            reqs.push(Req {
                id: ApprovalRequestId(uuid_at(r, asked)),
                prog: p,
                phase,
                comp,
                approver,
                role,
                site: emp.site,
                at: asked,
                outcome: Outcome::Pending,
            });
        }
    }
    t.reqs.extend(reqs);
    Ok(())
}

/// Who approves in an employment: its main supervisor most often, else the site's lead; in
/// general practice only the tutor.
fn approver(ctx: &Ctx<'_>, r: &mut StdRng, emp: &Emp, general_practice: bool) -> Option<(PersonId, Role)> {
    let site = &ctx.world.sites[emp.site];
    if general_practice {
        return (site.lead_role == Role::Tutor).then_some((site.lead, Role::Tutor));
    }
    match &emp.supervision {
        Some(s) if r.random_bool(0.7) => Some((s.supervisor, Role::Supervisor)),
        _ => Some((site.lead, site.lead_role)),
    }
}
