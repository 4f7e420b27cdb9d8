//! What the work list shows of waiting requests besides their facts: the names, the message,
//! the item's code, titles and methods, its card; and what names a request's item in a
//! sentence (reminders, the confirmation after approving).

use crate::requests::PendingRequest;
use crate::{Conn, DbError, RowExt};
use logbog_domain::{ApprovalRequestId, AssessmentMethod, DocumentId, PersonId};
use std::collections::HashMap;

/// A request waiting for an approver, with what the work list shows of its item.
#[derive(Debug, Clone, PartialEq)]
pub struct WorkItem {
    pub request: PendingRequest,
    /// The competency's code; empty for a time attestation.
    pub code: String,
    /// The competency's title, or the employment's site.
    pub title_da: String,
    pub title_en: String,
    pub assessment_methods: Vec<AssessmentMethod>,
    /// The competency's current filled card (its id and file name), which the approval will
    /// rest on.
    pub card: Option<(DocumentId, String)>,
    /// In general practice: the hospital department that confirmed the card.
    pub card_confirmation: Option<crate::card_confirmations::CardConfirmation>,
}

/// What the work list shows of a request and its item, besides its facts.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct WorkDetails {
    pub trainee_name: String,
    pub approver_name: String,
    pub message: String,
    pub code: String,
    pub title_da: String,
    pub title_en: String,
    pub assessment_methods: Vec<AssessmentMethod>,
}

impl WorkDetails {
    /// The work list's item of `request` (read by [`crate::requests::pending_facts_addressed_to`]).
    pub fn of(self, mut request: PendingRequest) -> WorkItem {
        request.trainee_name = self.trainee_name;
        request.approver_name = self.approver_name;
        request.message = self.message;
        WorkItem {
            request,
            code: self.code,
            title_da: self.title_da,
            title_en: self.title_en,
            assessment_methods: self.assessment_methods,
            card: None,
            card_confirmation: None,
        }
    }
}

/// What the work list shows of the requests of `ids` (one page of it): the names, the message,
/// and the competency's code, titles and assessment methods, or the employment's site. One
/// query.
pub async fn work_details(
    conn: &mut Conn,
    ids: &[ApprovalRequestId],
) -> Result<HashMap<ApprovalRequestId, WorkDetails>, DbError> {
    if ids.is_empty() {
        return Ok(HashMap::new());
    }
    // Only numbered parameters are formatted into the text.
    let sql = sqlx::AssertSqlSafe(format!(
        "SELECT r.id, r.message, t.given_name AS t_given, t.family_name AS t_family, \
                ap.given_name AS a_given, ap.family_name AS a_family, \
                c.code, COALESCE(c.title_da, ws.name) AS title_da, COALESCE(c.title_en, ws.name) AS title_en, \
                COALESCE(c.assessment_methods, '') AS assessment_methods \
           FROM approval_requests r JOIN people t ON t.id = r.trainee_id JOIN people ap ON ap.id = r.approver_id \
           LEFT JOIN competencies c ON r.item_kind = 'competency' AND c.id = r.item_id \
           LEFT JOIN employments we ON r.item_kind = 'time_attestation' AND we.id = r.item_id \
           LEFT JOIN sites ws ON ws.id = we.site_id \
          WHERE r.id IN ({})",
        crate::sql::in_list_params(1, ids.len())
    ));
    let mut q = sqlx::query(sql);
    for id in ids {
        q = q.bind(id.to_string());
    }
    let rows = q.fetch_all(conn).await?;
    rows.iter()
        .map(|row| {
            Ok((
                row.parse("id")?,
                WorkDetails {
                    trainee_name: format!("{} {}", row.text("t_given")?, row.text("t_family")?),
                    approver_name: format!("{} {}", row.text("a_given")?, row.text("a_family")?),
                    message: row.text("message")?,
                    code: row.opt_text("code")?.unwrap_or_default(),
                    title_da: row.opt_text("title_da")?.unwrap_or_default(),
                    title_en: row.opt_text("title_en")?.unwrap_or_default(),
                    assessment_methods: row.codes("assessment_methods")?,
                },
            ))
        })
        .collect()
}

/// Those of `ids` that `approver` approved, each with what the work list showed of it (the
/// trainee's name, the competency's code or the site): for the confirmation after approving.
/// Two queries.
pub async fn approved_by(
    conn: &mut Conn,
    approver: PersonId,
    ids: &[ApprovalRequestId],
) -> Result<Vec<(ApprovalRequestId, WorkDetails)>, DbError> {
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    // Only numbered parameters are formatted into the text.
    let sql = sqlx::AssertSqlSafe(format!(
        "SELECT id FROM approval_requests WHERE state = 'approved' AND decided_by = $1 AND id IN ({})",
        crate::sql::in_list_params(2, ids.len())
    ));
    let mut q = sqlx::query_scalar::<_, String>(sql).bind(approver.to_string());
    for id in ids {
        q = q.bind(id.to_string());
    }
    let mine: Vec<ApprovalRequestId> = q
        .fetch_all(&mut *conn)
        .await?
        .iter()
        .map(|i| i.parse().map_err(|_| DbError::Corrupt(format!("request id {i:?}"))))
        .collect::<Result<_, _>>()?;
    let mut details = work_details(conn, &mine).await?;
    Ok(ids
        .iter()
        .filter_map(|id| details.remove(id).map(|d| (*id, d)))
        .collect())
}

/// What names the item of each request of `ids` in a sentence: the competency's code, or the
/// site of a time attestation. One query per 500 requests.
pub async fn item_labels(
    conn: &mut Conn,
    ids: &[ApprovalRequestId],
) -> Result<HashMap<ApprovalRequestId, String>, DbError> {
    let mut out = HashMap::new();
    for chunk in ids.chunks(500) {
        for (id, d) in work_details(conn, chunk).await? {
            out.insert(id, if d.code.is_empty() { d.title_da } else { d.code });
        }
    }
    Ok(out)
}
