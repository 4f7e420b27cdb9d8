//! Specialty-specific files (specialespecifikke filer): the blank forms of a curriculum that
//! its specialty's course leaders and the secretariats publish, in versions; the one page on
//! which trainees and their approvers find the forms of their curricula; and the forms a
//! competency's page links.

use super::{StoredFile, UploadTarget, record_in, record_or_discard};
use crate::people::CurrentUser;
use crate::{App, AppError, At, Problem};
use logbog_db::Conn;
use logbog_db::specialty_files::{self as repo, CurriculumEntry, SpecialtyFile};
use logbog_domain::specialty_files::{SpecialtyFileForm, may_publish};
use logbog_domain::{CurriculumId, DocumentId, DocumentKind, Role};

/// The role in which `user` may publish the files of `curriculum`: a course leader of a
/// specialty it serves, or the secretariat. Anyone else is refused; a curriculum that does not
/// exist is not found.
pub(crate) async fn publish_role(
    conn: &mut Conn,
    user: &CurrentUser,
    curriculum: CurriculumId,
) -> Result<Role, AppError> {
    let c = repo::curriculum(conn, curriculum)
        .await?
        .ok_or(AppError::NotFound("curriculum"))?;
    Ok(may_publish(
        &user.led_specialties(),
        user.has_role(Role::Secretariat),
        &c.specialties,
    )?)
}

/// Whether the specialty files page is one of the user's pages: trainees, their approvers,
/// course leaders and the secretariats (everyone signed in may download a form, but the
/// others have no curriculum of their own to look at).
pub fn reads_specialty_files(user: &CurrentUser) -> bool {
    [
        Role::Trainee,
        Role::Supervisor,
        Role::TrainingLead,
        Role::Tutor,
        Role::CourseLeader,
        Role::Secretariat,
    ]
    .iter()
    .any(|r| user.has_role(*r))
}

fn publish_as(user: &CurrentUser, c: &CurriculumEntry) -> Option<Role> {
    may_publish(
        &user.led_specialties(),
        user.has_role(Role::Secretariat),
        &c.specialties,
    )
    .ok()
}

/// What describes a specialty file besides its file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SpecialtyFileInput {
    pub title: String,
    pub form: SpecialtyFileForm,
    /// The codes of the competencies it belongs to (e.g. `K3`); none for a general form.
    pub competencies: Vec<String>,
    /// The current version this one replaces.
    pub replaces: Option<DocumentId>,
}

/// Publish `file` as a specialty file of `curriculum` (or, with `replaces`, a new version of
/// one). `input` may be an error already (a form field that could not be read): the file is
/// discarded then, as on every other failure.
pub async fn publish(
    app: &App,
    user: &CurrentUser,
    curriculum: CurriculumId,
    input: Result<SpecialtyFileInput, AppError>,
    file: StoredFile,
) -> Result<DocumentId, AppError> {
    record_or_discard(app, file, async |tx, at, file| {
        publish_in(tx, at, user, curriculum, &input?, file).await
    })
    .await
}

/// [`publish`] inside the caller's transaction at `at` (the demo uses it); the caller discards
/// the file if this fails.
pub(crate) async fn publish_in(
    conn: &mut Conn,
    at: At,
    user: &CurrentUser,
    curriculum: CurriculumId,
    input: &SpecialtyFileInput,
    file: &StoredFile,
) -> Result<DocumentId, AppError> {
    if file.target != (UploadTarget::SpecialtyFile { curriculum }) {
        return Err(AppError::Internal("an upload recorded for another target".into()));
    }
    let role = publish_role(conn, user, curriculum).await?;
    let title = input.title.trim();
    if title.is_empty() {
        return Err(AppError::Invalid {
            field: "title",
            problem: Problem::Required,
        });
    }
    if let Some(problem) = crate::text::check("title", title) {
        return Err(AppError::Invalid {
            field: "title",
            problem,
        });
    }
    let named: Vec<String> = repo::competencies_of(conn, curriculum)
        .await?
        .into_iter()
        .map(|(code, _, _)| code)
        .collect();
    let mut codes: Vec<String> = Vec::new();
    for code in &input.competencies {
        let code = code.trim();
        if !named.iter().any(|n| n == code) {
            return Err(AppError::Invalid {
                field: "competencies",
                problem: Problem::NotOfTheCurriculum { code: code.to_owned() },
            });
        }
        if !codes.iter().any(|c| c == code) {
            codes.push(code.to_owned());
        }
    }
    if let Some(old) = input.replaces {
        let current = repo::of_document(conn, old)
            .await?
            .filter(|f| f.curriculum_id == curriculum && f.document.kind == DocumentKind::SpecialtyFile);
        let Some(current) = current else {
            return Err(AppError::Invalid {
                field: "replaces",
                problem: Problem::NotOfTheCurriculum { code: old.to_string() },
            });
        };
        if current.document.deleted_at.is_some() || logbog_db::documents::is_replaced(conn, old).await? {
            return Err(AppError::DocumentChanged);
        }
    }
    // No quota: a form belongs to the curriculum, not to the publisher's logbook.
    let id = record_in(conn, 0, user, role, user.id(), file, input.replaces, at.now).await?;
    repo::insert(conn, id, curriculum, title, input.form, &codes).await?;
    Ok(id)
}

/// A file as the pages show it: the current version with the versions it replaced, newest
/// first.
#[derive(Debug, Clone, PartialEq)]
pub struct SpecialtyFileView {
    pub current: SpecialtyFile,
    pub earlier: Vec<SpecialtyFile>,
}

