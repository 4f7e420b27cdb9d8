//! Notes (notater) of daily progress (DOMAIN §9): the trainee writes, edits and deletes her
//! dated notes, each optionally about a competency of her curricula, and shares one with chosen
//! current approvers or ends a share. An approver reads what is shared with them while they
//! remain her approver, and never changes it. Sharing and ending a share are audited.

use crate::audit::{self, Event};
use crate::paging::{Page, PageRequest};
use crate::people::CurrentUser;
use crate::{App, AppError, Problem, policy};
use chrono::NaiveDate;
use logbog_db::curricula::CompetencyListing;
use logbog_db::notes::{self as repo, Note, NoteFilter, NoteText};
use logbog_db::requests::Approver;
use logbog_db::{Conn, DbError};
use logbog_domain::notes as rules;
use logbog_domain::{AuditAction, CompetencyId, NoteId, PersonId, Role, Subject};

/// What the trainee writes: the day it is about, the competency it concerns if any, the text.
#[derive(Debug, Clone, PartialEq)]
pub struct NoteInput {
    pub written_on: NaiveDate,
    pub competency: Option<CompetencyId>,
    pub body: String,
}

/// Check a note: some text, no longer than a multi-line field takes, a plausible day, and a
/// competency of the trainee's curricula.
async fn checked<'a>(
    conn: &mut Conn,
    trainee: PersonId,
    input: &'a NoteInput,
    today: NaiveDate,
) -> Result<NoteText<'a>, AppError> {
    let body = input.body.trim();
    if body.is_empty() {
        return Err(AppError::Invalid {
            field: "note",
            problem: Problem::Required,
        });
    }
    if let Some(problem) = crate::text::check("note", body) {
        return Err(AppError::Invalid { field: "note", problem });
    }
    crate::error::plausible_day("written_on", input.written_on, today)?;
    if let Some(c) = input.competency {
        crate::items::competency_of_trainee(conn, trainee, c)
            .await
            .map_err(|e| match e {
                AppError::NotFound(_) => AppError::Invalid {
                    field: "competency",
                    problem: Problem::NotOfTheProgramme,
                },
                e => e,
            })?;
    }
    Ok(NoteText {
        written_on: input.written_on,
        competency_id: input.competency,
        body,
    })
}

/// A note of the user's own, or not found (another's note is never disclosed).
async fn own_note(conn: &mut Conn, user: &CurrentUser, id: NoteId) -> Result<Note, AppError> {
    match repo::note(conn, id).await? {
        Some(n) if n.trainee_id == user.id() && user.has_role(Role::Trainee) => Ok(n),
        _ => Err(AppError::NotFound("note")),
    }
}

/// Write a note in `trainee`'s logbook (her own). Private until shared.
pub async fn write_note(
    app: &App,
    user: &CurrentUser,
    trainee: PersonId,
    input: &NoteInput,
) -> Result<NoteId, AppError> {
    app.in_transaction(async |tx, at| write_note_in(tx, at, user, trainee, input).await)
        .await
}

/// [`write_note`] inside the caller's transaction (the demo uses it).
pub(crate) async fn write_note_in(
    conn: &mut Conn,
    at: crate::At,
    user: &CurrentUser,
    trainee: PersonId,
    input: &NoteInput,
) -> Result<NoteId, AppError> {
    policy::authorize_own(conn, user, trainee, at.today).await?;
    let text = checked(conn, trainee, input, at.today).await?;
    Ok(repo::insert_note(conn, trainee, &text, at.now).await?)
}

/// Change one of the user's notes. Whoever it is shared with reads the new text.
pub async fn edit_note(app: &App, user: &CurrentUser, id: NoteId, input: &NoteInput) -> Result<(), AppError> {
    let at = app.at();
    let mut tx = app.db.begin().await?;
    let note = own_note(&mut tx, user, id).await?;
    let text = checked(&mut tx, note.trainee_id, input, at.today).await?;
    repo::update_note(&mut tx, id, &text, at.now).await?;
    tx.commit().await.map_err(DbError::from)?;
    Ok(())
}

