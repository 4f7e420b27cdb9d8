# Logbog – English

## Frame
skip-to-content = Skip to content
nav-label = Main menu
nav-home = Home
nav-logbook = My logbook
nav-logout = Log out
switch-language = Dansk
footer-text = Logbog – electronic logbook for postgraduate medical training in Denmark. Questions about your training programme are answered by your regional postgraduate secretariat.
footer-my-data = Download everything Logbog holds about you (JSON)

## Errors
error-back-home = Go to the front page
status-400 = Bad request
status-401 = Not logged in
status-403 = Access refused
status-404 = Page not found
status-409 = Conflict
status-429 = Too many attempts
status-500 = Something went wrong
error-bad-credentials = Wrong username or password. Check the spelling and try again.
error-throttled = { $seconds ->
    [one] Too many failed attempts. Wait { $seconds } second and try again.
   *[other] Too many failed attempts. Wait { $seconds } seconds and try again.
}
error-account-disabled = Your account is disabled. Contact your regional postgraduate secretariat.
error-no-programme = No training programme is registered for you. Contact your regional postgraduate secretariat.
error-access-not-yet-open = Your access to the logbook opens { $date } – the first weekday of your first training programme.
error-access-ended = Your access to the logbook ended { $date }, 6 months after your specialist recognition. Contact your regional postgraduate secretariat if you need documentation.
error-no-role = Your account has no active role. Contact your regional postgraduate secretariat.
error-unauthenticated = Please log in to see this page.
error-forbidden = You do not have access to this page. Ask the training lead of the department if you believe you should.
error-not-found = { $what } does not exist, or you do not have access to it.
error-invalid = { $field }: { $problem }

## What is wrong with an input, and the labels of the fields.
invalid-required = is required.
invalid-too-long = { $max ->
    [one] at most { $max } character.
   *[other] at most { $max } characters.
}
invalid-not-an-id = not a valid reference. Open the page again and retry.
invalid-choose-at-least-one = choose at least one.
invalid-choose-an-approver = choose who is to approve.
invalid-not-a-current-approver = is not one of your current approvers. Choose one from the list.
invalid-one-trainee-at-a-time = approve one trainee's items at a time.
invalid-method-required = choose the assessment method the approval of { $code } rests on.
invalid-method-not-named = { $method } is not an assessment method of { $code }. Its curriculum names: { $named }.
invalid-not-a-method = “{ $value }” is not an assessment method.
invalid-username-format = use 1–64 characters: the letters a–z, digits and . - _ @
invalid-password-too-short = the password must have at least { $min } characters.
invalid-password-too-long = the password may have at most { $max } characters.
invalid-period-ends-before-start = the period ends before it starts.
invalid-period-implausible = give a period from 1990 and at most ten years ahead.
invalid-beyond-employment = the trainee's employment at the site ends { $date }; access can last until then at most.
invalid-site-not-in-your-region = choose a training site of your region.
invalid-no-such-account = there is no account with that username.
invalid-cannot-supervise-self = a trainee cannot supervise themself.
invalid-not-employed-at-your-site = is not employed at your department or practice today.
invalid-not-a-supervisor-of-the-site = is not a supervisor at the site.
invalid-not-a-lead-or-tutor-of-the-site = is not a training lead or tutor at the site.
invalid-curriculum-not-in-force = was not in force on { $date }, the programme's first day.
invalid-not-of-the-programme = is not one of the programme's curricula.
invalid-outside-programme = lies outside the programme's period.
invalid-language = choose Danish or English.
invalid-date-format = write the date as YYYY-MM-DD.
invalid-too-large = too much data at once.
invalid-malformed-path = the address is not valid: an id is malformed.
invalid-malformed-query = the query parameters cannot be read.
invalid-malformed-body = is not JSON with the operation's fields (see the API description).
invalid-not-json-content-type = send the body as JSON with Content-Type: application/json.
invalid-malformed-form = the form cannot be read; reload the page and try again.
invalid-control-character = contains a control character; write plain text.
invalid-out-of-range = give a whole number from { $min } to { $max }.
field-approver = Approver
field-approver_role = Approver's role
field-as = Role
field-body = Body
field-competency = Competency
field-competencies = Competencies
field-form = Form
field-lang = Language
field-message = Message
field-method = Basis
field-assessment_method = Assessment method
field-assessment_methods = Assessment methods
field-password = Password
field-path = Address
field-query = Address
field-request = Request
field-requests = Requests
field-site = Training site
field-supervisor = Supervisor
field-trainee = Trainee
field-username = Username
field-valid_from = From
field-valid_until = Until
field-curriculum = Curriculum
field-phase = Phase
field-comment = Comment
field-reason = Reason
field-reference = Reference of the written request
field-kind = Kind
field-page = Page
field-per_page = Per page

