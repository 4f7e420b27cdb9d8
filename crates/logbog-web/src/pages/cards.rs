//! A competency's filled cards on its page, and their upload (the trainee's own page).

use crate::AppState;
use crate::context::{Authed, PagePath};
use crate::error::{PageError, classify, message};
use crate::i18n::Tr;
use crate::pages::documents::{document_row, with_flag};
use crate::upload::{self, Upload};
use axum::extract::{Request, State};
use axum::response::{IntoResponse, Redirect, Response};
use logbog_app::AppError;
use logbog_app::documents::UploadTarget;
use logbog_domain::documents::limit_bytes;
use logbog_domain::{CompetencyId, DocumentId, DocumentKind, PersonId};

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
        back: format!("/logbook/competencies/{competency}"),
        error,
    }
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

/// `POST /trainees/{trainee}/competencies/{competency}/cards`: the trainee uploads a filled
/// card on her competency (or a new version of one).
pub async fn upload_card(
    State(state): State<AppState>,
    a: Authed,
    PagePath((trainee, competency)): PagePath<(PersonId, CompetencyId)>,
    request: Request,
) -> Result<Response, PageError> {
    let target = UploadTarget::CompetencyCard { trainee, competency };
    let outcome = match upload::read(&state, &a.user, target, CARD_FIELDS, request).await {
        Ok(u) => {
            let replaces = replaces_of(&u);
            let back = u.field("back").to_owned();
            let done =
                logbog_app::documents::add_card(&state.app, &a.user, trainee, competency, replaces, u.file).await;
            done.map(|_| back)
        }
        Err(e) => Err(e),
    };
    match outcome {
        Ok(back) => {
            let back = crate::redirect::back_or_home(&back, Some(&a.user));
            Ok(Redirect::to(&with_flag(&back, "uploaded")).into_response())
        }
        Err(e @ (AppError::Invalid { .. } | AppError::DocumentChanged)) => {
            let text = message(&a.ctx.tr, &e);
            let mut response =
                crate::pages::logbook::competency(&state, &a, trainee, competency, None, None, Some(text)).await?;
            *response.status_mut() = classify(&e).0;
            Ok(response)
        }
        Err(e) => Err(PageError(e)),
    }
}