/// Delete one of the user's notes; every share of it ends, audited as such.
pub async fn delete_note(app: &App, user: &CurrentUser, id: NoteId) -> Result<(), AppError> {
    let at = app.at();
    let mut tx = app.db.begin().await?;
    let note = own_note(&mut tx, user, id).await?;
    for s in &note.shares {
        audit_share(
            &mut tx,
            user,
            &note,
            s.person_id,
            AuditAction::NoteUnshared,
            None,
            at.now,
        )
        .await?;
    }
    repo::delete_note(&mut tx, id).await?;
    tx.commit().await.map_err(DbError::from)?;
    Ok(())
}

/// Share one of the user's notes with exactly `people` from now on: each one added must be a
/// current approver of hers (refused, naming nobody else, otherwise); each one left out loses
/// the share. Every change is audited in the same transaction. Returns the note as it is now.
pub async fn set_shares(app: &App, user: &CurrentUser, id: NoteId, people: &[PersonId]) -> Result<Note, AppError> {
    app.in_transaction(async |tx, at| set_shares_in(tx, at, user, id, people).await)
        .await
}

/// [`set_shares`] inside the caller's transaction (the demo uses it).
pub(crate) async fn set_shares_in(
    conn: &mut Conn,
    at: crate::At,
    user: &CurrentUser,
    id: NoteId,
    people: &[PersonId],
) -> Result<Note, AppError> {
    let note = own_note(conn, user, id).await?;
    for person in people {
        if note.shares.iter().any(|s| s.person_id == *person) {
            continue;
        }
        let relations = if *person == note.trainee_id {
            Vec::new()
        } else {
            logbog_db::relations::relation_roles(conn, *person, note.trainee_id, at.today).await?
        };
        rules::may_share_with(&relations)?;
        if repo::add_share(conn, id, *person, at.now).await? {
            let role = relations
                .iter()
                .copied()
                .find(|r| logbog_domain::rights::APPROVER_ROLES.contains(r));
            audit_share(conn, user, &note, *person, AuditAction::NoteShared, role, at.now).await?;
        }
    }
    for s in &note.shares {
        if !people.contains(&s.person_id) && repo::remove_share(conn, id, s.person_id).await? {
            audit_share(conn, user, &note, s.person_id, AuditAction::NoteUnshared, None, at.now).await?;
        }
    }
    repo::note(conn, id).await?.ok_or(AppError::NotFound("note"))
}

async fn audit_share(
    conn: &mut Conn,
    user: &CurrentUser,
    note: &Note,
    with: PersonId,
    action: AuditAction,
    role: Option<Role>,
    now: chrono::DateTime<chrono::Utc>,
) -> Result<(), AppError> {
    let mut details = serde_json::json!({ "with": with.to_string() });
    if let Some(r) = role {
        details["as"] = serde_json::Value::from(r.code());
    }
    audit::record(
        conn,
        user,
        Role::Trainee,
        Event {
            action,
            subject: Subject::Note(note.id),
            trainee: Some(note.trainee_id),
            details,
        },
        now,
    )
    .await
}

/// A trainee's notes as one reader sees them.
#[derive(Debug, Clone)]
pub struct NotesView {
    /// The role the reader reads in: the trainee, or the approver role they hold.
    pub viewed_as: Role,
    pub trainee_name: String,
    /// The trainee's own notes; for an approver those shared with them (each with only that
    /// share); nothing for anyone else who may see the logbook (the secretariat).
    pub page: Page<Note>,
    /// Whom the trainee can share with today (only on her own view).
    pub share_with: Vec<Approver>,
    /// The competencies of her curricula a note can be about (only on her own view).
    pub competencies: Vec<CompetencyListing>,
}