error-conflict = { $message }
error-internal = An unexpected error occurred. Try again shortly; if the problem persists, contact support.
error-method-not-allowed = This address does not take that method. See the API description at /api/v1/openapi.json.
error-resource-not-found = There is no such address in the API. See the API description at /api/v1/openapi.json.
error-request-timeout = The request took too long. Try again shortly.
error-payload-too-large = The request is too large. Send less data at a time.
error-unsupported-media-type = The content type is not supported. Send JSON with Content-Type: application/json.
error-bad-request = The request could not be understood. See the API description at /api/v1/openapi.json.
error-csrf = The form has expired or came from another site. Reload the page and try again.
thing-trainee = The trainee
thing-notification = The notification
thing-programme = The training programme
thing-curriculum = The curriculum
thing-phase = The phase
thing-competency = The competency
thing-item = The item
thing-page = The page
thing-resource = The resource

## Login
login-title = Log in
login-intro = Log in with your username and password.
login-username = Username
login-password = Password
login-submit = Log in
login-demo-heading = Demo accounts
login-demo-password = Every demo account has the password { $password }.

## Roles
role-trainee = Trainee
role-supervisor = Supervisor
role-training_lead = Training lead
role-tutor = GP tutor
role-course_provider = Course provider
role-course_leader = Course leader
role-research_supervisor = Research supervisor
role-secretariat = Postgraduate secretariat
role-stps_case_worker = STPS case worker
role-admin = System administrator
scope-global = All of Denmark
period-from = from { $date }

## Logbook
logbook-title-own = My logbook
logbook-title-of = Logbook of { $name }
logbook-selectors = Choose training programme, curriculum and phase
logbook-programme = Training programme
logbook-curriculum = Curriculum
logbook-phase = Phase
logbook-show = Show
logbook-progress = Progress
logbook-chart-title = Approved competencies per phase
logbook-total-summary = { $approved } of { $total } competencies of the curriculum are approved.
logbook-phase-summary = { $approved } of { $total } approved
logbook-phase-ready = { $count ->
    [one] { $count } reported ready
   *[other] { $count } reported ready
}
logbook-viewing-as = You see the logbook as { $role }.
competency-viewing-as = You see the competency as { $role }.
logbook-competencies-of = Competencies – { $phase }
logbook-no-competencies = The phase has no competencies.
logbook-employments = Employments
logbook-site = Training site
logbook-period = Period
logbook-percent = Working time
logbook-part-time = Part-time
logbook-leave = { $kind } { $period }
logbook-supervisors = Supervisors
curriculum-option = { $name } (version { $version })
competencies-count = { $count ->
    [one] { $count } competency
   *[other] { $count } competencies
}
programme-kind-foundation = Foundation year (KBU)
programme-kind-introduction = Introduction post
programme-kind-main = Main specialist training
state-not_started = Not started
state-reported_ready = Reported ready
state-approved = Approved
state-approved-by = Approved by { $name } on { $date }
state-ready-since = Reported ready for approval on { $date }
leave-parental = Parental leave
leave-sick = Sick leave
leave-unpaid = Unpaid leave
leave-other = Leave
supervisor-kind-main = main supervisor
supervisor-kind-daily = daily clinical supervisor

