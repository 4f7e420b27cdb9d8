//! Notes (notater): the trainee's list with writing, sharing and deleting, the page that edits
//! one, and an approver's list of the notes shared with them. The competency page shows the
//! notes about it through [`note_list`].

use crate::AppState;
use crate::context::{Authed, PagePath};
use crate::error::{PageError, classify, message};
use crate::i18n::Tr;
use crate::pager::Pager;
use crate::pages::documents::with_flag;
use crate::redirect::back_or;
use crate::templates::{Layout, render};
use askama::Template;
use axum::extract::{Query, State};
use axum::response::{IntoResponse, Redirect, Response};
use axum_extra::extract::Form;
use logbog_app::notes::NoteInput;
use logbog_app::paging::{Page, PageRequest};
use logbog_app::{AppError, Problem};
use logbog_db::curricula::CompetencyListing;
use logbog_db::notes::Note;
use logbog_db::requests::Approver;
use logbog_domain::{CompetencyId, NoteId, PersonId, Role};
use serde::Deserialize;

/// A note as a list shows it.
#[derive(Debug, Clone)]
pub struct NoteRow {
    pub id: String,
    pub day: String,
    /// The competency's page and "K3 Title".
    pub competency: Option<(String, String)>,
    pub body: String,
    /// "Shared with …" or "Private".
    pub shared_label: String,
    /// Whom the trainee may share it with, and whether it is shared with them.
    pub share_choices: Vec<(String, String, bool)>,
}

/// A list of notes: on the notes page (with sharing and deleting) or on a competency.
#[derive(Debug, Clone)]
pub struct NoteList {
    pub rows: Vec<NoteRow>,
    pub empty: String,
    /// The trainee's own notes: editing is offered.
    pub own: bool,
    /// Sharing and deleting in the list itself (the notes page).
    pub manage: bool,
    pub back: String,
}

/// The form that writes a note, or edits one.
#[derive(Debug, Clone, Default)]
pub struct NoteForm {
    pub action: String,
    pub written_on: String,
    /// (id, "K3 Title", selected).
    pub competencies: Vec<(String, String, bool)>,
    /// The competency chosen when the form is shown again or opened on a note.
    pub selected: Option<String>,
    /// A form on a competency's page keeps that competency.
    pub fixed_competency: Option<String>,
    pub body: String,
    pub back: String,
}

#[derive(Template)]
#[template(path = "notes.html")]
pub struct NotesPage {
    pub l: Layout,
    pub heading: String,
    pub lead: String,
    pub back_href: String,
    pub back_label: String,
    pub notice: Option<String>,
    pub error: Option<String>,
    pub form: Option<NoteForm>,
    pub notes: NoteList,
    pub pager: Pager,
}

#[derive(Template)]
#[template(path = "note_edit.html")]
pub struct NoteEditPage {
    pub l: Layout,
    pub error: Option<String>,
    pub form: NoteForm,
    pub delete_action: String,
}

fn competency_label(tr: &Tr, code: &str, da: &str, en: &str) -> String {
    format!("{code} {}", tr.pick(da, en))
}

fn approver_label(tr: &Tr, a: &Approver) -> String {
    format!(
        "{} – {}, {}",
        a.name,
        tr.t(&format!("role-{}", a.role.code())),
        a.site_name
    )
}

