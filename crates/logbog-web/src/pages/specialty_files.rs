//! The specialty files page (specialespecifikke filer): the forms of the viewer's curricula or
//! of a chosen one; a file's own page with its versions; publishing a file or a new version.

use crate::AppState;
use crate::context::{Authed, PagePath};
use crate::error::{PageError, classify, message};
use crate::i18n::Tr;
use crate::pages::documents::{document_row, with_flag};
use crate::templates::{DocumentRow, Layout, render};
use crate::upload::{self, Upload};
use askama::Template;
use axum::extract::{Query, Request, State};
use axum::response::{IntoResponse, Redirect, Response};
use logbog_app::AppError;
use logbog_app::documents::{SpecialtyFileInput, SpecialtyFileView, UploadTarget};
use logbog_db::specialty_files::CurriculumEntry;
use logbog_domain::documents::limit_bytes;
use logbog_domain::specialty_files::SpecialtyFileForm;
use logbog_domain::{CurriculumId, DocumentId, DocumentKind};
use serde::Deserialize;

/// A file as the lists show it.
#[derive(Debug, Clone)]
pub struct FileRow {
    pub href: String,
    pub title: String,
    /// "Kompetencekort · K3, K4".
    pub about: String,
    pub current: DocumentRow,
    pub earlier: Vec<DocumentRow>,
    pub earlier_label: String,
}

/// One curriculum's files.
#[derive(Debug, Clone)]
pub struct Section {
    pub id: String,
    pub name: String,
    pub files: Vec<FileRow>,
    /// Where a publisher adds a file (the curriculum's own view), when the viewer may.
    pub publish_href: Option<String>,
}

/// The form that publishes a file or a new version of one.
#[derive(Debug, Clone, Default)]
pub struct PublishForm {
    pub action: String,
    pub heading: String,
    pub submit: String,
    pub back: String,
    pub title: String,
    /// (code, label, chosen)
    pub forms: Vec<(String, String, bool)>,
    /// (code, label, chosen)
    pub competencies: Vec<(String, String, bool)>,
    pub hint: String,
}

#[derive(Template)]
#[template(path = "specialty_files.html")]
pub struct FilesPage {
    pub l: Layout,
    pub notice: Option<String>,
    pub error: Option<String>,
    /// (id, name, chosen)
    pub choices: Vec<(String, String, bool)>,
    pub chosen: bool,
    pub sections: Vec<Section>,
    pub publish: Option<PublishForm>,
}

#[derive(Template)]
#[template(path = "specialty_file.html")]
pub struct FilePage {
    pub l: Layout,
    pub error: Option<String>,
    pub back_href: String,
    pub curriculum: String,
    pub file: FileRow,
    pub publish: Option<PublishForm>,
}

fn curriculum_name(tr: &Tr, c: &CurriculumEntry) -> String {
    tr.pick(&c.name_da, &c.name_en).to_owned()
}

fn form_label(tr: &Tr, form: SpecialtyFileForm) -> String {
    tr.t(&format!("specialty-form-{}", form.code()))
}

fn file_row(tr: &Tr, v: &SpecialtyFileView) -> FileRow {
    let f = &v.current;
    let mut about = form_label(tr, f.form);
    if !f.competency_codes.is_empty() {
        about = format!("{about} · {}", f.competency_codes.join(", "));
    }
    FileRow {
        href: format!("/specialty-files/{}", f.document.id),
        title: f.title.clone(),
        about,
        current: document_row(tr, &f.document),
        earlier: v.earlier.iter().map(|e| document_row(tr, &e.document)).collect(),
        earlier_label: tr.tn("document-earlier-versions", "count", v.earlier.len() as i64),
    }
}