## Competency
competency-back = Back to the competencies
competency-of-trainee = Competency in the logbook of { $name }
competency-description = Description
competency-doctor-roles = Doctor roles
competency-learning-methods = Learning methods
competency-assessment-methods = Assessment methods
competency-decide-heading = Waiting for your approval
competency-back-to-worklist = Back to approvals
competency-card = Competency card
competency-card-help = The card is found among the specialty-specific files, filled in on paper and uploaded on the competency as the basis for approval.
competency-no-card = The competency has no competency card.
competency-history = History
competency-no-history = Nothing has happened to this competency yet.
history-date = Date
history-event = Event
history-by = By
history-note = Note
history-requested = Reported ready for approval
history-approved = Approved
history-reset = Reset
doctor-role-medical_expert = Medical expert
doctor-role-communicator = Communicator
doctor-role-collaborator = Collaborator
doctor-role-leader = Leader/administrator/organiser
doctor-role-health_advocate = Health advocate
doctor-role-scholar = Scholar and teacher
doctor-role-professional = Professional
assessment-structured_supervisor_talk = Structured supervisor talk
assessment-direct_observation = Direct observation
assessment-case_based_discussion = Case-based discussion
assessment-multisource_feedback = 360° evaluation
assessment-osats = OSATS
assessment-mini_cex = Mini-CEX
assessment-audit_of_records = Audit of records
assessment-written_assignment = Written assignment

## Staff home
home-title = Home
home-welcome = Welcome, { $name }
home-roles = Your roles
home-role = Role
home-scope = Applies to
home-period = Period
home-trainees = Your trainees
home-no-trainees = You have access to no trainees today.
home-trainee = Trainee
home-relation = Your role
home-until = Access until
home-secretariat = Secretariat
home-region-trainees = { $count ->
    [one] { $count } trainee has a programme in the region.
   *[other] { $count } trainees have a programme in the region.
}
error-already-approved = The item is already approved. A wrong approval can only be reset by the regional postgraduate secretariat.

## Tables that scroll on narrow screens
table-employments = Table of employments
table-history = Table of history
table-roles = Table of your roles
table-trainees = Table of your trainees

## Refusals by the approval rules
denied-own-item = Nobody can approve their own items.
denied-role-cannot-approve = Your role does not approve this kind of item.
denied-supervisor-never-approves-time = Supervisors never approve time attestations; the training lead or the GP tutor does.
denied-no-current-relation = You do not have access to the trainee today. The training lead gives supervisors access.
denied-not-the-employments-site = Only the training lead or GP tutor of the employment's site can approve.
denied-general-practice-tutor-approves = In general practice the GP tutor approves every competency; hospital departments fill in qualification cards as the basis. Report the competency ready to your tutor.
denied-time-attestation-not-yet-open = Approval opens { $date }, in the employment's last month.
denied-other-region = Only the secretariat of the trainee's region can reset.
denied-reference-and-reason-required = Give the reference of the written request and a reason.
denied-not-approved = The item is not approved, so there is nothing to reset.
denied-only-secretariat-resets = Only the regional secretariat can reset approvals.
denied-own-logbook-access = You cannot give, change or end access to your own logbook.
thing-request = The request
history-returned = Returned with a comment
history-withdrawn = Withdrawn