/// One curriculum's files, and whether (and as what) the viewer may publish there.
#[derive(Debug, Clone)]
pub struct CurriculumFiles {
    pub curriculum: CurriculumEntry,
    pub files: Vec<SpecialtyFileView>,
    pub publish_as: Option<Role>,
}

/// The specialty files page: the viewer's curricula (or the one chosen) with their files, and
/// every curriculum to choose from.
#[derive(Debug, Clone)]
pub struct FilesPage {
    pub sections: Vec<CurriculumFiles>,
    pub chosen: Option<CurriculumId>,
    pub all: Vec<CurriculumEntry>,
    /// The competencies of the chosen curriculum a new file may belong to (code, Danish and
    /// English title), when the viewer may publish there.
    pub competencies: Vec<(String, String, String)>,
}

/// The current files of `all` with their replaced versions, by title.
fn views(all: Vec<SpecialtyFile>) -> Vec<SpecialtyFileView> {
    super::versions(all, |f| &f.document)
        .into_iter()
        .map(|(current, earlier)| SpecialtyFileView { current, earlier })
        .collect()
}

/// The curricula that are the viewer's own: a trainee's programmes', an approver's current
/// trainees', a course leader's specialty's.
async fn own_curricula(
    conn: &mut Conn,
    user: &CurrentUser,
    all: &[CurriculumEntry],
    at: At,
) -> Result<Vec<CurriculumId>, AppError> {
    let mut people = Vec::new();
    if user.has_role(Role::Trainee) {
        people.push(user.id());
    }
    if logbog_domain::rights::APPROVER_ROLES.iter().any(|r| user.has_role(*r)) {
        people.extend(
            logbog_db::relations::trainees_of_staff(conn, user.id(), at.today)
                .await?
                .into_iter()
                .filter(|t| user.has_role(t.role))
                .map(|t| t.trainee_id),
        );
    }
    people.sort();
    people.dedup();
    let mut own = repo::curricula_of_trainees(conn, &people).await?;
    let led = user.led_specialties();
    own.extend(
        all.iter()
            .filter(|c| c.specialties.iter().any(|s| led.contains(s)))
            .map(|c| c.id),
    );
    Ok(own)
}

/// The specialty files page for `user`: the curriculum `chosen`, or else every curriculum of
/// the viewer's own. Everyone signed in may read the forms; the queries do not grow with the
/// number of files or trainees.
pub async fn files_page(app: &App, user: &CurrentUser, chosen: Option<CurriculumId>) -> Result<FilesPage, AppError> {
    let at = app.at();
    let mut tx = app.db.read().await?;
    let all = repo::curricula(&mut tx).await?;
    let shown: Vec<CurriculumId> = match chosen {
        Some(c) if all.iter().any(|x| x.id == c) => vec![c],
        Some(_) => return Err(AppError::NotFound("curriculum")),
        None => own_curricula(&mut tx, user, &all, at).await?,
    };
    let files = repo::files_of(&mut tx, &shown).await?;
    let sections: Vec<CurriculumFiles> = all
        .iter()
        .filter(|c| shown.contains(&c.id))
        .map(|c| CurriculumFiles {
            curriculum: c.clone(),
            files: views(files.iter().filter(|f| f.curriculum_id == c.id).cloned().collect()),
            publish_as: publish_as(user, c),
        })
        .collect();
    let competencies = match (chosen, sections.first()) {
        (Some(c), Some(s)) if s.publish_as.is_some() => repo::competencies_of(&mut tx, c).await?,
        _ => Vec::new(),
    };
    Ok(FilesPage {
        sections,
        chosen,
        all,
        competencies,
    })
}

/// One file with its versions, as its own page shows it, with what a new version needs.
#[derive(Debug, Clone)]
pub struct FileDetail {
    pub file: SpecialtyFileView,
    pub curriculum: CurriculumEntry,
    pub publish_as: Option<Role>,
    pub competencies: Vec<(String, String, String)>,
}

/// The specialty file `document` (any of its versions leads to the current one).
pub async fn file_detail(app: &App, user: &CurrentUser, document: DocumentId) -> Result<FileDetail, AppError> {
    let mut tx = app.db.read().await?;
    let f = repo::of_document(&mut tx, document)
        .await?
        .filter(|f| f.document.deleted_at.is_none())
        .ok_or(AppError::NotFound("document"))?;
    let curriculum = repo::curriculum(&mut tx, f.curriculum_id)
        .await?
        .ok_or(AppError::NotFound("curriculum"))?;
    let chain = views(repo::files_of(&mut tx, &[f.curriculum_id]).await?)
        .into_iter()
        .find(|v| v.current.document.id == document || v.earlier.iter().any(|e| e.document.id == document))
        .ok_or(AppError::NotFound("document"))?;
    let publish_as = publish_as(user, &curriculum);
    let competencies = if publish_as.is_some() {
        repo::competencies_of(&mut tx, f.curriculum_id).await?
    } else {
        Vec::new()
    };
    Ok(FileDetail {
        file: chain,
        curriculum,
        publish_as,
        competencies,
    })
}

/// The curriculum a specialty file serves (the target of a new version's upload).
pub async fn curriculum_of(app: &App, document: DocumentId) -> Result<CurriculumId, AppError> {
    let mut conn = app.db.conn().await?;
    repo::of_document(&mut conn, document)
        .await?
        .filter(|f| f.document.deleted_at.is_none())
        .map(|f| f.curriculum_id)
        .ok_or(AppError::NotFound("document"))
}
