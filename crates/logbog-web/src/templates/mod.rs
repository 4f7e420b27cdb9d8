//! One struct per page (`*Page`): what the template shows, prepared by the handler. Templates
//! live in `templates/`; askama checks them at compile time and escapes by default.

use crate::chart::PhaseBar;
use crate::context::Ctx;
use crate::i18n::{Lang, Tr};
use crate::pager::Pager;
use askama::Template;
use axum::response::{Html, IntoResponse, Response};
use logbog_domain::Role;

mod worklist;
pub use worklist::*;

/// Render a template, or log and answer 500 without internals.
pub fn render<T: Template>(t: &T) -> Response {
    match t.render() {
        Ok(html) => Html(html).into_response(),
        Err(e) => {
            tracing::error!(error = %e, "template failed to render");
            axum::http::StatusCode::INTERNAL_SERVER_ERROR.into_response()
        }
    }
}

/// A link of the main navigation.
#[derive(Debug, Clone)]
pub struct NavItem {
    pub href: &'static str,
    pub label: String,
    pub current: bool,
}

/// What every page's frame shows: navigation, the user, the language switch.
#[derive(Debug, Clone)]
pub struct Layout {
    pub tr: Tr,
    pub user_name: Option<String>,
    pub nav: Vec<NavItem>,
    pub csrf: String,
    /// Where the language switch returns to: this page with its query.
    pub back: String,
    pub other_lang: Lang,
}

impl NavItem {
    fn new(href: &'static str, label: String, path: &str) -> Self {
        Self {
            href,
            current: path == href || path.starts_with(&format!("{href}/")),
            label,
        }
    }
}

impl Layout {
    pub fn new(ctx: &Ctx) -> Self {
        let mut nav = Vec::new();
        if let Some(user) = &ctx.user {
            let roles = user.roles();
            let staff = roles.iter().any(|r| *r != Role::Trainee);
            if staff {
                nav.push(NavItem::new("/home", ctx.tr.t("nav-home"), &ctx.path));
            }
            if logbog_app::policy::is_approver(user) {
                let label = match ctx.waiting {
                    Some(n) if n > 0 => ctx.tr.tn("nav-worklist-count", "count", n),
                    _ => ctx.tr.t("nav-worklist"),
                };
                nav.push(NavItem::new("/worklist", label, &ctx.path));
            }
            if roles.contains(&Role::Secretariat) {
                nav.push(NavItem::new("/paper-attestations", ctx.tr.t("nav-papers"), &ctx.path));
            }
            if [Role::Secretariat, Role::TrainingLead, Role::Tutor]
                .iter()
                .any(|r| roles.contains(r))
            {
                nav.push(NavItem::new("/access", ctx.tr.t("nav-access"), &ctx.path));
            }
            if roles.contains(&Role::Trainee) {
                nav.push(NavItem::new("/logbook", ctx.tr.t("nav-logbook"), &ctx.path));
            }
            if logbog_app::documents::reads_specialty_files(user) {
                nav.push(NavItem::new(
                    "/specialty-files",
                    ctx.tr.t("nav-specialty-files"),
                    &ctx.path,
                ));
            }
            let label = match ctx.unread {
                Some(n) if n > 0 => ctx.tr.tn("nav-notifications-count", "count", n),
                _ => ctx.tr.t("nav-notifications"),
            };
            nav.push(NavItem::new("/notifications", label, &ctx.path));
        }
        Self {
            tr: ctx.tr.clone(),
            user_name: ctx.user.as_ref().map(|u| u.person.full_name()),
            nav,
            csrf: ctx.csrf.clone(),
            // The language switch comes back to the same view: programme, curriculum and phase.
            back: match &ctx.query {
                Some(q) => format!("{}?{q}", ctx.path),
                None => ctx.path.clone(),
            },
            other_lang: ctx.tr.lang.other(),
        }
    }
}

#[derive(Template)]
#[template(path = "error.html")]
pub struct ErrorPage {
    pub l: Layout,
    pub title: String,
    pub message: String,
}

