//! The work list's page: the waiting items by trainee with their bases and forms, and the time
//! attestations due; also the approve form a competency's own page shows.

use super::Layout;
use crate::pager::Pager;
use askama::Template;

/// One waiting item of the work list.
#[derive(Debug, Clone)]
pub struct WorkRow {
    pub request_id: String,
    /// Ticked (shown again after a failed approval).
    pub checked: bool,
    pub code: String,
    pub title: String,
    pub href: String,
    pub requested: String,
    pub waited: String,
    pub message: String,
    pub role: String,
    /// The assessment methods its curriculum names (competencies only).
    pub methods: Vec<MethodOption>,
    /// The filled card the approval will rest on: its download and name.
    pub card: Option<(String, String)>,
    /// In general practice: which hospital department confirmed the card.
    pub card_confirmed: Option<String>,
    /// Why the last approval failed, when it concerns this item's basis.
    pub error: Option<String>,
}

/// An assessment method to choose as the basis of one item's approval.
#[derive(Debug, Clone)]
pub struct MethodOption {
    /// "<request id>:<method code>".
    pub value: String,
    pub label: String,
    pub selected: bool,
}

/// Approving or returning a waiting request on the competency's own page (opened from the
/// work list), which then leads back to the work list.
#[derive(Debug, Clone)]
pub struct DecideForm {
    pub request: String,
    pub code: String,
    /// "Asked on 17.11.2026 · has waited 9 days".
    pub waiting: String,
    pub methods: Vec<MethodOption>,
}

/// The waiting items of one trainee.
#[derive(Debug, Clone)]
pub struct WorkGroup {
    pub trainee_name: String,
    pub anchor: String,
    pub rows: Vec<WorkRow>,
    /// Why the last approval of this group failed (shown by the approve button).
    pub error: Option<String>,
    /// Why the comment was refused (shown by the comment).
    pub comment_error: Option<String>,
    pub comment: String,
}

#[derive(Template)]
#[template(path = "worklist.html")]
pub struct WorkListPage {
    pub l: Layout,
    pub groups: Vec<WorkGroup>,
    pub notice: Option<String>,
    pub error: Option<String>,
    pub summary: String,
    pub pager: Pager,
    /// The page of the list, for the forms to come back to.
    pub page: u32,
    /// When only one trainee's requests are shown (from a notification): says so.
    pub only: Option<String>,
    /// Time attestations due at the user's sites, which nobody asked for.
    pub due: Vec<DueRow>,
}

/// A time attestation due in the work list: whose, where, since when, and its approve form.
#[derive(Debug, Clone)]
pub struct DueRow {
    pub trainee_name: String,
    pub site: String,
    pub period: String,
    pub opens: String,
    pub href: String,
    pub action: String,
    /// "Approve the time of Ida Holm at …", for screen readers.
    pub approve_label: String,
}