/// The rows of `notes` for a reader; `own` links competencies in the trainee's logbook.
pub fn note_rows(tr: &Tr, notes: &[Note], trainee: PersonId, own: bool, share_with: &[Approver]) -> Vec<NoteRow> {
    notes
        .iter()
        .map(|n| NoteRow {
            id: n.id.to_string(),
            day: tr.date(n.written_on),
            competency: n.competency.as_ref().map(|c| {
                let href = if own {
                    format!("/logbook/competencies/{}", c.id)
                } else {
                    format!("/trainees/{trainee}/competencies/{}", c.id)
                };
                (href, competency_label(tr, &c.code, &c.title_da, &c.title_en))
            }),
            body: n.body.clone(),
            shared_label: if !own {
                n.shares
                    .first()
                    .map(|s| tr.t1("note-shared-with-you", "date", tr.instant_date(s.shared_at)))
                    .unwrap_or_default()
            } else if n.shares.is_empty() {
                tr.t("note-private")
            } else {
                let names: Vec<&str> = n.shares.iter().map(|s| s.name.as_str()).collect();
                tr.t1("note-shared-with", "names", names.join(", "))
            },
            share_choices: share_with
                .iter()
                .map(|a| {
                    (
                        a.person_id.to_string(),
                        approver_label(tr, a),
                        n.shares.iter().any(|s| s.person_id == a.person_id),
                    )
                })
                .collect(),
        })
        .collect()
}

/// The notes section of a competency page.
pub fn note_list(tr: &Tr, notes: &Page<Note>, trainee: PersonId, own: bool, back: &str) -> NoteList {
    NoteList {
        rows: note_rows(tr, &notes.items, trainee, own, &[]),
        empty: tr.t(if own {
            "notes-none-on-competency"
        } else {
            "notes-none-shared"
        }),
        own,
        manage: false,
        back: back.to_owned(),
    }
}

/// The form that writes a note about one competency, on its page.
pub fn competency_note_form(competency: CompetencyId, today: chrono::NaiveDate, back: &str) -> NoteForm {
    NoteForm {
        action: "/logbook/notes".into(),
        written_on: today.to_string(),
        competencies: Vec::new(),
        selected: None,
        fixed_competency: Some(competency.to_string()),
        body: String::new(),
        back: back.to_owned(),
    }
}

fn competency_options(tr: &Tr, all: &[CompetencyListing], selected: Option<&str>) -> Vec<(String, String, bool)> {
    all.iter()
        .map(|c| {
            let id = c.id.to_string();
            let chosen = selected == Some(id.as_str());
            (id, competency_label(tr, &c.code, &c.title_da, &c.title_en), chosen)
        })
        .collect()
}

#[derive(Debug, Default, Deserialize)]
pub struct NotesQuery {
    page: Option<u32>,
    saved: Option<i64>,
    shared: Option<i64>,
    deleted: Option<i64>,
}

async fn notes_page(
    state: &AppState,
    a: &Authed,
    trainee: PersonId,
    page: PageRequest,
    notice: Option<String>,
    refill: Option<(NoteForm, String)>,
) -> Result<Response, PageError> {
    let v = logbog_app::notes::notes(&state.app, &a.user, trainee, None, page).await?;
    let tr = &a.ctx.tr;
    let own = v.viewed_as == Role::Trainee;
    let path = if own {
        "/logbook/notes".to_owned()
    } else {
        format!("/trainees/{trainee}/notes")
    };
    let (form, error) = match refill {
        Some((f, e)) => (Some(f), Some(e)),
        None => (own.then(NoteForm::default), None),
    };
    let form = form.map(|mut f| {
        f.action = "/logbook/notes".into();
        if f.written_on.is_empty() {
            f.written_on = state.app.clock.today().to_string();
        }
        f.competencies = competency_options(tr, &v.competencies, f.selected.as_deref());
        f.back = path.clone();
        f
    });
    let page = NotesPage {
        l: Layout::new(&a.ctx),
        heading: if own {
            tr.t("notes-heading")
        } else {
            tr.t1("notes-shared-heading", "name", &v.trainee_name)
        },
        lead: tr.t(if own { "notes-lead" } else { "notes-shared-lead" }),
        back_href: if own {
            "/logbook".into()
        } else {
            format!("/trainees/{trainee}/logbook")
        },
        back_label: tr.t("notes-back"),
        notice,
        error,
        form,
        notes: NoteList {
            rows: note_rows(tr, &v.page.items, trainee, own, &v.share_with),
            empty: tr.t(if own { "notes-none" } else { "notes-none-shared" }),
            own,
            manage: own,
            back: match v.page.number() {
                1 => path.clone(),
                n => format!("{path}?page={n}"),
            },
        },
        pager: Pager::new(tr, &v.page, &path),
    };
    Ok(render(&page))
}