#[derive(Template)]
#[template(path = "login.html")]
pub struct LoginPage {
    pub l: Layout,
    pub username: String,
    pub next: String,
    pub error: Option<String>,
    pub demo_accounts: Vec<(String, String)>,
    pub demo_password: Option<String>,
}

/// One competency row of the logbook list.
#[derive(Debug, Clone)]
pub struct CompetencyRow {
    pub id: String,
    /// Can be reported ready now (not approved, not already reported).
    pub selectable: bool,
    pub href: String,
    pub code: String,
    pub title: String,
    pub state_class: &'static str,
    pub state_label: String,
    pub detail: String,
}

/// A choice of a selection menu: a link to the logbook with that choice.
#[derive(Debug, Clone)]
pub struct MenuOption {
    pub href: String,
    pub label: String,
    pub selected: bool,
}

/// A line of the employments table.
#[derive(Debug, Clone)]
pub struct EmploymentRow {
    pub href: String,
    pub time_state: String,
    pub site: String,
    pub title: String,
    pub period: String,
    pub percent: String,
    pub notes: Vec<String>,
    pub current: bool,
}

#[derive(Template)]
#[template(path = "logbook.html")]
pub struct LogbookPage {
    pub l: Layout,
    pub heading: String,
    pub own: bool,
    /// For staff: in which role they see it ("Du ser logbogen som vejleder.").
    pub acting_as: Option<String>,
    pub programme_options: Vec<MenuOption>,
    pub curriculum_options: Vec<MenuOption>,
    pub phase_options: Vec<MenuOption>,
    pub programme_current: String,
    pub curriculum_current: String,
    pub phase_current: String,
    pub curriculum_label: String,
    pub phase_label: String,
    pub bars: Vec<PhaseBar>,
    pub total_summary: String,
    pub rows: Vec<CompetencyRow>,
    pub report: Option<ReportForm>,
    pub notice: Option<String>,
    pub error: Option<String>,
    pub employments: Vec<EmploymentRow>,
    pub supervisors: Vec<String>,
    /// The programme's page with its agreements.
    pub agreements_href: String,
    /// The trainee's notes (her own list, or those shared with the viewer).
    pub notes_href: String,
    /// The overview of medical employment.
    pub overview_href: String,
}

/// The form that reports competencies ready for approval.
#[derive(Debug, Clone)]
pub struct ReportForm {
    /// Current approvers as (person id, "Name – Role, Site").
    pub approvers: Vec<(String, String)>,
    pub back: String,
    pub message: String,
    /// On a competency's page: the file name of the current card, which goes with the report.
    pub card: Option<String>,
    /// Why the last report from this form was refused.
    pub error: Option<String>,
}

/// A labelled value on the competency page.
#[derive(Debug, Clone)]
pub struct HistoryRow {
    pub date: String,
    pub what: String,
    pub who: String,
    pub text: String,
}

#[derive(Template)]
#[template(path = "competency.html")]
pub struct CompetencyPage {
    pub l: Layout,
    pub back_href: String,
    pub trainee_name: String,
    pub own: bool,
    /// For staff: in which role they see it.
    pub acting_as: Option<String>,
    pub code: String,
    pub title: String,
    pub phase: String,
    pub description: String,
    pub doctor_roles: Vec<String>,
    pub learning_methods: Vec<String>,
    pub assessment_methods: Vec<String>,
    pub card: Option<String>,
    /// The trainee's filled cards, and the upload form for the trainee.
    pub cards: CardSection,
    /// The notes about the competency the viewer may read, and the trainee's form for one.
    pub notes: crate::pages::notes::NoteList,
    pub note_form: Option<crate::pages::notes::NoteForm>,
    pub notes_href: String,
    pub state_class: &'static str,
    pub state_label: String,
    pub state_detail: String,
    pub history: Vec<HistoryRow>,
    pub id: String,
    pub report: Option<ReportForm>,
    /// The pending request the trainee may withdraw.
    pub withdraw: Option<String>,
    pub back: String,
    /// The secretariat's reset form, for an approved item of a trainee in its region.
    pub reset: Option<ResetForm>,
    /// For the approver the request waits for: approve or return it here.
    pub decide: Option<DecideForm>,
    pub notice: Option<String>,
    pub error: Option<String>,
}

