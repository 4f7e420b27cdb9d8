//! The national dataset's 71 curricula: the demo's seven (with an older version where the demo's
//! took effect after the history begins) and synthetic ones for the other specialties (a main
//! training for each, an introduction for most), written through the curricula repository and
//! read back from it, so every run works on what is stored.

use super::names::rng;
use crate::reference_data::{self, specialty_code};
use crate::{AppError, demo};
use chrono::{Datelike, Days, NaiveDate};
use logbog_db::curricula::{self, Competency};
use logbog_db::{Conn, reference};
use logbog_domain::rights::GENERAL_PRACTICE;
use logbog_domain::{
    AssessmentMethod, CompetencyId, CurriculumId, CurriculumVersionId, DoctorRole, PhaseId, ProgrammeKind, SpecialtyId,
};
use rand::Rng;
use std::collections::HashMap;

/// What a curriculum is, before it is stored.
#[derive(Debug, Clone)]
pub(super) struct Spec {
    pub(super) code: String,
    pub(super) kind: ProgrammeKind,
    /// Danish names of the specialties it serves (none for KBU).
    pub(super) specialties: Vec<String>,
    /// One of the demo's, which `demo::seed` stores.
    pub(super) demo: bool,
}

/// A competency as the generator needs it.
#[derive(Debug, Clone)]
pub(super) struct Comp {
    pub(super) id: CompetencyId,
    pub(super) code: String,
    pub(super) methods: Vec<AssessmentMethod>,
}

#[derive(Debug, Clone)]
pub(super) struct Phase {
    pub(super) id: PhaseId,
    pub(super) comps: Vec<Comp>,
}

#[derive(Debug, Clone)]
pub(super) struct Version {
    pub(super) id: CurriculumVersionId,
    pub(super) valid_from: NaiveDate,
    pub(super) valid_until: Option<NaiveDate>,
    pub(super) phases: Vec<Phase>,
    /// General practice: only the tutor approves its competencies.
    pub(super) general_practice: bool,
}

#[derive(Debug, Clone)]
pub(super) struct Curriculum {
    /// Oldest first.
    pub(super) versions: Vec<Version>,
}

impl Curriculum {
    /// The version in force on `day`, the one a programme starting then follows.
    pub(super) fn version_on(&self, day: NaiveDate) -> Option<usize> {
        self.versions
            .iter()
            .rposition(|v| v.valid_from <= day && v.valid_until.is_none_or(|u| u >= day))
    }
}

/// The stored curricula, and which one a programme of a kind in a specialty follows.
#[derive(Debug, Clone)]
pub(super) struct Curricula {
    pub(super) list: Vec<Curriculum>,
    pub(super) kbu: usize,
    /// By (kind, specialty): introduction and main training.
    pub(super) of: HashMap<(ProgrammeKind, SpecialtyId), usize>,
}

/// The 71 curricula in a fixed order: KBU, then per specialty its introduction (the shared one
/// of internal medicine, once) and its main training.
pub(super) fn specs() -> Result<Vec<Spec>, AppError> {
    let demo = demo::demo_curricula()?;
    let mut out: Vec<Spec> = Vec::new();
    let demo_for = |kind: ProgrammeKind, specialty: Option<&str>| {
        demo.iter()
            .find(|(_, k, s)| *k == kind && specialty.is_none_or(|sp| s.iter().any(|x| x == sp)))
            .map(|(code, _, s)| (code.clone(), s.clone()))
    };
    if let Some((code, specialties)) = demo_for(ProgrammeKind::Foundation, None) {
        out.push(Spec {
            code,
            kind: ProgrammeKind::Foundation,
            specialties,
            demo: true,
        });
    }
    for row in reference_data::specialty_rows()? {
        for kind in [ProgrammeKind::Introduction, ProgrammeKind::Main] {
            let spec = match demo_for(kind, Some(&row.name_da)) {
                Some((code, specialties)) => Spec {
                    code,
                    kind,
                    specialties,
                    demo: true,
                },
                None => {
                    let suffix = if kind == ProgrammeKind::Main { "hu" } else { "intro" };
                    Spec {
                        code: format!("{}-{suffix}", specialty_code(&row.name_da)),
                        kind,
                        specialties: vec![row.name_da.clone()],
                        demo: false,
                    }
                }
            };
            if !out.iter().any(|s| s.code == spec.code) {
                out.push(spec);
            }
        }
    }
    // Not every specialty has an introduction of its own in this dataset: 71 curricula in all,
    // as nationally, the specialties at the end of the list sharing none.
    let mut intros = out
        .iter()
        .filter(|s| s.kind == ProgrammeKind::Introduction && !s.demo)
        .count();
    let excess = out.len().saturating_sub(71);
    out.retain(|s| {
        if excess > 0 && s.kind == ProgrammeKind::Introduction && !s.demo && intros > 0 {
            let keep = intros > excess;
            intros -= 1;
            keep
        } else {
            true
        }
    });
    Ok(out)
}