fn notice_of(tr: &Tr, q: &NotesQuery) -> Option<String> {
    if q.saved.is_some() {
        Some(tr.t("note-saved"))
    } else if q.shared.is_some() {
        Some(tr.t("note-shares-saved"))
    } else if q.deleted.is_some() {
        Some(tr.t("note-deleted"))
    } else {
        None
    }
}

/// `GET /logbook/notes`: the trainee's own notes.
pub async fn own_notes(
    State(state): State<AppState>,
    a: Authed,
    Query(q): Query<NotesQuery>,
) -> Result<Response, PageError> {
    let notice = notice_of(&a.ctx.tr, &q);
    notes_page(&state, &a, a.user.id(), PageRequest::new(q.page, None), notice, None).await
}

/// `GET /trainees/{trainee}/notes`: the notes a trainee shares with the approver.
pub async fn trainee_notes(
    State(state): State<AppState>,
    a: Authed,
    PagePath(trainee): PagePath<PersonId>,
    Query(q): Query<NotesQuery>,
) -> Result<Response, PageError> {
    notes_page(&state, &a, trainee, PageRequest::new(q.page, None), None, None).await
}

#[derive(Debug, Default, Deserialize)]
pub struct NoteFormData {
    #[serde(default)]
    written_on: String,
    #[serde(default)]
    competency: String,
    #[serde(default)]
    note: String,
    #[serde(default)]
    back: String,
}

impl NoteFormData {
    fn input(&self) -> Result<NoteInput, AppError> {
        let written_on = match self.written_on.trim() {
            "" => {
                return Err(AppError::Invalid {
                    field: "written_on",
                    problem: Problem::Required,
                });
            }
            d => d.parse().map_err(|_| AppError::Invalid {
                field: "written_on",
                problem: Problem::DateFormat,
            })?,
        };
        let competency = match self.competency.trim() {
            "" => None,
            c => Some(crate::pages::form_id(c, "competency")?),
        };
        Ok(NoteInput {
            written_on,
            competency,
            body: self.note.clone(),
        })
    }

    fn refill(&self) -> NoteForm {
        NoteForm {
            written_on: self.written_on.clone(),
            selected: Some(self.competency.clone()),
            body: self.note.clone(),
            ..NoteForm::default()
        }
    }
}

/// `POST /logbook/notes`: the trainee writes a note (from the notes page or a competency's).
pub async fn write(
    State(state): State<AppState>,
    a: Authed,
    Form(f): Form<NoteFormData>,
) -> Result<Response, PageError> {
    let back = back_or(&f.back, "/logbook/notes");
    let done = match f.input() {
        Ok(input) => logbog_app::notes::write_note(&state.app, &a.user, a.user.id(), &input).await,
        Err(e) => Err(e),
    };
    match done {
        Ok(id) => Ok(Redirect::to(&format!("{}#note-{id}", with_flag(&back, "saved"))).into_response()),
        Err(e @ AppError::Invalid { .. }) => {
            let text = message(&a.ctx.tr, &e);
            // The form again, by its error and with what was written (also when it was sent
            // from a competency's page: the notes page names the competency).
            let page = PageRequest::default();
            let mut response = notes_page(&state, &a, a.user.id(), page, None, Some((f.refill(), text))).await?;
            *response.status_mut() = classify(&e).0;
            Ok(response)
        }
        Err(e) => Err(PageError(e)),
    }
}

