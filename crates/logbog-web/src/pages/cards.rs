//! A competency's filled cards on its page, and their upload (the trainee's own page).

use crate::AppState;
use crate::context::{Authed, PagePath};
use crate::error::PageError;
use crate::i18n::Tr;
use crate::pages::documents::{document_row, with_flag};
use crate::upload::Upload;
use axum::extract::State;
use axum::response::{IntoResponse, Redirect, Response};
use logbog_app::AppError;
use logbog_domain::documents::limit_bytes;
use logbog_domain::{DocumentId, DocumentKind};

/// The cards section of a competency page.
pub fn card_section(
    tr: &Tr,
    v: &logbog_app::logbook::CompetencyView,
    own: bool,
    error: Option<String>,
) -> crate::templates::CardSection {
    let trainee = v.trainee.id;
    let competency = v.competency.id;
    crate::templates::CardSection {
        rows: v
            .cards
            .iter()
            .map(|c| crate::templates::CardRow {
                current: document_row(tr, &c.current),
                basis: c.is_basis,
                confirmed: c.confirmation.as_ref().map(|x| confirmation_text(tr, x)),
                confirm_action: c
                    .confirmable
                    .then(|| format!("/documents/{}/confirmation", c.current.id)),
                earlier: c.earlier.iter().map(|e| document_row(tr, &e.document)).collect(),
                earlier_label: tr.tn("document-earlier-versions", "count", c.earlier.len() as i64),
            })
            .collect(),
        forms: v
            .forms
            .iter()
            .map(|(id, title, _)| (format!("/documents/{id}"), title.clone()))
            .collect(),
        upload_action: own.then(|| format!("/trainees/{trainee}/competencies/{competency}/cards")),
        hint: tr.tn(
            "upload-hint",
            "max",
            logbog_app::error::mb(limit_bytes(DocumentKind::CompetencyCard)) as i64,
        ),
        back: if own {
            format!("/logbook/competencies/{competency}")
        } else {
            format!("/trainees/{trainee}/competencies/{competency}")
        },
        error,
    }
}

/// "Confirmed by Name (Role, Department) on date".
pub fn confirmation_text(tr: &Tr, c: &logbog_db::card_confirmations::CardConfirmation) -> String {
    tr.ta(
        "card-confirmed",
        &[
            ("name", c.confirmed_by_name.clone()),
            ("role", tr.t(&format!("role-{}", c.role.code()))),
            ("site", c.site_name.clone()),
            ("date", tr.instant_date(c.confirmed_at)),
        ],
    )
}

#[derive(Debug, serde::Deserialize)]
pub struct ConfirmForm {
    #[serde(default)]
    back: String,
}

/// `POST /documents/{document}/confirmation`: a hospital department's supervisor or training
/// lead confirms a general practice trainee's qualification card.
pub async fn confirm(
    State(state): State<AppState>,
    a: Authed,
    PagePath(document): PagePath<DocumentId>,
    axum::Form(f): axum::Form<ConfirmForm>,
) -> Result<Response, PageError> {
    logbog_app::documents::confirm_card(&state.app, &a.user, document).await?;
    let back = crate::redirect::back_or_home(&f.back, Some(&a.user));
    Ok(Redirect::to(&with_flag(&back, "confirmed")).into_response())
}

/// The text fields of a card's upload.
pub const CARD_FIELDS: &[&str] = &["replaces"];

/// The card a form replaces, if any.
pub fn replaces_of(u: &Upload) -> Result<Option<DocumentId>, AppError> {
    match u.field("replaces") {
        "" => Ok(None),
        r => Ok(Some(crate::pages::form_id(r, "replaces")?)),
    }
}