## Report ready and approvals
nav-worklist = Approvals
nav-worklist-count = { $count ->
    [one] Approvals ({ $count } waiting)
   *[other] Approvals ({ $count } waiting)
}
report-choose = Choose { $code }
report-legend = Report ready for approval
report-to = Send to
report-message = Message (optional)
report-submit = Report the chosen ready
report-submit-one = Report ready
report-no-approvers = No supervisor, training lead or GP tutor has access to you today. Contact the training lead of your training site.
report-done = { $count ->
    [one] { $count } competency was reported ready for approval.
   *[other] { $count } competencies were reported ready for approval.
}
report-done-named = { $count ->
    [one] { $items } is reported ready to { $name } ({ $role }).
   *[other] { $items } are reported ready to { $name } ({ $role }).
}
report-withdraw = Withdraw the request
state-ready-to = Reported ready to { $name } on { $date }
state-ready-approver-lost = Reported ready to { $name }, who can no longer approve it: report it ready again to someone else
worklist-only = Showing the requests of { $name }.
worklist-only-done = Nothing waits from this trainee any more.
worklist-show-all = Show the whole work list
worklist-due-heading = Time attestations that can be approved now
worklist-due-help = These employments are in their last month or over, and their time is not approved. The trainee need not ask.
worklist-due-opened = can be approved from { $date }
worklist-due-approve = Approve the time
worklist-due-approve-named = Approve the time of { $name } at { $site }
worklist-time-approved-notice = The time attestation is approved.
worklist-title = Approvals
worklist-empty = Nothing waits for you.
worklist-summary = { $count ->
    [one] { $count } item waits for you, oldest first.
   *[other] { $count } items wait for you, oldest first.
}
worklist-open = See the competency
worklist-requested = reported ready { $date }
worklist-waited = { $days ->
    [0] waiting since today
    [one] waited { $days } day
   *[other] waited { $days } days
}
worklist-as = to you as { $role }
worklist-method-of = Basis for { $code } (assessment method)
worklist-method-choose = Choose a method
worklist-comment = Comment (optional)
worklist-choose-one = Tick what you want to approve, then press the button.
worklist-select-all = Select all
worklist-approve = Approve the chosen
worklist-return-summary = Return { $code } with a comment
worklist-return-comment = What is missing?
worklist-return = Return
worklist-approved-named = { $count ->
    [one] Approved for { $name }: { $items }.
   *[other] { $count } items approved for { $name }: { $items }.
}
worklist-approved-notice = { $count ->
    [one] { $count } item was approved.
   *[other] { $count } items were approved.
}
worklist-returned-notice = The request was returned to the trainee.
error-already-reported = { $code } is already reported ready and waits for a decision. Withdraw the request on the competency's page to send it to someone else.
error-request-decided = The request was already decided (approved, returned or withdrawn). Reload the page.
error-already-ended = The access was already ended.

## Reset
reset-heading = Reset the approval
reset-help = A wrong approval is reset on a written request. The approval and the reset stay in the history, and the competency can be reported ready and approved again.
reset-reference = Reference of the written request (e.g. case number)
reset-reason = Reason
reset-submit = Reset
reset-done = The approval was reset. The trainee can report the competency ready again.

## Who has seen my logbook
views-link = Who has seen my logbook?
views-title = Who has seen my logbook
views-back = Back to the logbook
views-intro = Every time a supervisor, training lead, GP tutor or the secretariat opens your logbook, it is written to the tamper-evident audit trail. Here are the latest, newest first.
views-download = Download the list as CSV
views-none = Nobody else has seen your logbook yet.
views-when = Time
views-who = Who
views-role = Role
views-what = What
views-page-logbook = The logbook
views-page-competency = A competency
views-page-programmes = Programmes and agreements

## Employment and time
employment-back = Back to the logbook
employment-back-worklist = Back to approvals
employment-leave = Leave
employment-no-leave = No leave registered
time-heading = Attestation of time served in the employment
time-opens = Can be approved from { $date }, in the employment's last month.
time-open-now = Can be approved now (opened { $date }).
time-request = Ask for approval of the time
time-approve = Approve the time
time-approve-as = Approve the time as { $role }
time-no-approvers = The training site has no training lead or GP tutor today. Contact your regional postgraduate secretariat.
time-requested = The request for approval of the time was sent.
time-approved = The time was approved.
time-state-link = Time: { $state }
time-state-paper-waiting = Time: paper attestation waits for the secretariat
employment-of-trainee = Employment in the logbook of { $name }
thing-employment = The employment