const TOPICS: &[(&str, &str)] = &[
    ("Akut modtagelse og triage", "Acute admission and triage"),
    ("Udredning af den komplekse patient", "Work-up of the complex patient"),
    ("Behandlingsplan og opfølgning", "Treatment plan and follow-up"),
    (
        "Kommunikation med patient og pårørende",
        "Communication with patients and relatives",
    ),
    ("Tværfagligt samarbejde", "Interdisciplinary collaboration"),
    ("Ledelse af vagtarbejde", "Leading on-call work"),
    ("Praktiske procedurer", "Practical procedures"),
    ("Patientsikkerhed og kvalitet", "Patient safety and quality"),
    ("Undervisning og supervision", "Teaching and supervision"),
    ("Evidensbaseret praksis", "Evidence-based practice"),
    ("Ambulant forløb", "Outpatient care"),
    ("Sundhedsfremme og forebyggelse", "Health promotion and prevention"),
];

/// The first day of the year before the one `day` lies in: when synthetic curricula and the
/// older versions of the demo's took effect, before anything in the history.
pub(super) fn old_valid_from(history_start: NaiveDate) -> NaiveDate {
    NaiveDate::from_ymd_opt(history_start.year() - 1, 1, 1).unwrap_or(history_start)
}

/// Phases and competencies of a synthetic version: main trainings three phases of 40–60
/// competencies in all, introductions and KBU one phase of 15–30.
async fn insert_contents(
    conn: &mut Conn,
    seed: u64,
    version: CurriculumVersionId,
    kind: ProgrammeKind,
    title: &str,
    label: &str,
) -> Result<(), AppError> {
    let mut r = rng(seed, fnv(&format!("{title}/{label}")));
    let (phases, total) = match kind {
        ProgrammeKind::Main => (3, r.random_range(40..=60)),
        _ => (1, r.random_range(15..=30)),
    };
    let mut n = 0;
    for p in 1..=phases {
        let (name_da, name_en) = if phases == 1 {
            ("Hele forløbet".to_owned(), "The whole programme".to_owned())
        } else {
            (format!("Fase {p}"), format!("Phase {p}"))
        };
        let phase = curricula::insert_phase(conn, version, &format!("fase-{p}"), p, &name_da, &name_en).await?;
        let count = total / phases + i64::from(p <= total % phases);
        for c in 1..=count {
            n += 1;
            let (topic_da, topic_en) = TOPICS[r.random_range(0..TOPICS.len())];
            let mut methods: Vec<AssessmentMethod> = Vec::new();
            for _ in 0..r.random_range(1..=2) {
                let m = AssessmentMethod::ALL[r.random_range(0..AssessmentMethod::ALL.len())];
                if !methods.contains(&m) {
                    methods.push(m);
                }
            }
            let role = DoctorRole::ALL[r.random_range(0..DoctorRole::ALL.len())];
            let competency = Competency {
                id: CompetencyId::new(),
                curriculum_version_id: version,
                phase_id: phase,
                code: format!("{p}.{c}"),
                ordinal: c,
                title_da: format!("{title}: kompetence {n} – {topic_da}"),
                title_en: format!("{title}: competency {n} – {topic_en}"),
                description_da: format!(
                    "Lægen kan selvstændigt varetage {} i specialet.",
                    topic_da.to_lowercase()
                ),
                description_en: format!(
                    "The doctor independently handles {} in the specialty.",
                    topic_en.to_lowercase()
                ),
                doctor_roles: vec![role, DoctorRole::MedicalExpert],
                assessment_methods: methods,
                learning_methods_da: vec!["Klinisk arbejde".into(), "Supervision".into()],
                learning_methods_en: vec!["Clinical work".into(), "Supervision".into()],
                competency_card: (r.random_range(0..4) == 0).then(|| format!("Kompetencekort {p}.{c}")),
            };
            curricula::insert_competency(conn, &competency).await?;
        }
    }
    Ok(())
}

/// FNV-1a: a stable number of a text, to seed a stream by name.
pub(super) fn fnv(s: &str) -> u64 {
    s.bytes().fold(0xcbf2_9ce4_8422_2325_u64, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
    })
}