/// One page of `trainee`'s notes as `user` may read them, optionally those about one
/// competency. A reader other than the trainee is in the audit trail ("notes").
pub async fn notes(
    app: &App,
    user: &CurrentUser,
    trainee: PersonId,
    competency: Option<CompetencyId>,
    page: PageRequest,
) -> Result<NotesView, AppError> {
    let today = app.clock.today();
    let mut tx = app.db.read().await?;
    let viewed_as = policy::authorize_view(&mut tx, user, trainee, None, today).await?;
    let name = logbog_db::accounts::find_person(&mut tx, trainee)
        .await?
        .ok_or(AppError::NotFound("trainee"))?
        .full_name();
    if let Some(c) = competency {
        crate::items::competency_of_trainee(&mut tx, trainee, c).await?;
    }
    let page = read_page(&mut tx, user, trainee, competency, page, today).await?;
    let (share_with, competencies) = if viewed_as == Role::Trainee {
        (
            share_candidates(&mut tx, trainee, today).await?,
            competency_choices(&mut tx, trainee).await?,
        )
    } else {
        (Vec::new(), Vec::new())
    };
    drop(tx);
    policy::record_view(app, user, viewed_as, trainee, "notes").await?;
    Ok(NotesView {
        viewed_as,
        trainee_name: name,
        page,
        share_with,
        competencies,
    })
}

/// The competencies of the user's own curricula a note can be about (the form that edits one).
pub async fn competencies_to_choose(app: &App, user: &CurrentUser) -> Result<Vec<CompetencyListing>, AppError> {
    let mut tx = app.db.read().await?;
    policy::authorize_own(&mut tx, user, user.id(), app.clock.today()).await?;
    competency_choices(&mut tx, user.id()).await
}

/// The competencies of `trainee`'s curricula, curriculum by curriculum and phase by phase.
async fn competency_choices(conn: &mut Conn, trainee: PersonId) -> Result<Vec<CompetencyListing>, AppError> {
    let mut out = Vec::new();
    for (_, version) in logbog_db::programmes::curricula_of_trainee(conn, trainee).await? {
        for c in logbog_db::curricula::listing_of_version(conn, version.id).await? {
            if !out.iter().any(|o: &CompetencyListing| o.id == c.id) {
                out.push(c);
            }
        }
    }
    Ok(out)
}

/// The page of notes `user` may read, in the caller's read transaction: the competency page
/// reads its notes with its other data.
pub(crate) async fn read_page(
    conn: &mut Conn,
    user: &CurrentUser,
    trainee: PersonId,
    competency: Option<CompetencyId>,
    page: PageRequest,
    today: NaiveDate,
) -> Result<Page<Note>, AppError> {
    let own = user.id() == trainee;
    if !own {
        let relations = logbog_db::relations::relation_roles(conn, user.id(), trainee, today).await?;
        let relations: Vec<Role> = relations.into_iter().filter(|r| user.has_role(*r)).collect();
        if !rules::may_read_shared(true, &relations) {
            return Ok(PageRequest::default().slice(Vec::new()));
        }
    }
    let filter = NoteFilter {
        trainee,
        shared_with: (!own).then_some(user.id()),
        competency,
    };
    let total = repo::count_notes(conn, filter).await?;
    let request = page.within(total);
    let items = repo::notes(conn, filter, request.limit(), request.offset()).await?;
    Ok(Page { items, total, request })
}

/// The trainee's current approvers, once per person (a supervisor who also leads the site is
/// offered once, in the closer role).
async fn share_candidates(conn: &mut Conn, trainee: PersonId, today: NaiveDate) -> Result<Vec<Approver>, AppError> {
    let mut out: Vec<Approver> = Vec::new();
    for a in logbog_db::requests::current_approvers(conn, trainee, today).await? {
        if !out.iter().any(|o| o.person_id == a.person_id) {
            out.push(a);
        }
    }
    Ok(out)
}

/// One of the user's own notes (to edit it).
pub async fn own(app: &App, user: &CurrentUser, id: NoteId) -> Result<Note, AppError> {
    let mut conn = app.db.conn().await?;
    own_note(&mut conn, user, id).await
}
