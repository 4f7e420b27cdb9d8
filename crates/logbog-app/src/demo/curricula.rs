//! The demo's curricula, embedded as JSON (`curricula/*.json`) and loaded as curriculum versions
//! with their phases and competencies.

use super::Seeder;
use crate::AppError;
use chrono::NaiveDate;
use logbog_db::curricula::{self, Competency};
use logbog_domain::{AssessmentMethod, CompetencyId, CurriculumVersionId, DoctorRole, PhaseId, ProgrammeKind};
use serde::Deserialize;

pub(super) const CURRICULA: &[(&str, &str)] = &[
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
pub(super) struct CurriculumFile {
    /// The curriculum's code with the version appended, e.g. `kbu-2017`.
    pub(super) code: String,
    pub(super) kind: ProgrammeKind,
    /// Danish names of the specialties the curriculum serves (none for KBU).
    pub(super) specialties: Vec<String>,
    pub(super) name_da: String,
    pub(super) name_en: String,
    pub(super) version: String,
    pub(super) valid_from: NaiveDate,
    #[serde(default)]
    pub(super) valid_until: Option<NaiveDate>,
    pub(super) phases: Vec<PhaseFile>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct PhaseFile {
    pub(super) code: String,
    pub(super) name_da: String,
    pub(super) name_en: String,
    pub(super) competencies: Vec<CompetencyFile>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct CompetencyFile {
    pub(super) code: String,
    pub(super) title_da: String,
    pub(super) title_en: String,
    pub(super) description_da: String,
    pub(super) description_en: String,
    pub(super) doctor_roles: Vec<DoctorRole>,
    pub(super) learning_methods_da: Vec<String>,
    pub(super) learning_methods_en: Vec<String>,
    pub(super) assessment_methods: Vec<AssessmentMethod>,
    pub(super) competency_card: Option<String>,
}

impl CurriculumFile {
    /// The curriculum's code without the version suffix: `kbu-2017` → `kbu`.
    pub(super) fn curriculum_code(&self) -> &str {
        self.code
            .strip_suffix(&self.version)
            .and_then(|c| c.strip_suffix('-'))
            .unwrap_or(&self.code)
    }

    #[cfg(test)]
    pub(super) fn competency_count(&self) -> usize {
        self.phases.iter().map(|p| p.competencies.len()).sum()
    }
}

/// The embedded curricula, parsed.
pub(super) fn curriculum_files() -> Result<Vec<CurriculumFile>, AppError> {
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
pub(super) struct Comp {
    pub(super) id: CompetencyId,
    pub(super) methods: Vec<AssessmentMethod>,
    pub(super) has_card: bool,
}

#[derive(Debug, Clone)]
pub(super) struct LoadedPhase {
    pub(super) id: PhaseId,
    pub(super) code: String,
    pub(super) comps: Vec<Comp>,
}

#[derive(Debug, Clone)]
pub(super) struct LoadedCurriculum {
    pub(super) version: CurriculumVersionId,
    pub(super) phases: Vec<LoadedPhase>,
}

impl Seeder<'_> {
    pub(super) async fn curricula(&mut self) -> Result<(), AppError> {
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
}

/// The demo's curricula as another seed builds on them: (code without version, kind, Danish
/// names of the specialties served).
pub(crate) fn demo_curricula() -> Result<Vec<(String, ProgrammeKind, Vec<String>)>, AppError> {
    Ok(curriculum_files()?
        .into_iter()
        .map(|f| (f.curriculum_code().to_owned(), f.kind, f.specialties.clone()))
        .collect())
}
