//! Paper time attestations: the trainee's upload on the employment's page, the papers on that
//! page, and the secretariat's work list of papers waiting in its regions, where each is
//! approved or returned.

use crate::AppState;
use crate::context::{Authed, PagePath};
use crate::error::{PageError, classify, message};
use crate::i18n::Tr;
use crate::pager::Pager;
use crate::pages::documents::with_flag;
use crate::templates::{Layout, render};
use crate::upload;
use askama::Template;
use axum::extract::{Query, Request, State};
use axum::response::{IntoResponse, Redirect, Response};
use axum_extra::extract::Form;
use logbog_app::AppError;
use logbog_app::documents::UploadTarget;
use logbog_app::paging::PageRequest;
use logbog_app::paper::PaperDecision;
use logbog_db::paper::Paper;
use logbog_domain::documents::limit_bytes;
use logbog_domain::paper::PaperState;
use logbog_domain::{DocumentId, DocumentKind, EmploymentId, PersonId};
use serde::Deserialize;

const WORK_LIST: &str = "/paper-attestations";

/// A paper as the employment's page and the work list show it.
#[derive(Debug, Clone)]
pub struct PaperRow {
    pub id: String,
    pub href: String,
    pub file_name: String,
    pub submitted: String,
    pub message: String,
    pub state_class: &'static str,
    pub state_label: String,
    /// "Returned by … on …: comment".
    pub decided: Option<String>,
    pub waiting: bool,
}

pub fn paper_rows(tr: &Tr, papers: &[Paper]) -> Vec<PaperRow> {
    papers
        .iter()
        .map(|p| PaperRow {
            id: p.document_id.to_string(),
            href: format!("/documents/{}", p.document_id),
            file_name: p.file_name.clone(),
            submitted: tr.instant_date(p.submitted_at),
            message: p.message.clone(),
            state_class: match p.state {
                PaperState::Waiting => "pending",
                PaperState::Approved => "approved",
                PaperState::Returned => "returned",
            },
            state_label: tr.t(&format!("paper-state-{}", p.state.code())),
            decided: match (&p.decided_by_name, p.decided_at) {
                (Some(who), Some(at)) => Some(tr.ta(
                    "paper-decided",
                    &[
                        ("name", who.clone()),
                        ("date", tr.instant_date(at)),
                        ("comment", p.decision_comment.clone()),
                    ],
                )),
                _ => None,
            },
            waiting: p.state == PaperState::Waiting,
        })
        .collect()
}

/// The paper upload on the trainee's own employment page.
#[derive(Debug, Clone)]
pub struct PaperUpload {
    pub action: String,
    pub hint: String,
    pub back: String,
}

pub fn paper_upload(tr: &Tr, trainee: PersonId, employment: EmploymentId) -> PaperUpload {
    PaperUpload {
        action: format!("/trainees/{trainee}/employments/{employment}/paper"),
        hint: tr.tn(
            "upload-hint",
            "max",
            logbog_app::error::mb(limit_bytes(DocumentKind::PaperTimeAttestation)) as i64,
        ),
        back: format!("/logbook/employments/{employment}"),
    }
}

/// `POST /trainees/{trainee}/employments/{employment}/paper`: the trainee uploads the paper
/// and asks the secretariat.
pub async fn upload_paper(
    State(state): State<AppState>,
    a: Authed,
    PagePath((trainee, employment)): PagePath<(PersonId, EmploymentId)>,
    request: Request,
) -> Result<Response, PageError> {
    let target = UploadTarget::PaperTimeAttestation { trainee, employment };
    let outcome = match upload::read(&state, &a.user, target, &["message"], request).await {
        Ok(u) => {
            let message = Ok(u.field("message").to_owned());
            logbog_app::paper::submit_paper(&state.app, &a.user, trainee, employment, message, u.file).await
        }
        Err(e) => Err(e),
    };
    match outcome {
        Ok(_) => Ok(Redirect::to(&format!("/logbook/employments/{employment}?paper=1")).into_response()),
        Err(e @ (AppError::Invalid { .. } | AppError::AlreadyReported(_) | AppError::Denied(_))) => {
            let text = message(&a.ctx.tr, &e);
            let mut response = crate::pages::employment::page(
                &state,
                &a,
                trainee,
                employment,
                crate::pages::employment::Shown {
                    error: Some(text),
                    ..Default::default()
                },
            )
            .await?;
            *response.status_mut() = classify(&e).0;
            Ok(response)
        }
        Err(e) => Err(PageError(e)),
    }
}