## Access
nav-access = Access
access-title = Access
access-region = Training sites in { $region }
access-region-help = Give a training lead access to a department, or a GP tutor access to a practice. The role follows from the site.
access-username = Username
access-site = Training site
access-from = From
access-until = Until (optional)
access-grant-site = Give access
access-none = No access given yet.
access-ended = ended
access-given-by = given by { $name } on { $date }
access-end = End the access now
access-supervisors = Supervisors with access to trainees
access-supervisors-help = Give a supervisor of your training site access to a trainee employed with you, for a period. Access can be ended at once.
access-nothing-to-grant = No trainees are employed, or no supervisors are registered, at your training site today.
access-kind = Kind of supervisor
access-grant-supervisor = Give the supervisor access
access-done-granted = Access was given.
access-done-ended = Access was ended at once.
thing-site = The training site
thing-grant = The access
thing-supervision = The supervisor access

## Notifications
nav-notifications = Notifications
nav-notifications-count = { $count ->
    [one] Notifications ({ $count } new)
   *[other] Notifications ({ $count } new)
}
notifications-title = Notifications
notifications-none = You have no notifications.
notifications-new = new
notifications-mark-read = Mark all as read
notification-request-title = { $trainee } reported ready for approval
notification-request-body = { $count ->
    [one] One item waits for your approval: { $codes }.
   *[other] { $count } items wait for your approval: { $codes }.
}
notification-approved-title = { $approver } approved
notification-approved-body = { $count ->
    [one] { $count } item was approved.
   *[other] { $count } items were approved.
}
notification-returned-title = { $approver } returned a request
notification-reset-title = An approval was reset by the secretariat
notification-reminder-title = Reminder: a request waits for you
notification-reminder-body = { $trainee } has waited { $days ->
    [one] { $days } day
   *[other] { $days } days
} for your decision on { $codes }.
notification-escalation-title = A request has waited long
notification-escalation-body = { $trainee } has waited { $days ->
    [one] { $days } day
   *[other] { $days } days
} for a decision by { $approver } on { $codes }.
notification-time-due-title = The time of { $trainee } can be approved now
notification-time-due-body = The employment at { $site } is in its last month: the time attestation can be approved from { $date }.
email-greeting = Dear { $name }
email-open = Open it in Logbog:
email-footer = Log in to Logbog to see more. This email was sent automatically.
home-waiting-heading = Waiting for you
home-waiting-requests = { $count ->
    [one] { $name }: 1 item to approve
   *[other] { $name }: { $count } items to approve
}
home-waiting-time = { $count ->
    [one] 1 time attestation can be approved now
   *[other] { $count } time attestations can be approved now
}
home-progress = Progress in the phase
home-waiting-closing = { $count ->
    [one] { $name } is with you until { $date }, and 1 competency { $scope ->
        [phase] of the phase
       *[other] of the curriculum
    } is not approved
   *[other] { $name } is with you until { $date }, and { $count } competencies { $scope ->
        [phase] of the phase
       *[other] of the curriculum
    } are not approved
}
dashboard-heading = Department: { $site }
dashboard-progress = The trainees' progress by phase
dashboard-no-trainees = No trainees are employed in the department today.
dashboard-waiting = What waits, and on whom
dashboard-waiting-none = Nothing waits for approval.
dashboard-waiting-on = { $count ->
    [one] { $name } ({ $role }): 1 item waits
   *[other] { $name } ({ $role }): { $count } items wait
}
dashboard-oldest = { $days ->
    [0] the oldest from today
    [one] the oldest has waited { $days } day
   *[other] the oldest has waited { $days } days
}
dashboard-supervisors = Supervisors and their trainees
dashboard-supervisors-none = No supervisor has trainees in the department today.
dashboard-ending = Employments ending within two months
dashboard-ending-none = No employment ends within two months.
dashboard-ends = { $title }, ends { $date }
home-waiting-all = Go to approvals
home-region-trainees-heading = Trainees in the region
home-search-label = Search by name
home-search = Search
home-search-none = No trainees match the search.
home-no-contact = The contact details have not been entered yet.