/// The reset (nulstilling) form with what was typed and why it failed.
#[derive(Debug, Clone, Default)]
pub struct ResetForm {
    pub action: String,
    pub reference: String,
    pub reason: String,
    pub error: Option<String>,
}

/// A role the user holds, with its scope.
#[derive(Debug, Clone)]
pub struct RoleRow {
    pub role: String,
    pub scope: String,
    pub period: String,
}

/// A trainee on the staff home page.
#[derive(Debug, Clone)]
pub struct TraineeRow {
    pub href: String,
    pub name: String,
    pub relation: String,
    pub site: String,
    pub until: String,
    /// Progress in the phase the trainee works in now.
    pub bar: Option<PhaseBar>,
}

/// Contact details of a secretariat.
#[derive(Debug, Clone)]
pub struct ContactRow {
    pub name: String,
    pub email: String,
    pub phone: String,
    pub trainees: String,
}

#[derive(Template)]
#[template(path = "home.html")]
pub struct HomePage {
    pub l: Layout,
    pub name: String,
    pub roles: Vec<RoleRow>,
    pub shows_trainees: bool,
    pub trainees: Vec<TraineeRow>,
    pub trainees_pager: Option<Pager>,
    pub contacts: Vec<ContactRow>,
    /// For the secretariat: trainees of its regions matching the search, as (link, name).
    pub region_trainees: Option<Vec<(String, String)>>,
    pub region_pager: Option<Pager>,
    pub query: String,
    /// For a course leader: the specialties whose curricula's files they publish.
    pub led_specialties: Vec<String>,
    /// For an approver: what waits, first on the page; None for other roles.
    pub waiting: Option<Vec<WaitingRow>>,
    /// For a training lead: a dashboard of each department led.
    pub departments: Vec<crate::dashboard::DepartmentView>,
}

/// One line of "what waits for you" on an approver's home.
#[derive(Debug, Clone)]
pub struct WaitingRow {
    pub href: String,
    pub label: String,
    pub detail: String,
}

/// One view of the trainee's logbook by someone else.
#[derive(Debug, Clone)]
pub struct ViewRow {
    pub when: String,
    pub who: String,
    pub role: String,
    pub what: String,
}

#[derive(Template)]
#[template(path = "views.html")]
pub struct ViewsPage {
    pub l: Layout,
    pub rows: Vec<ViewRow>,
    pub pager: Pager,
}

#[derive(Template)]
#[template(path = "employment.html")]
pub struct EmploymentPage {
    pub l: Layout,
    pub own: bool,
    pub back_href: String,
    pub back_label: String,
    /// Where approving leads: the work list when the page was opened from it.
    pub approve_back: Option<String>,
    pub trainee_name: String,
    pub site: String,
    pub title: String,
    pub period: String,
    pub percent: String,
    pub leaves: Vec<String>,
    pub opens: String,
    pub state_class: &'static str,
    pub state_label: String,
    pub state_detail: String,
    /// The trainee's request form: the site's training leads and tutors.
    pub request: Option<ReportForm>,
    pub withdraw: Option<String>,
    /// The approve form for the training lead or tutor of the employment's site, once the
    /// window is open.
    pub approve_action: Option<String>,
    /// "Approve the time as training lead".
    pub approve_label: String,
    /// Why a supervisor sees no approve button.
    pub supervisor_note: Option<String>,
    pub notice: Option<String>,
    pub error: Option<String>,
    /// The secretariat's reset form, when the time attestation is approved.
    pub reset: Option<ResetForm>,
    /// The paper time attestations uploaded for it.
    pub papers: Vec<crate::pages::paper::PaperRow>,
    /// The trainee's upload of a paper, while nothing waits and it is not approved.
    pub paper_upload: Option<crate::pages::paper::PaperUpload>,
    /// The secretariat's decision on the waiting paper: the base of its actions.
    pub paper_decide: Option<String>,
    /// A lead or tutor who approves now verifies the waiting paper.
    pub paper_verify: bool,
    pub history: Vec<HistoryRow>,
    pub back: String,
}