#[derive(Template)]
#[template(path = "paper_worklist.html")]
pub struct PaperWorkListPage {
    pub l: Layout,
    pub notice: Option<String>,
    pub error: Option<String>,
    pub rows: Vec<WaitingRow>,
    pub count_text: String,
    pub pager: Pager,
}

/// A paper waiting for the secretariat.
#[derive(Debug, Clone)]
pub struct WaitingRow {
    pub paper: PaperRow,
    pub trainee: String,
    pub logbook_href: String,
    pub employment: String,
    pub employment_href: String,
    pub approve_action: String,
    pub return_action: String,
}

#[derive(Debug, Default, Deserialize)]
pub struct WorkListQuery {
    page: Option<u32>,
    approved: Option<i64>,
    returned: Option<i64>,
}

async fn work_list_page(
    state: &AppState,
    a: &Authed,
    page: PageRequest,
    notice: Option<String>,
    error: Option<String>,
) -> Result<Response, PageError> {
    let list = logbog_app::paper::waiting_papers(&state.app, &a.user, page).await?;
    let tr = &a.ctx.tr;
    let rows = list
        .items
        .iter()
        .zip(paper_rows(tr, &list.items))
        .map(|(p, row)| WaitingRow {
            trainee: p.trainee_name.clone(),
            logbook_href: format!("/trainees/{}/logbook", p.trainee_id),
            employment: format!("{}, {} – {}", p.site_name, tr.date(p.start_date), tr.date(p.end_date)),
            employment_href: format!("/trainees/{}/employments/{}", p.trainee_id, p.employment_id),
            approve_action: format!("{WORK_LIST}/{}/approve", p.document_id),
            return_action: format!("{WORK_LIST}/{}/return", p.document_id),
            paper: row,
        })
        .collect();
    let page = PaperWorkListPage {
        l: Layout::new(&a.ctx),
        notice,
        error,
        rows,
        count_text: tr.tn(
            "paper-worklist-count",
            "count",
            i64::try_from(list.total).unwrap_or(i64::MAX),
        ),
        pager: Pager::new(tr, &list, WORK_LIST),
    };
    Ok(render(&page))
}

/// `GET /paper-attestations`: the secretariat's work list of paper time attestations.
pub async fn work_list(
    State(state): State<AppState>,
    a: Authed,
    Query(q): Query<WorkListQuery>,
) -> Result<Response, PageError> {
    let tr = &a.ctx.tr;
    let notice = match (q.approved, q.returned) {
        (Some(_), _) => Some(tr.t("paper-approved-notice")),
        (_, Some(_)) => Some(tr.t("paper-returned-notice")),
        _ => None,
    };
    work_list_page(&state, &a, PageRequest::new(q.page, None), notice, None).await
}

#[derive(Debug, Default, Deserialize)]
pub struct DecideForm {
    #[serde(default)]
    comment: String,
    #[serde(default)]
    back: String,
}

async fn decide(
    state: AppState,
    a: Authed,
    document: DocumentId,
    decision: PaperDecision,
    f: DecideForm,
) -> Result<Response, PageError> {
    match logbog_app::paper::decide_paper(&state.app, &a.user, document, decision, &f.comment).await {
        Ok(()) => {
            let back = crate::redirect::back_or(&f.back, WORK_LIST);
            let flag = match decision {
                PaperDecision::Approve => "approved",
                PaperDecision::Return => "returned",
            };
            Ok(Redirect::to(&with_flag(&back, flag)).into_response())
        }
        Err(e @ (AppError::Invalid { .. } | AppError::Denied(_) | AppError::RequestDecided)) => {
            let text = message(&a.ctx.tr, &e);
            let mut response = work_list_page(&state, &a, PageRequest::default(), None, Some(text)).await?;
            *response.status_mut() = classify(&e).0;
            Ok(response)
        }
        Err(e) => Err(PageError(e)),
    }
}

/// `POST /paper-attestations/{document}/approve`.
pub async fn approve(
    State(state): State<AppState>,
    a: Authed,
    PagePath(document): PagePath<DocumentId>,
    Form(f): Form<DecideForm>,
) -> Result<Response, PageError> {
    decide(state, a, document, PaperDecision::Approve, f).await
}

/// `POST /paper-attestations/{document}/return`: back to the trainee, with what is wrong.
pub async fn return_paper(
    State(state): State<AppState>,
    a: Authed,
    PagePath(document): PagePath<DocumentId>,
    Form(f): Form<DecideForm>,
) -> Result<Response, PageError> {
    decide(state, a, document, PaperDecision::Return, f).await
}
