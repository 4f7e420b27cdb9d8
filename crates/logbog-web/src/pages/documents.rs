//! A programme's page with its employment and training agreement and addenda; uploading,
//! replacing and deleting them; and downloading any document the viewer may see.

use crate::AppState;
use crate::context::{Authed, PagePath};
use crate::error::{PageError, classify, message};
use crate::i18n::Tr;
use crate::pages::logbook::programme_label;
use crate::templates::{AgreementForm, AgreementRow, DocumentRow, Layout, ProgrammePage, render};
use crate::upload::{self, Upload};
use axum::body::Body;
use axum::extract::{Query, Request, State};
use axum::http::{HeaderValue, header};
use axum::response::{IntoResponse, Redirect, Response};
use axum_extra::extract::Form;
use logbog_app::documents::{AgreementInput, UploadTarget};
use logbog_app::{AppError, Problem};
use logbog_db::documents::Document;
use logbog_domain::documents::{AddendumReason, AgreementKind, limit_bytes};
use logbog_domain::{DocumentId, DocumentKind, PersonId, ProgrammeId, Role};
use serde::Deserialize;

#[derive(Debug, Default, Deserialize)]
pub struct ProgrammeQuery {
    uploaded: Option<i64>,
    deleted: Option<i64>,
}

/// "PDF, 120 kB · Ida Holm, 3. marts 2026".
pub fn document_row(tr: &Tr, d: &Document) -> DocumentRow {
    let kind = match logbog_files::FileType::from_content_type(&d.content_type) {
        Some(logbog_files::FileType::Pdf) => "PDF",
        Some(logbog_files::FileType::Png) => "PNG",
        Some(logbog_files::FileType::Jpeg) => "JPEG",
        None => "",
    };
    DocumentRow {
        id: d.id.to_string(),
        href: format!("/documents/{}", d.id),
        file_name: d.file_name.clone(),
        about: tr.ta(
            "document-about",
            &[
                ("type", kind.to_owned()),
                ("size", size_text(d.size_bytes)),
                ("name", d.uploaded_by_name.clone()),
                ("date", tr.instant_date(d.uploaded_at)),
            ],
        ),
    }
}

/// A size for people: "820 kB", "3,4 MB".
fn size_text(bytes: u64) -> String {
    if bytes < 1024 * 1024 {
        format!("{} kB", bytes.div_ceil(1024))
    } else {
        format!("{:.1} MB", bytes as f64 / (1024.0 * 1024.0)).replace('.', ",")
    }
}

fn agreement_title(tr: &Tr, kind: AgreementKind, reason: Option<AddendumReason>) -> String {
    match (kind, reason) {
        (AgreementKind::Addendum, Some(r)) => format!(
            "{} – {}",
            tr.t("agreement-kind-addendum"),
            tr.t(&format!("addendum-reason-{}", r.code()))
        ),
        (k, _) => tr.t(&format!("agreement-kind-{}", k.code())),
    }
}

async fn page(
    state: &AppState,
    a: &Authed,
    trainee: PersonId,
    programme: ProgrammeId,
    notice: Option<String>,
    refill: Option<(AgreementForm, String)>,
) -> Result<Response, PageError> {
    let v = logbog_app::documents::agreements(&state.app, &a.user, trainee, programme).await?;
    let tr = &a.ctx.tr;
    let own = v.viewed_as == Role::Trainee;
    let base = if own {
        format!("/logbook/programmes/{programme}")
    } else {
        format!("/trainees/{trainee}/programmes/{programme}")
    };
    let p = &v.programme;
    let region = tr.t(&format!("region-{}", p.region.code()));
    let (form, error) = match refill {
        Some((f, e)) => (Some(f), Some(e)),
        None => (None, None),
    };
    let page = ProgrammePage {
        l: Layout::new(&a.ctx),
        heading: programme_label(tr, p),
        lead: if own {
            region
        } else {
            format!("{} · {region}", v.trainee_name)
        },
        back_href: if own {
            format!("/logbook?programme={programme}")
        } else {
            format!("/trainees/{trainee}/logbook?programme={programme}")
        },
        back: base,
        notice,
        error,
        agreements: v
            .agreements
            .iter()
            .map(|x| AgreementRow {
                title: agreement_title(tr, x.current.kind, x.current.reason),
                dated: tr.date(x.current.dated),
                kind: x.current.kind.code().to_owned(),
                reason: x.current.reason.map(|r| r.code().to_owned()).unwrap_or_default(),
                dated_value: x.current.dated.to_string(),
                current: document_row(tr, &x.current.document),
                earlier: x.earlier.iter().map(|e| document_row(tr, &e.document)).collect(),
                earlier_label: tr.tn("document-earlier-versions", "count", x.earlier.len() as i64),
            })
            .collect(),
        upload: v.may_change.then(|| {
            let mut f = form.unwrap_or_default();
            f.action = format!("/trainees/{trainee}/programmes/{programme}/agreements");
            f.reasons = AddendumReason::ALL
                .iter()
                .map(|r| (r.code().to_owned(), tr.t(&format!("addendum-reason-{}", r.code()))))
                .collect();
            f.hint = tr.tn(
                "upload-hint",
                "max",
                logbog_app::error::mb(limit_bytes(DocumentKind::Agreement)) as i64,
            );
            f
        }),
    };
    Ok(render(&page))
}