async fn edit_page(
    state: &AppState,
    a: &Authed,
    id: NoteId,
    refill: Option<(NoteForm, String)>,
) -> Result<Response, PageError> {
    let note = logbog_app::notes::own(&state.app, &a.user, id).await?;
    let competencies = logbog_app::notes::competencies_to_choose(&state.app, &a.user).await?;
    let tr = &a.ctx.tr;
    let (mut form, error) = match refill {
        Some((f, e)) => (f, Some(e)),
        None => (
            NoteForm {
                written_on: note.written_on.to_string(),
                selected: note.competency.as_ref().map(|c| c.id.to_string()),
                body: note.body.clone(),
                ..NoteForm::default()
            },
            None,
        ),
    };
    form.competencies = competency_options(tr, &competencies, form.selected.as_deref());
    form.action = format!("/logbook/notes/{id}");
    form.back = format!("/logbook/notes#note-{id}");
    let page = NoteEditPage {
        l: Layout::new(&a.ctx),
        error,
        form,
        delete_action: format!("/logbook/notes/{id}/delete"),
    };
    Ok(render(&page))
}

/// `GET /logbook/notes/{note}`: the page that edits one of the trainee's notes.
pub async fn edit_form(
    State(state): State<AppState>,
    a: Authed,
    PagePath(id): PagePath<NoteId>,
) -> Result<Response, PageError> {
    edit_page(&state, &a, id, None).await
}

/// `POST /logbook/notes/{note}`: save the edited note.
pub async fn save(
    State(state): State<AppState>,
    a: Authed,
    PagePath(id): PagePath<NoteId>,
    Form(f): Form<NoteFormData>,
) -> Result<Response, PageError> {
    let done = match f.input() {
        Ok(input) => logbog_app::notes::edit_note(&state.app, &a.user, id, &input).await,
        Err(e) => Err(e),
    };
    match done {
        Ok(()) => Ok(Redirect::to(&format!("/logbook/notes?saved=1#note-{id}")).into_response()),
        Err(e @ AppError::Invalid { .. }) => {
            let text = message(&a.ctx.tr, &e);
            let mut response = edit_page(&state, &a, id, Some((f.refill(), text))).await?;
            *response.status_mut() = classify(&e).0;
            Ok(response)
        }
        Err(e) => Err(PageError(e)),
    }
}

#[derive(Debug, Default, Deserialize)]
pub struct SharesForm {
    #[serde(default)]
    shared_with: Vec<String>,
    #[serde(default)]
    back: String,
}

/// `POST /logbook/notes/{note}/shares`: share the note with exactly the ticked approvers.
pub async fn shares(
    State(state): State<AppState>,
    a: Authed,
    PagePath(id): PagePath<NoteId>,
    Form(f): Form<SharesForm>,
) -> Result<Response, PageError> {
    let people: Vec<PersonId> = f
        .shared_with
        .iter()
        .map(|p| crate::pages::form_id(p, "shared_with"))
        .collect::<Result<_, _>>()?;
    logbog_app::notes::set_shares(&state.app, &a.user, id, &people).await?;
    let back = back_or(&f.back, "/logbook/notes");
    Ok(Redirect::to(&format!("{}#note-{id}", with_flag(&back, "shared"))).into_response())
}

#[derive(Debug, Default, Deserialize)]
pub struct BackForm {
    #[serde(default)]
    back: String,
}

/// `POST /logbook/notes/{note}/delete`.
pub async fn delete(
    State(state): State<AppState>,
    a: Authed,
    PagePath(id): PagePath<NoteId>,
    Form(f): Form<BackForm>,
) -> Result<Response, PageError> {
    logbog_app::notes::delete_note(&state.app, &a.user, id).await?;
    let back = back_or(&f.back, "/logbook/notes");
    let back = if back.starts_with(&format!("/logbook/notes/{id}")) {
        "/logbook/notes".to_owned()
    } else {
        back
    };
    Ok(Redirect::to(&with_flag(&back, "deleted")).into_response())
}