/// Store the synthetic curricula and the older versions of the demo's (the demo's own are stored
/// by `demo::seed`). Run once, in the transaction that stores the rest of the world.
pub(super) async fn insert(
    conn: &mut Conn,
    seed: u64,
    specs: &[Spec],
    history_start: NaiveDate,
) -> Result<(), AppError> {
    let specialties: HashMap<String, (SpecialtyId, String, String)> = reference::list_specialties(conn)
        .await?
        .into_iter()
        .map(|s| (s.name_da.clone(), (s.id, s.name_da, s.name_en)))
        .collect();
    let from = old_valid_from(history_start);
    let label = from.year().to_string();
    for spec in specs {
        let names = spec.specialties.first().and_then(|s| specialties.get(s));
        let (title_da, title_en) = names
            .map(|(_, da, en)| (da.clone(), en.clone()))
            .unwrap_or_else(|| ("KBU".into(), "Foundation year".into()));
        if spec.demo {
            let id = curriculum_id(conn, &spec.code).await?;
            let Some(first) = versions_of(conn, id).await?.into_iter().next() else {
                return Err(AppError::Internal(format!("curriculum {} has no version", spec.code)));
            };
            if first.valid_from > from {
                let until = first.valid_from.checked_sub_days(Days::new(1));
                let version = curricula::insert_version(conn, id, &label, from, until).await?;
                insert_contents(conn, seed, version, spec.kind, &title_da, &label).await?;
            }
            continue;
        }
        let (name_da, name_en) = match spec.kind {
            ProgrammeKind::Main => (
                format!("Hoveduddannelsen i {}", title_da.to_lowercase()),
                format!("Specialist training in {}", title_en.to_lowercase()),
            ),
            _ => (
                format!("Introduktionsuddannelsen i {}", title_da.to_lowercase()),
                format!("Introductory training in {}", title_en.to_lowercase()),
            ),
        };
        let served: Vec<SpecialtyId> = spec
            .specialties
            .iter()
            .filter_map(|s| specialties.get(s).map(|(id, ..)| *id))
            .collect();
        let id = curricula::insert_curriculum(conn, &spec.code, spec.kind, &name_da, &name_en, &served).await?;
        let version = curricula::insert_version(conn, id, &label, from, None).await?;
        insert_contents(conn, seed, version, spec.kind, &title_da, &label).await?;
    }
    Ok(())
}

async fn curriculum_id(conn: &mut Conn, code: &str) -> Result<CurriculumId, AppError> {
    curricula::find_curriculum_by_code(conn, code)
        .await?
        .ok_or_else(|| AppError::Internal(format!("curriculum {code} is missing; was the demo data seeded?")))
}

/// All versions of a curriculum, oldest first, walked back from the newest.
async fn versions_of(conn: &mut Conn, id: CurriculumId) -> Result<Vec<curricula::CurriculumVersion>, AppError> {
    let mut out = Vec::new();
    // Text comparison: a year of four digits (NaiveDate::MAX would be written with a sign).
    let mut before = NaiveDate::from_ymd_opt(9999, 12, 31).unwrap_or(NaiveDate::MAX);
    while let Some(v) = curricula::version_for_hire_date(conn, id, before).await? {
        let version = curricula::find_version(conn, v)
            .await?
            .ok_or_else(|| AppError::Internal(format!("curriculum version {v} vanished")))?;
        before = match version.valid_from.checked_sub_days(Days::new(1)) {
            Some(d) => d,
            None => break,
        };
        out.push(version);
    }
    out.reverse();
    Ok(out)
}

/// Read the curricula of `specs` back as stored.
pub(super) async fn load(conn: &mut Conn, specs: &[Spec]) -> Result<Curricula, AppError> {
    let specialties: HashMap<String, SpecialtyId> = reference::list_specialties(conn)
        .await?
        .into_iter()
        .map(|s| (s.name_da, s.id))
        .collect();
    let mut list = Vec::with_capacity(specs.len());
    let mut of = HashMap::new();
    let mut kbu = None;
    for (i, spec) in specs.iter().enumerate() {
        let id = curriculum_id(conn, &spec.code).await?;
        let mut versions = Vec::new();
        for v in versions_of(conn, id).await? {
            let comps = curricula::competencies_of_version(conn, v.id).await?;
            let phases = curricula::phases_of_versions(conn, &[v.id])
                .await?
                .into_iter()
                .map(|p| Phase {
                    id: p.id,
                    comps: comps
                        .iter()
                        .filter(|c| c.phase_id == p.id)
                        .map(|c| Comp {
                            id: c.id,
                            code: c.code.clone(),
                            methods: c.assessment_methods.clone(),
                        })
                        .collect(),
                })
                .collect();
            versions.push(Version {
                id: v.id,
                valid_from: v.valid_from,
                valid_until: v.valid_until,
                phases,
                general_practice: curricula::version_serves_specialty(conn, v.id, GENERAL_PRACTICE).await?,
            });
        }
        match spec.kind {
            ProgrammeKind::Foundation => kbu = Some(i),
            kind => {
                for s in &spec.specialties {
                    if let Some(sid) = specialties.get(s) {
                        of.insert((kind, *sid), i);
                    }
                }
            }
        }
        list.push(Curriculum { versions });
    }
    let kbu = kbu.ok_or_else(|| AppError::Internal("no KBU curriculum".into()))?;
    Ok(Curricula { list, kbu, of })
}