pub async fn own_programme(
    State(state): State<AppState>,
    a: Authed,
    PagePath(programme): PagePath<ProgrammeId>,
    Query(q): Query<ProgrammeQuery>,
) -> Result<Response, PageError> {
    let notice = notice_of(&a.ctx.tr, &q);
    page(&state, &a, a.user.id(), programme, notice, None).await
}

pub async fn trainee_programme(
    State(state): State<AppState>,
    a: Authed,
    PagePath((trainee, programme)): PagePath<(PersonId, ProgrammeId)>,
    Query(q): Query<ProgrammeQuery>,
) -> Result<Response, PageError> {
    let notice = notice_of(&a.ctx.tr, &q);
    page(&state, &a, trainee, programme, notice, None).await
}

fn notice_of(tr: &Tr, q: &ProgrammeQuery) -> Option<String> {
    if q.uploaded.is_some() {
        Some(tr.t("agreement-uploaded"))
    } else if q.deleted.is_some() {
        Some(tr.t("document-deleted"))
    } else {
        None
    }
}

/// The text fields of an agreement's upload.
pub const AGREEMENT_FIELDS: &[&str] = &["kind", "reason", "dated", "replaces"];

/// An agreement's description from the form's fields.
pub fn agreement_input(u: &Upload) -> Result<AgreementInput, AppError> {
    let kind = match u.field("kind") {
        "" => AgreementKind::Agreement,
        k => k.parse().map_err(|_| AppError::Invalid {
            field: "kind",
            problem: Problem::MalformedForm,
        })?,
    };
    let reason = match u.field("reason") {
        "" => None,
        r => Some(r.parse().map_err(|_| AppError::Invalid {
            field: "reason",
            problem: Problem::MalformedForm,
        })?),
    };
    let dated = match u.field("dated") {
        "" => {
            return Err(AppError::Invalid {
                field: "dated",
                problem: Problem::Required,
            });
        }
        d => d.parse().map_err(|_| AppError::Invalid {
            field: "dated",
            problem: Problem::DateFormat,
        })?,
    };
    let replaces = match u.field("replaces") {
        "" => None,
        r => Some(crate::pages::form_id(r, "replaces")?),
    };
    Ok(AgreementInput {
        kind,
        reason,
        dated,
        replaces,
    })
}

/// `POST /trainees/{trainee}/programmes/{programme}/agreements`: upload (or replace) an
/// agreement or addendum.
pub async fn upload_agreement(
    State(state): State<AppState>,
    a: Authed,
    PagePath((trainee, programme)): PagePath<(PersonId, ProgrammeId)>,
    request: Request,
) -> Result<Response, PageError> {
    let target = UploadTarget::Agreement { trainee, programme };
    let read = upload::read(&state, &a.user, target, AGREEMENT_FIELDS, request).await;
    let (fields, outcome) = match read {
        Ok(u) => {
            let input = agreement_input(&u);
            let fields = u.fields.clone();
            let done =
                logbog_app::documents::add_agreement(&state.app, &a.user, trainee, programme, input, u.file).await;
            (fields, done.map(|_| ()))
        }
        Err(e) => (Default::default(), Err(e)),
    };
    let field = |k: &str| fields.get(k).map(|v| v.trim().to_owned()).unwrap_or_default();
    let back = crate::redirect::back_or_home(&field("back"), Some(&a.user));
    match outcome {
        Ok(()) => Ok(Redirect::to(&with_flag(&back, "uploaded")).into_response()),
        Err(e @ AppError::Invalid { .. }) | Err(e @ AppError::DocumentChanged) => {
            // Refused input: the page again, with the message and the form as it was.
            let form = AgreementForm {
                kind: field("kind"),
                reason: field("reason"),
                dated: field("dated"),
                ..AgreementForm::default()
            };
            let text = message(&a.ctx.tr, &e);
            let mut response = page(&state, &a, trainee, programme, None, Some((form, text))).await?;
            *response.status_mut() = classify(&e).0;
            Ok(response)
        }
        Err(e) => Err(PageError(e)),
    }
}

