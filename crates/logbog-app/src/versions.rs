//! What a curriculum version contains, kept in memory. A version's phases and competencies are
//! written together with it in one transaction and never change afterwards (a revised
//! curriculum is a new version), so every logbook page need not read them again: each process
//! reads a version once, when a page first needs it.

use crate::{App, AppError};
use logbog_db::Conn;
use logbog_db::curricula::{CompetencyListing, Phase};
use logbog_domain::CurriculumVersionId;
use std::collections::HashMap;
use std::sync::{Arc, Mutex};

/// Versions kept at most (the country has about a hundred); beyond it the memory starts over.
const KEPT: usize = 2_000;

/// One curriculum version's phases and competencies, as the logbook lists them.
#[derive(Debug, Clone, PartialEq)]
pub struct VersionContent {
    /// In order.
    pub phases: Vec<Phase>,
    /// Phase by phase, in order.
    pub listing: Vec<CompetencyListing>,
    /// Whether the version serves general practice (its competencies are the tutor's).
    pub general_practice: bool,
}

/// The versions this process has read.
#[derive(Debug, Default)]
pub struct Versions {
    read: Mutex<HashMap<CurriculumVersionId, Arc<VersionContent>>>,
}

impl Versions {
    fn get(&self, version: CurriculumVersionId) -> Option<Arc<VersionContent>> {
        self.read.lock().ok()?.get(&version).cloned()
    }

    fn keep(&self, version: CurriculumVersionId, content: Arc<VersionContent>) {
        if let Ok(mut read) = self.read.lock() {
            if read.len() >= KEPT {
                read.clear();
            }
            read.insert(version, content);
        }
    }
}

/// The content of `version`, read through `conn` the first time. A version without phases is
/// not kept (it may be one being written, or none at all).
pub async fn content(
    app: &App,
    conn: &mut Conn,
    version: CurriculumVersionId,
) -> Result<Arc<VersionContent>, AppError> {
    if let Some(c) = app.versions.get(version) {
        return Ok(c);
    }
    let content = Arc::new(VersionContent {
        phases: logbog_db::curricula::phases_of_versions(conn, &[version]).await?,
        listing: logbog_db::curricula::listing_of_version(conn, version).await?,
        general_practice: logbog_db::curricula::version_serves_specialty(
            conn,
            version,
            logbog_domain::rights::GENERAL_PRACTICE,
        )
        .await?,
    });
    if !content.phases.is_empty() {
        app.versions.keep(version, content.clone());
    }
    Ok(content)
}