## Long lists, one page at a time
pager-label = Pages
pager-showing = Showing { $first }–{ $last } of { $total }
pager-position = Page { $page } of { $pages }
pager-previous = Previous page
pager-next = Next page

## Documents and agreements
region-nord = Postgraduate Region North
region-syd = Postgraduate Region South
region-oest = Postgraduate Region East
programme-back = Back to the logbook
programme-agreements-link = Employment and training agreements
agreements-heading = Employment and training agreements
agreements-help = Upload the employment and training agreement of your main training and every addendum to it, for example after leave, part-time work or an extension. They go with your documentation when you send it to the Danish Patient Safety Authority.
agreements-none = No agreement has been uploaded yet.
agreement-dated = dated { $date }
agreement-kind-agreement = Employment and training agreement
agreement-kind-addendum = Addendum
addendum-reason-leave = leave
addendum-reason-part_time = part-time
addendum-reason-extension = extension
addendum-reason-other = other
agreement-upload-heading = Upload an agreement or an addendum
agreement-reason = Reason for the addendum
agreement-reason-none = (none – this is the agreement itself)
agreement-reason-hint = Required for an addendum.
agreement-upload-submit = Upload
agreement-uploaded = The document is uploaded.
upload-hint = { $max ->
    [one] PDF, PNG or JPEG, at most { $max } MB.
   *[other] PDF, PNG or JPEG, at most { $max } MB.
}
document-about = { $type }, { $size } · uploaded by { $name } { $date }
document-earlier-versions = { $count ->
    [one] { $count } earlier version
   *[other] { $count } earlier versions
}
document-replace = Replace with a new version
document-replace-submit = Upload new version
document-delete = Delete
document-delete-named = Delete { $name }
document-deleted = The document is deleted.
field-dated = Date
field-file = File
field-replaces = Replaces
thing-document = The document
views-page-document = Downloaded a document
invalid-date-implausible = give a date from 1990 and at most a year ahead.
invalid-file-empty = the file is empty.
invalid-file-type = upload a PDF, PNG or JPEG file. Other types are not accepted.
invalid-file-too-large = { $max ->
    [one] the file is larger than { $max } MB. Scan it at a lower resolution, or split it.
   *[other] the file is larger than { $max } MB. Scan it at a lower resolution, or split it.
}
invalid-file-quota = your documents take { $used } of { $limit } MB. Delete some before uploading more.
invalid-file-truncated = the file is incomplete. Upload it again.
invalid-pdf-encrypted = the PDF is password-protected. Save it without the password and upload it again.
invalid-pdf-active = the PDF contains JavaScript or a launch action. Print it to a new PDF and upload that.
invalid-pdf-unreadable = parts of the PDF cannot be checked. Print it to a new PDF and upload that.
invalid-upload-incomplete = the upload stopped before the whole file arrived. Try again.
invalid-one-file-at-a-time = upload one file at a time.
denied-document-is-basis = An approval rests on this document, so it cannot be deleted. You can replace it with a new version.
denied-note-only-for-approvers = A note can only be shared with your current supervisors, tutors and training leads.
denied-not-a-publisher = Only the specialty's course leaders and the regional secretariats publish its files.
error-document-changed = The document was replaced or deleted meanwhile. Reload the page.
invalid-reason-required-for-addendum = choose why the addendum was made.
invalid-not-of-the-competency = is not a card of this competency.
invalid-not-of-the-curriculum = { $code } is not a competency of this curriculum.
cards-none = No filled card has been uploaded yet.
cards-uploaded = Uploaded cards
card-is-basis = An approval rests on this card
card-upload-heading = Upload a filled card
card-upload-submit = Upload card
card-confirmed = Confirmed by { $name } ({ $role }, { $site }) { $date }
card-confirm-help = As a supervisor or training lead of the department you confirm that the department has filled in and approved the qualification card. The tutor sees the confirmation when approving the competency.
card-confirm-submit = Confirm the qualification card
card-confirmed-done = The qualification card is confirmed. The tutor sees that the department vouches for it.
denied-not-a-qualification-card = Only qualification cards in general practice are confirmed by a hospital department.
denied-not-a-hospital-department = A qualification card is confirmed by a supervisor or training lead of the hospital department where the doctor is employed.
denied-already-confirmed = The card is confirmed already.
report-card = Filled competency card (optional)
report-card-new = New filled competency card (optional)
report-card-hint = PDF, PNG or JPEG. The card goes with the request, and the approval rests on it.
report-card-attached = The card { $name } goes with the request. Choose a file to send a new version instead.
card-uploaded = The card is uploaded. It goes with the competency when you report it ready, and the approver sees it before approving.
worklist-card = Filled card