pub(crate) fn with_flag(back: &str, flag: &str) -> String {
    let sep = if back.contains('?') { '&' } else { '?' };
    format!("{back}{sep}{flag}=1")
}

#[derive(Debug, Deserialize)]
pub struct DeleteForm {
    #[serde(default)]
    back: String,
}

/// `POST /documents/{document}/delete`.
pub async fn delete(
    State(state): State<AppState>,
    a: Authed,
    PagePath(document): PagePath<DocumentId>,
    Form(f): Form<DeleteForm>,
) -> Result<Response, PageError> {
    logbog_app::documents::delete(&state.app, &a.user, document).await?;
    let back = crate::redirect::back_or_home(&f.back, Some(&a.user));
    Ok(Redirect::to(&with_flag(&back, "deleted")).into_response())
}

/// The `Content-Disposition` of a download: always an attachment, the name as ASCII for old
/// clients and in full as UTF-8 (RFC 6266, RFC 8187).
pub fn disposition(file_name: &str) -> HeaderValue {
    const ATTR: &percent_encoding::AsciiSet = &percent_encoding::NON_ALPHANUMERIC
        .remove(b'!')
        .remove(b'#')
        .remove(b'$')
        .remove(b'&')
        .remove(b'+')
        .remove(b'-')
        .remove(b'.')
        .remove(b'^')
        .remove(b'_')
        .remove(b'`')
        .remove(b'|')
        .remove(b'~');
    let ascii: String = file_name
        .chars()
        .map(|c| {
            if c.is_ascii_graphic() && !matches!(c, '"' | '\\' | '%') || c == ' ' {
                c
            } else {
                '_'
            }
        })
        .collect();
    let encoded = percent_encoding::utf8_percent_encode(file_name, ATTR);
    HeaderValue::from_str(&format!("attachment; filename=\"{ascii}\"; filename*=UTF-8''{encoded}"))
        .unwrap_or_else(|_| HeaderValue::from_static("attachment"))
}

/// A document's bytes as a download response: its own type, `nosniff` (on every response),
/// an attachment, never cached, and sandboxed should a browser render it anyway.
pub fn download_response(opened: logbog_app::documents::Opened) -> Response {
    let d = &opened.document;
    let content_type =
        HeaderValue::from_str(&d.content_type).unwrap_or_else(|_| HeaderValue::from_static("application/octet-stream"));
    (
        [
            (header::CONTENT_TYPE, content_type),
            (header::CONTENT_DISPOSITION, disposition(&d.file_name)),
            (header::CONTENT_LENGTH, HeaderValue::from(opened.download.size)),
            (header::CACHE_CONTROL, HeaderValue::from_static("private, no-store")),
            (header::CONTENT_SECURITY_POLICY, HeaderValue::from_static("sandbox")),
        ],
        Body::from_stream(opened.download.body),
    )
        .into_response()
}

/// `GET /documents/{document}`: the file, for its owner and those who may see their logbook.
pub async fn download(
    State(state): State<AppState>,
    a: Authed,
    PagePath(document): PagePath<DocumentId>,
) -> Result<Response, PageError> {
    let opened = logbog_app::documents::open(&state.app, &a.user, document).await?;
    Ok(download_response(opened))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_disposition_is_an_attachment_with_both_names() {
        let v = disposition("Kompetencekort æøå.pdf");
        assert_eq!(
            v.to_str().unwrap(),
            "attachment; filename=\"Kompetencekort ___.pdf\"; filename*=UTF-8''Kompetencekort%20%C3%A6%C3%B8%C3%A5.pdf"
        );
    }

    #[test]
    fn sizes_read_as_people_read_them() {
        assert_eq!(size_text(1000), "1 kB");
        assert_eq!(size_text(3_565_158), "3,4 MB");
    }
}