fn publish_form(
    tr: &Tr,
    action: String,
    back: String,
    competencies: &[(String, String, String)],
    current: Option<&logbog_db::specialty_files::SpecialtyFile>,
    refill: Option<&Refill>,
) -> PublishForm {
    let title = refill
        .map(|r| r.title.clone())
        .or_else(|| current.map(|c| c.title.clone()))
        .unwrap_or_default();
    let form = refill
        .map(|r| r.form.clone())
        .or_else(|| current.map(|c| c.form.code().to_owned()))
        .unwrap_or_else(|| SpecialtyFileForm::CompetencyCard.code().to_owned());
    let chosen: Vec<String> = refill
        .map(|r| r.competencies.clone())
        .or_else(|| current.map(|c| c.competency_codes.clone()))
        .unwrap_or_default();
    PublishForm {
        heading: tr.t(if current.is_some() {
            "specialty-version-heading"
        } else {
            "specialty-publish-heading"
        }),
        submit: tr.t(if current.is_some() {
            "specialty-version-submit"
        } else {
            "specialty-publish-submit"
        }),
        action,
        back,
        title,
        forms: SpecialtyFileForm::ALL
            .iter()
            .map(|f| (f.code().to_owned(), form_label(tr, *f), f.code() == form))
            .collect(),
        competencies: competencies
            .iter()
            .map(|(code, da, en)| {
                (
                    code.clone(),
                    format!("{code} {}", tr.pick(da, en)),
                    chosen.contains(code),
                )
            })
            .collect(),
        hint: tr.tn(
            "upload-hint",
            "max",
            logbog_app::error::mb(limit_bytes(DocumentKind::SpecialtyFile)) as i64,
        ),
    }
}

/// What a refused form showed, to show it again.
#[derive(Debug, Clone, Default)]
pub struct Refill {
    title: String,
    form: String,
    competencies: Vec<String>,
}

#[derive(Debug, Default, Deserialize)]
pub struct FilesQuery {
    curriculum: Option<String>,
    uploaded: Option<i64>,
    deleted: Option<i64>,
}

async fn files_page(
    state: &AppState,
    a: &Authed,
    chosen: Option<CurriculumId>,
    notice: Option<String>,
    refused: Option<(Refill, String)>,
) -> Result<Response, PageError> {
    let v = logbog_app::documents::files_page(&state.app, &a.user, chosen).await?;
    let tr = &a.ctx.tr;
    let back = match chosen {
        Some(c) => format!("/specialty-files?curriculum={c}"),
        None => "/specialty-files".to_owned(),
    };
    let publish = match (chosen, v.sections.first()) {
        (Some(c), Some(s)) if s.publish_as.is_some() => Some(publish_form(
            tr,
            format!("/specialty-files/curricula/{c}"),
            back.clone(),
            &v.competencies,
            None,
            refused.as_ref().map(|(r, _)| r),
        )),
        _ => None,
    };
    let page = FilesPage {
        l: Layout::new(&a.ctx),
        notice,
        error: refused.map(|(_, e)| e),
        choices: v
            .all
            .iter()
            .map(|c| (c.id.to_string(), curriculum_name(tr, c), Some(c.id) == chosen))
            .collect(),
        chosen: chosen.is_some(),
        sections: v
            .sections
            .iter()
            .map(|s| Section {
                id: s.curriculum.id.to_string(),
                name: curriculum_name(tr, &s.curriculum),
                files: s.files.iter().map(|f| file_row(tr, f)).collect(),
                publish_href: (s.publish_as.is_some() && chosen.is_none())
                    .then(|| format!("/specialty-files?curriculum={}#publish-heading", s.curriculum.id)),
            })
            .collect(),
        publish,
    };
    Ok(render(&page))
}

/// `GET /specialty-files`: the forms of the viewer's curricula, or of `?curriculum=`.
pub async fn list(
    State(state): State<AppState>,
    a: Authed,
    Query(q): Query<FilesQuery>,
) -> Result<Response, PageError> {
    let chosen = match q.curriculum.as_deref().map(str::trim) {
        None | Some("") => None,
        Some(c) => Some(crate::pages::form_id(c, "curriculum")?),
    };
    let tr = &a.ctx.tr;
    let notice = if q.uploaded.is_some() {
        Some(tr.t("specialty-published"))
    } else if q.deleted.is_some() {
        Some(tr.t("specialty-withdrawn"))
    } else {
        None
    };
    files_page(&state, &a, chosen, notice, None).await
}

async fn file_page(
    state: &AppState,
    a: &Authed,
    document: DocumentId,
    refused: Option<(Refill, String)>,
) -> Result<Response, PageError> {
    let d = logbog_app::documents::file_detail(&state.app, &a.user, document).await?;
    let tr = &a.ctx.tr;
    let current = &d.file.current;
    let back_href = format!("/specialty-files?curriculum={}", d.curriculum.id);
    let page = FilePage {
        l: Layout::new(&a.ctx),
        error: refused.as_ref().map(|(_, e)| e.clone()),
        curriculum: curriculum_name(tr, &d.curriculum),
        file: file_row(tr, &d.file),
        publish: d.publish_as.map(|_| {
            publish_form(
                tr,
                format!("/specialty-files/{}/versions", current.document.id),
                back_href.clone(),
                &d.competencies,
                Some(current),
                refused.as_ref().map(|(r, _)| r),
            )
        }),
        back_href,
    };
    Ok(render(&page))
}