# Notes (notater)
thing-note = The note
views-page-notes = Notes you have shared
field-written_on = Day
field-note = Note
field-shared_with = Share with
notes-heading = Notes
notes-lead = Write how your training progresses. Your notes are yours alone until you share one with one of your supervisors, tutors or training leads.
notes-shared-heading = Notes shared with you – { $name }
notes-shared-lead = Notes the trainee has shared with you. You can read them while you are one of the trainee's approvers.
notes-back = Back to the logbook
notes-list-heading = The notes
notes-none = You have not written any notes yet.
notes-none-shared = No notes are shared with you.
notes-none-on-competency = You have no notes about this competency.
note-new-heading = Write a note
note-submit = Save note
note-saved = The note is saved.
note-shares-saved = The sharing is saved.
note-deleted = The note is deleted.
note-private = Private – only you can see it.
note-shared-with = Shared with { $names }
note-shared-with-you = Shared with you { $date }
note-edit = Edit
note-share = Share
note-share-nobody = You have no approvers today to share with.
note-share-legend = Who may read the note?
note-share-submit = Save sharing
note-delete = Delete note
note-competency-none = (no particular competency)
note-competency-hint = Optional: the note is also shown on the competency.
note-text-hint = Plain text, at most 2000 characters.
note-edit-heading = Edit note
note-edit-back = Back to the notes
note-save = Save changes
logbook-notes-link = Your notes
logbook-shared-notes-link = Notes shared with you
competency-notes = Your notes about the competency
competency-shared-notes = Notes shared with you
competency-all-notes = See all notes
competency-note-new = Write a note about the competency

# The overview of medical employment
views-page-employment-overview = Overview of medical employment
logbook-overview-link = Overview of medical employment
overview-heading = Overview of medical employment
overview-heading-of = Overview of medical employment – { $name }
overview-lead = All your medical employment: the employments of your training programmes are here already; add other medical posts, research posts and posts abroad yourself. The overview is sent with your application for specialist recognition to the Danish Patient Safety Authority.
overview-list-heading = The employments
overview-complete = Marked complete on { $date }.
overview-not-complete = Not marked complete. Mark the overview when it is complete – sending documentation to STPS requires it.
overview-not-complete-other = The trainee has not marked the overview complete.
overview-complete-hint = Mark that the overview is complete as it stands here. If you change it later, mark it again.
overview-mark-complete = Mark the overview complete
overview-add-heading = Add an employment
overview-add-hint = An employment outside your training programmes. Employments that overlap may together take at most full time (100 % or 37 hours a week).
overview-add = Add the employment
overview-edit = Edit
overview-edit-heading = Edit the employment
overview-back = Back to the overview
overview-save = Save the employment
overview-remove = Remove the employment
overview-saved = The employment is saved.
overview-removed = The employment is removed.
overview-completed = The overview is marked complete.
overview-source-programme = From your training programme
overview-kind-post = Other medical post
overview-kind-research = Research post
overview-kind-abroad = Post abroad
overview-hours = { $hours } hours a week
overview-unit-percent = percent of full time
overview-unit-hours = hours a week
overview-employer-hint = Hospital, practice, university or other employer.
overview-position-hint = E.g. registrar, PhD student, introductory post.
field-employer = Employer
field-department = Department
field-position = Position
field-start_date = From
field-end_date = Until
field-extent = Extent
field-extent_unit = Unit
field-working_percent = Percent of full time
field-hours_per_week = Hours a week
field-revision = Revision
field-title = Title
invalid-one-extent = give either a percent of full time or hours a week.
invalid-overlap = overlaps { $with } from { $from } to { $to }: { $total } % of full time in all, more than 100 %.
error-overview-changed = The overview has changed since you saw it. Look it through again before you mark it complete.