/// A grant or supervisor relation on the access page.
#[derive(Debug, Clone)]
pub struct AccessRow {
    pub who: String,
    pub what: String,
    pub period: String,
    /// Who gave the access, and when.
    pub given: String,
    pub end_action: Option<String>,
    pub ended: bool,
}

/// A secretariat's region on the access page.
#[derive(Debug, Clone)]
pub struct RegionAccess {
    pub name: String,
    pub sites: Vec<(String, String)>,
    pub rows: Vec<AccessRow>,
}

#[derive(Template)]
#[template(path = "access.html")]
pub struct AccessPage {
    pub l: Layout,
    pub regions: Vec<RegionAccess>,
    pub is_lead: bool,
    pub trainees: Vec<(String, String)>,
    pub supervisors: Vec<(String, String)>,
    pub supervisions: Vec<AccessRow>,
    pub supervisions_pager: Option<Pager>,
    pub grants_pager: Option<Pager>,
    pub notice: Option<String>,
    pub error: Option<String>,
    pub typed: crate::pages::access::Typed,
}

/// A notification in the list.
#[derive(Debug, Clone)]
pub struct NotificationRow {
    pub when: String,
    pub title: String,
    pub body: String,
    pub unread: bool,
    /// Opens it: marked read, then to what it is about.
    pub href: String,
}

#[derive(Template)]
#[template(path = "notifications.html")]
pub struct NotificationsPage {
    pub l: Layout,
    pub rows: Vec<NotificationRow>,
    pub any_unread: bool,
    pub pager: Pager,
}

/// A document as a list shows it: its link and what it is.
#[derive(Debug, Clone)]
pub struct DocumentRow {
    pub id: String,
    pub href: String,
    pub file_name: String,
    /// "PDF, 120 kB · Ida Holm, 3. marts 2026".
    pub about: String,
}

/// An agreement or addendum with its earlier versions.
#[derive(Debug, Clone)]
pub struct AgreementRow {
    pub title: String,
    pub dated: String,
    pub kind: String,
    pub reason: String,
    pub dated_value: String,
    pub current: DocumentRow,
    pub earlier: Vec<DocumentRow>,
    pub earlier_label: String,
}

/// The upload form of an agreement, refilled after a refusal.
#[derive(Debug, Clone, Default)]
pub struct AgreementForm {
    pub action: String,
    pub kind: String,
    pub reason: String,
    pub dated: String,
    pub reasons: Vec<(String, String)>,
    /// "PDF, PNG or JPEG, at most 25 MB".
    pub hint: String,
}

/// A programme and its employment and training agreements.
#[derive(Template)]
#[template(path = "programme.html")]
pub struct ProgrammePage {
    pub l: Layout,
    pub heading: String,
    pub lead: String,
    pub back_href: String,
    pub back: String,
    pub notice: Option<String>,
    pub error: Option<String>,
    pub agreements: Vec<AgreementRow>,
    /// Shown to those who may change the agreements.
    pub upload: Option<AgreementForm>,
}

/// A filled card on a competency, with its earlier versions.
#[derive(Debug, Clone)]
pub struct CardRow {
    pub current: DocumentRow,
    /// "An approval rests on this card".
    pub basis: bool,
    /// "Confirmed by … (role, department) on …": a qualification card's confirmation.
    pub confirmed: Option<String>,
    /// Where the viewer confirms the card, when they may (a hospital department's supervisor
    /// or training lead).
    pub confirm_action: Option<String>,
    pub earlier: Vec<DocumentRow>,
    pub earlier_label: String,
}

/// The competency page's cards: the list, and for the trainee the upload form.
#[derive(Debug, Clone, Default)]
pub struct CardSection {
    pub rows: Vec<CardRow>,
    /// The specialty files (blank forms) that belong to the competency: link and title.
    pub forms: Vec<(String, String)>,
    /// Where the form posts (the trainee's own page only).
    pub upload_action: Option<String>,
    pub hint: String,
    pub back: String,
    pub error: Option<String>,
}