/// `GET /specialty-files/{document}`: one file with its versions.
pub async fn file(
    State(state): State<AppState>,
    a: Authed,
    PagePath(document): PagePath<DocumentId>,
) -> Result<Response, PageError> {
    file_page(&state, &a, document, None).await
}

/// The text fields of a specialty file's upload.
pub const FIELDS: &[&str] = &["title", "kind", "competencies"];

/// A specialty file's description from the form's (or the API's) fields; `replaces` is the
/// version the path names. The competencies may come as repeated fields or as one list
/// separated by commas or lines.
pub fn input_of(u: &Upload, replaces: Option<DocumentId>) -> Result<SpecialtyFileInput, AppError> {
    let form = match u.field("kind") {
        "" => SpecialtyFileForm::CompetencyCard,
        k => k.parse().map_err(|_| AppError::Invalid {
            field: "kind",
            problem: logbog_app::Problem::MalformedForm,
        })?,
    };
    Ok(SpecialtyFileInput {
        title: u.field("title").to_owned(),
        form,
        competencies: codes(u.field("competencies")),
        replaces,
    })
}

fn codes(list: &str) -> Vec<String> {
    list.split(['\n', ','])
        .map(str::trim)
        .filter(|c| !c.is_empty())
        .map(str::to_owned)
        .collect()
}

fn refill_of(fields: &std::collections::HashMap<String, String>) -> Refill {
    let field = |k: &str| fields.get(k).map(|v| v.trim().to_owned()).unwrap_or_default();
    Refill {
        title: field("title"),
        form: field("kind"),
        competencies: codes(&field("competencies")),
    }
}

/// Read and publish an upload to `curriculum`; the fields sent, and the outcome.
async fn receive(
    state: &AppState,
    a: &Authed,
    curriculum: CurriculumId,
    replaces: Option<DocumentId>,
    request: Request,
) -> (std::collections::HashMap<String, String>, Result<DocumentId, AppError>) {
    let target = UploadTarget::SpecialtyFile { curriculum };
    match upload::read(state, &a.user, target, FIELDS, request).await {
        Ok(u) => {
            let input = input_of(&u, replaces);
            let fields = u.fields.clone();
            let done = logbog_app::documents::publish(&state.app, &a.user, curriculum, input, u.file).await;
            (fields, done)
        }
        Err(e) => (Default::default(), Err(e)),
    }
}

fn refused(e: &AppError) -> bool {
    matches!(e, AppError::Invalid { .. } | AppError::DocumentChanged)
}

/// `POST /specialty-files/curricula/{curriculum}`: publish a new file.
pub async fn publish(
    State(state): State<AppState>,
    a: Authed,
    PagePath(curriculum): PagePath<CurriculumId>,
    request: Request,
) -> Result<Response, PageError> {
    match receive(&state, &a, curriculum, None, request).await {
        (_, Ok(_)) => {
            let back = format!("/specialty-files?curriculum={curriculum}");
            Ok(Redirect::to(&with_flag(&back, "uploaded")).into_response())
        }
        (fields, Err(e)) if refused(&e) => {
            let text = message(&a.ctx.tr, &e);
            let mut response = files_page(&state, &a, Some(curriculum), None, Some((refill_of(&fields), text))).await?;
            *response.status_mut() = classify(&e).0;
            Ok(response)
        }
        (_, Err(e)) => Err(PageError(e)),
    }
}

/// `POST /specialty-files/{document}/versions`: publish a new version of a file.
pub async fn new_version(
    State(state): State<AppState>,
    a: Authed,
    PagePath(document): PagePath<DocumentId>,
    request: Request,
) -> Result<Response, PageError> {
    let curriculum = logbog_app::documents::curriculum_of(&state.app, document).await?;
    match receive(&state, &a, curriculum, Some(document), request).await {
        (_, Ok(id)) => Ok(Redirect::to(&with_flag(&format!("/specialty-files/{id}"), "uploaded")).into_response()),
        (fields, Err(e)) if refused(&e) => {
            let text = message(&a.ctx.tr, &e);
            let mut response = file_page(&state, &a, document, Some((refill_of(&fields), text))).await?;
            *response.status_mut() = classify(&e).0;
            Ok(response)
        }
        (_, Err(e)) => Err(PageError(e)),
    }
}