# Paper time attestations
nav-papers = Paper attestations
paper-heading = Time attestation on paper
paper-lead = If the time of the employment was attested on paper, upload the paper here. The secretariat of your training region approves it or returns it; the training lead or GP tutor may also verify it. The attestation then counts as approved.
paper-upload-heading = Upload the attestation on paper
paper-submit = Upload and send to the secretariat
paper-submitted = The paper attestation is sent to the secretariat.
paper-submitted-on = Uploaded { $date }
paper-state-waiting = Waiting for the secretariat
paper-state-approved = Approved
paper-state-returned = Returned
paper-decided = { $name }, { $date }: { $comment }
paper-verify-hint = An attestation on paper is waiting. If you approve the time, you verify the paper, and the approval rests on it.
paper-approve = Approve the attestation
paper-return = Return
paper-return-comment = Why is it returned?
paper-worklist-heading = Time attestations on paper
paper-worklist-lead = Trainees of your region who have uploaded a time attestation given on paper. Open the paper, and approve it or return it with a reason. The oldest comes first.
paper-worklist-empty = No paper attestations are waiting.
paper-worklist-count = { $count ->
    [one] One is waiting.
   *[other] { $count } are waiting.
}
paper-approved-notice = The attestation is approved.
paper-returned-notice = The attestation is returned to the trainee.

# Specialty-specific files
nav-specialty-files = Specialty files
specialty-title = Specialty-specific files
specialty-lead = Forms for the curricula: competency cards, checklists and qualification cards. Download the form, fill it in, and upload the filled card on the competency in your logbook.
specialty-own-curricula = Your curricula
specialty-show = Show
specialty-no-own = You have no curricula yet. Choose a curriculum to see its files.
specialty-none = There are no files for this curriculum yet.
specialty-publish-in = Publish a file for { $curriculum }
specialty-publish-heading = Publish a new file
specialty-publish-submit = Publish the file
specialty-version-heading = Publish a new version
specialty-version-submit = Publish the new version
specialty-form-label = Kind of form
specialty-form-competency_card = Competency card
specialty-form-checklist = Checklist
specialty-form-qualification_card = Qualification card
specialty-form-other = Other form
specialty-competencies-legend = Competencies the form belongs to
specialty-competencies-hint = The competency's page in the logbook links to the form. Choose none for a form of the whole curriculum.
specialty-published = The file is published.
specialty-withdrawn = The version is withdrawn. If there was an earlier version, it applies again.
specialty-back = All files of the curriculum
specialty-current-version = Current version
specialty-withdraw = Withdraw this version
specialty-withdraw-named = Withdraw { $name }
cards-blank-forms = The form of the competency, to fill in and upload here:
home-course-leader-files = As course leader you publish the forms of the curricula of { $specialties }: competency cards, checklists and other forms that trainees download, fill in and upload on their competencies. A new version replaces the old one, which the history keeps.
home-course-leader-files-link = Go to the specialty's files
