-- The whole data model of Logbog. One source for SQLite and PostgreSQL: only types both
-- understand alike (TEXT, INTEGER, BIGINT). Conventions (docs/ARCHITECTURE.md, "Storage"):
-- ids are UUID v7 as TEXT; civil dates are TEXT 'YYYY-MM-DD'; instants are UTC TEXT
-- 'YYYY-MM-DDTHH:MM:SS.ffffffZ' (fixed width, so text order is time order); flags are INTEGER 0/1;
-- enums are their snake_case code as TEXT.

CREATE TABLE app_meta (
    key TEXT PRIMARY KEY,
    value TEXT NOT NULL
);

-- Reference data ----------------------------------------------------------------------------

CREATE TABLE postgraduate_regions (
    id TEXT PRIMARY KEY,                      -- nord | syd | oest
    name_da TEXT NOT NULL,
    name_en TEXT NOT NULL,
    secretariat_name TEXT NOT NULL,
    secretariat_email TEXT NOT NULL,
    secretariat_phone TEXT NOT NULL,
    secretariat_url TEXT NOT NULL
);

CREATE TABLE hospitals (
    id TEXT PRIMARY KEY,
    name TEXT NOT NULL UNIQUE,
    administrative_region TEXT NOT NULL,      -- Region Hovedstaden …
    postgraduate_region_id TEXT NOT NULL REFERENCES postgraduate_regions(id)
);

CREATE TABLE specialties (
    id TEXT PRIMARY KEY,
    code TEXT NOT NULL UNIQUE,
    name_da TEXT NOT NULL UNIQUE,
    name_en TEXT NOT NULL,
    joined_logbook_on TEXT NOT NULL           -- versions older than this are not in the system
);

CREATE TABLE sites (
    id TEXT PRIMARY KEY,
    kind TEXT NOT NULL,                       -- department | general_practice | specialist_practice
    name TEXT NOT NULL,
    hospital_id TEXT REFERENCES hospitals(id),
    postgraduate_region_id TEXT NOT NULL REFERENCES postgraduate_regions(id),
    specialty_id TEXT REFERENCES specialties(id),
    address TEXT NOT NULL DEFAULT '',
    created_at TEXT NOT NULL
);
CREATE INDEX sites_region ON sites(postgraduate_region_id);

-- People, accounts, roles, sessions ------------------------------------------------------------

CREATE TABLE people (
    id TEXT PRIMARY KEY,
    given_name TEXT NOT NULL,
    family_name TEXT NOT NULL,
    cpr TEXT UNIQUE,                          -- DDMMYY-XXXX, never logged
    authorisation_id TEXT UNIQUE,             -- autorisations-ID from STPS
    email TEXT,
    phone TEXT,
    created_at TEXT NOT NULL
);

CREATE TABLE accounts (
    id TEXT PRIMARY KEY,
    person_id TEXT NOT NULL UNIQUE REFERENCES people(id),
    username TEXT NOT NULL UNIQUE,            -- stored lower-case
    password_hash TEXT NOT NULL,              -- argon2id PHC string
    locale TEXT NOT NULL DEFAULT 'da',
    disabled INTEGER NOT NULL DEFAULT 0,
    created_at TEXT NOT NULL,
    last_login_at TEXT
);

-- A role with a scope and a period: training lead of a department, secretariat of a region …
CREATE TABLE role_grants (
    id TEXT PRIMARY KEY,
    person_id TEXT NOT NULL REFERENCES people(id),
    role TEXT NOT NULL,
    scope_kind TEXT NOT NULL,                 -- global | region | site | specialty
    scope_id TEXT,                            -- region code, site id or specialty id
    valid_from TEXT NOT NULL,
    valid_until TEXT,
    granted_by TEXT REFERENCES people(id),
    granted_at TEXT NOT NULL,
    ended_by TEXT REFERENCES people(id),
    ended_at TEXT
);
CREATE INDEX role_grants_person ON role_grants(person_id);
CREATE INDEX role_grants_scope ON role_grants(role, scope_id);

-- Server-side sessions and API tokens. Only a SHA-256 of the secret is stored.
CREATE TABLE sessions (
    id_hash TEXT PRIMARY KEY,
    account_id TEXT NOT NULL REFERENCES accounts(id),
    kind TEXT NOT NULL,                       -- web | api
    csrf_token TEXT NOT NULL,
    created_at TEXT NOT NULL,
    last_seen_at TEXT NOT NULL,
    expires_at TEXT NOT NULL,
    label TEXT NOT NULL DEFAULT ''
);
CREATE INDEX sessions_account ON sessions(account_id);

-- Curricula -------------------------------------------------------------------------------------

CREATE TABLE curricula (
    id TEXT PRIMARY KEY,
    code TEXT NOT NULL UNIQUE,
    kind TEXT NOT NULL,                       -- foundation | introduction | main
    name_da TEXT NOT NULL,
    name_en TEXT NOT NULL
);

-- A curriculum may serve several specialties (the shared introduction of internal medicine).
CREATE TABLE curriculum_specialties (
    curriculum_id TEXT NOT NULL REFERENCES curricula(id),
    specialty_id TEXT NOT NULL REFERENCES specialties(id),
    PRIMARY KEY (curriculum_id, specialty_id)
);

CREATE TABLE curriculum_versions (
    id TEXT PRIMARY KEY,
    curriculum_id TEXT NOT NULL REFERENCES curricula(id),
    label TEXT NOT NULL,
    valid_from TEXT NOT NULL,
    valid_until TEXT,
    UNIQUE (curriculum_id, label)
);

CREATE TABLE phases (
    id TEXT PRIMARY KEY,
    curriculum_version_id TEXT NOT NULL REFERENCES curriculum_versions(id),
    code TEXT NOT NULL,
    ordinal INTEGER NOT NULL,
    name_da TEXT NOT NULL,
    name_en TEXT NOT NULL,
    UNIQUE (curriculum_version_id, code)
);

CREATE TABLE competencies (
    id TEXT PRIMARY KEY,
    curriculum_version_id TEXT NOT NULL REFERENCES curriculum_versions(id),
    phase_id TEXT NOT NULL REFERENCES phases(id),
    code TEXT NOT NULL,
    ordinal INTEGER NOT NULL,
    title_da TEXT NOT NULL,
    title_en TEXT NOT NULL,
    description_da TEXT NOT NULL,
    description_en TEXT NOT NULL,
    doctor_roles TEXT NOT NULL,               -- comma-separated DoctorRole codes
    assessment_methods TEXT NOT NULL,         -- comma-separated AssessmentMethod codes
    learning_methods_da TEXT NOT NULL,        -- one method per line
    learning_methods_en TEXT NOT NULL,
    competency_card TEXT,                     -- name of the card (kompetencekort), if any
    UNIQUE (curriculum_version_id, code)
);
CREATE INDEX competencies_phase ON competencies(phase_id, ordinal);

-- Programmes and employments -----------------------------------------------------------------

CREATE TABLE programmes (
    id TEXT PRIMARY KEY,
    trainee_id TEXT NOT NULL REFERENCES people(id),
    kind TEXT NOT NULL,
    specialty_id TEXT REFERENCES specialties(id),
    postgraduate_region_id TEXT NOT NULL REFERENCES postgraduate_regions(id),
    start_date TEXT NOT NULL,
    end_date TEXT NOT NULL,
    agreement_reference TEXT NOT NULL DEFAULT '',
    created_at TEXT NOT NULL
);
CREATE INDEX programmes_trainee ON programmes(trainee_id, start_date);

-- The curriculum versions a programme follows; the trainee stays on the version hired under.
CREATE TABLE programme_curricula (
    programme_id TEXT NOT NULL REFERENCES programmes(id),
    curriculum_version_id TEXT NOT NULL REFERENCES curriculum_versions(id),
    ordinal INTEGER NOT NULL,
    PRIMARY KEY (programme_id, curriculum_version_id)
);

CREATE TABLE employments (
    id TEXT PRIMARY KEY,
    programme_id TEXT NOT NULL REFERENCES programmes(id),
    site_id TEXT NOT NULL REFERENCES sites(id),
    phase_id TEXT REFERENCES phases(id),
    ordinal INTEGER NOT NULL,
    title TEXT NOT NULL DEFAULT '',
    start_date TEXT NOT NULL,
    end_date TEXT NOT NULL,
    working_percent INTEGER NOT NULL
);
CREATE INDEX employments_programme ON employments(programme_id, start_date);
CREATE INDEX employments_site ON employments(site_id, end_date);

CREATE TABLE leaves (
    id TEXT PRIMARY KEY,
    employment_id TEXT NOT NULL REFERENCES employments(id),
    kind TEXT NOT NULL,
    start_date TEXT NOT NULL,
    end_date TEXT NOT NULL
);
CREATE INDEX leaves_employment ON leaves(employment_id);

-- Supplementary agreements (tillægsaftaler) that move an employment's end date.
CREATE TABLE employment_amendments (
    id TEXT PRIMARY KEY,
    employment_id TEXT NOT NULL REFERENCES employments(id),
    issued_on TEXT NOT NULL,
    previous_end_date TEXT NOT NULL,
    new_end_date TEXT NOT NULL,
    reason TEXT NOT NULL
);
CREATE INDEX employment_amendments_employment ON employment_amendments(employment_id);

-- The regional plan (uddannelsesprogram): in which employment a competency is acquired.
CREATE TABLE competency_placements (
    programme_id TEXT NOT NULL REFERENCES programmes(id),
    competency_id TEXT NOT NULL REFERENCES competencies(id),
    employment_id TEXT NOT NULL REFERENCES employments(id),
    PRIMARY KEY (programme_id, competency_id)
);

-- The individual training plan made with the supervisor at each employment's start.
CREATE TABLE training_plans (
    id TEXT PRIMARY KEY,
    employment_id TEXT NOT NULL REFERENCES employments(id),
    supervisor_id TEXT REFERENCES people(id),
    agreed_on TEXT NOT NULL,
    content TEXT NOT NULL,
    created_at TEXT NOT NULL
);

-- A supervisor's access to a trainee, given by the training lead or tutor of the site.
CREATE TABLE supervisions (
    id TEXT PRIMARY KEY,
    supervisor_id TEXT NOT NULL REFERENCES people(id),
    trainee_id TEXT NOT NULL REFERENCES people(id),
    site_id TEXT NOT NULL REFERENCES sites(id),
    kind TEXT NOT NULL,                       -- main | daily
    valid_from TEXT NOT NULL,
    valid_until TEXT,
    granted_by TEXT NOT NULL REFERENCES people(id),
    granted_at TEXT NOT NULL,
    ended_by TEXT REFERENCES people(id),
    ended_at TEXT
);
CREATE INDEX supervisions_supervisor ON supervisions(supervisor_id);
CREATE INDEX supervisions_trainee ON supervisions(trainee_id);

-- Requests, approvals, resets ----------------------------------------------------------------

CREATE TABLE approval_requests (
    id TEXT PRIMARY KEY,
    trainee_id TEXT NOT NULL REFERENCES people(id),
    item_kind TEXT NOT NULL,
    item_id TEXT NOT NULL,
    approver_id TEXT NOT NULL REFERENCES people(id),
    approver_role TEXT NOT NULL,
    message TEXT NOT NULL DEFAULT '',
    requested_at TEXT NOT NULL,
    state TEXT NOT NULL,                      -- pending | withdrawn | approved | returned
    decided_at TEXT,
    decided_by TEXT REFERENCES people(id),
    decision_comment TEXT NOT NULL DEFAULT ''
);
CREATE INDEX approval_requests_approver ON approval_requests(approver_id, state, requested_at);
CREATE INDEX approval_requests_item ON approval_requests(trainee_id, item_kind, item_id);

-- Append-only. The n-th approval of an item has generation n; a reset of generation n makes
-- generation n+1 possible. The unique key makes a double approval impossible in the database.
CREATE TABLE approvals (
    id TEXT PRIMARY KEY,
    trainee_id TEXT NOT NULL REFERENCES people(id),
    item_kind TEXT NOT NULL,
    item_id TEXT NOT NULL,
    generation INTEGER NOT NULL,
    approver_id TEXT NOT NULL REFERENCES people(id),
    approver_role TEXT NOT NULL,
    approved_at TEXT NOT NULL,
    assessment_method TEXT,
    basis_document_id TEXT,
    comment TEXT NOT NULL DEFAULT '',
    request_id TEXT REFERENCES approval_requests(id),
    UNIQUE (trainee_id, item_kind, item_id, generation)
);
CREATE INDEX approvals_approver ON approvals(approver_id, approved_at);

CREATE TABLE approval_resets (
    id TEXT PRIMARY KEY,
    approval_id TEXT NOT NULL UNIQUE REFERENCES approvals(id),
    reset_by TEXT NOT NULL REFERENCES people(id),
    reset_at TEXT NOT NULL,
    request_reference TEXT NOT NULL,
    reason TEXT NOT NULL
);

-- Courses and research training ----------------------------------------------------------------

CREATE TABLE courses (
    id TEXT PRIMARY KEY,
    kind TEXT NOT NULL,                       -- general | specialty | research
    code TEXT NOT NULL UNIQUE,
    title_da TEXT NOT NULL,
    title_en TEXT NOT NULL,
    programme_kind TEXT,                      -- for general courses: the level that requires it
    specialty_id TEXT REFERENCES specialties(id),
    hours INTEGER,
    counts_as_code TEXT,                      -- LAS I counts as SOL 1 …
    provider_id TEXT REFERENCES people(id)
);

CREATE TABLE course_participations (
    id TEXT PRIMARY KEY,
    trainee_id TEXT NOT NULL REFERENCES people(id),
    programme_id TEXT REFERENCES programmes(id),
    course_id TEXT NOT NULL REFERENCES courses(id),
    start_date TEXT NOT NULL,
    end_date TEXT NOT NULL,
    location TEXT NOT NULL DEFAULT '',
    certificate_document_id TEXT,
    registered_at TEXT NOT NULL
);
CREATE INDEX course_participations_trainee ON course_participations(trainee_id);

CREATE TABLE research_elements (
    id TEXT PRIMARY KEY,
    programme_id TEXT NOT NULL REFERENCES programmes(id),
    part TEXT NOT NULL,                       -- theory | project
    title TEXT NOT NULL,
    start_date TEXT NOT NULL,
    end_date TEXT,
    days INTEGER NOT NULL,
    supervisor_id TEXT REFERENCES people(id),
    created_at TEXT NOT NULL
);

CREATE TABLE research_dispensations (
    id TEXT PRIMARY KEY,
    programme_id TEXT NOT NULL REFERENCES programmes(id),
    kind TEXT NOT NULL,                       -- phd | doctorate | first_author | three_coauthor
    document_id TEXT,
    granted_by TEXT NOT NULL REFERENCES people(id),
    granted_at TEXT NOT NULL,
    note TEXT NOT NULL DEFAULT ''
);

-- Documents, notes, evaluations --------------------------------------------------------------

CREATE TABLE documents (
    id TEXT PRIMARY KEY,
    owner_id TEXT NOT NULL REFERENCES people(id),
    kind TEXT NOT NULL,
    original_filename TEXT NOT NULL,          -- data, never a path
    content_type TEXT NOT NULL,
    size_bytes BIGINT NOT NULL,
    sha256 TEXT NOT NULL,
    storage_key TEXT NOT NULL UNIQUE,
    linked_kind TEXT,
    linked_id TEXT,
    uploaded_by TEXT NOT NULL REFERENCES people(id),
    uploaded_at TEXT NOT NULL
);
CREATE INDEX documents_owner ON documents(owner_id);

CREATE TABLE notes (
    id TEXT PRIMARY KEY,
    trainee_id TEXT NOT NULL REFERENCES people(id),
    competency_id TEXT REFERENCES competencies(id),
    body TEXT NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE INDEX notes_trainee ON notes(trainee_id);

CREATE TABLE note_shares (
    note_id TEXT NOT NULL REFERENCES notes(id),
    person_id TEXT NOT NULL REFERENCES people(id),
    shared_at TEXT NOT NULL,
    PRIMARY KEY (note_id, person_id)
);

CREATE TABLE evaluations (
    id TEXT PRIMARY KEY,
    employment_id TEXT NOT NULL UNIQUE REFERENCES employments(id),
    submitted_at TEXT NOT NULL,
    comment TEXT NOT NULL DEFAULT ''
);

CREATE TABLE evaluation_answers (
    evaluation_id TEXT NOT NULL REFERENCES evaluations(id),
    question_code TEXT NOT NULL,
    score INTEGER NOT NULL,
    PRIMARY KEY (evaluation_id, question_code)
);

CREATE TABLE site_responses (
    id TEXT PRIMARY KEY,
    site_id TEXT NOT NULL REFERENCES sites(id),
    period TEXT NOT NULL,
    body TEXT NOT NULL,
    author_id TEXT NOT NULL REFERENCES people(id),
    created_at TEXT NOT NULL
);

-- STPS ---------------------------------------------------------------------------------------

CREATE TABLE stps_submissions (
    id TEXT PRIMARY KEY,
    trainee_id TEXT NOT NULL REFERENCES people(id),
    programme_id TEXT NOT NULL REFERENCES programmes(id),
    kind TEXT NOT NULL,
    submitted_at TEXT NOT NULL,
    package_sha256 TEXT NOT NULL,
    document_id TEXT,
    decision TEXT NOT NULL DEFAULT 'pending', -- pending | granted | refused
    decided_at TEXT,
    decided_by TEXT REFERENCES people(id),
    decision_note TEXT NOT NULL DEFAULT ''
);
CREATE INDEX stps_submissions_trainee ON stps_submissions(trainee_id);

CREATE TABLE specialist_recognitions (
    id TEXT PRIMARY KEY,
    trainee_id TEXT NOT NULL REFERENCES people(id),
    specialty_id TEXT NOT NULL REFERENCES specialties(id),
    recognised_on TEXT NOT NULL,
    submission_id TEXT REFERENCES stps_submissions(id),
    recorded_at TEXT NOT NULL
);
CREATE INDEX specialist_recognitions_trainee ON specialist_recognitions(trainee_id);

-- Notifications and audit ----------------------------------------------------------------------

CREATE TABLE notifications (
    id TEXT PRIMARY KEY,
    recipient_id TEXT NOT NULL REFERENCES people(id),
    kind TEXT NOT NULL,
    payload TEXT NOT NULL,                    -- JSON
    created_at TEXT NOT NULL,
    read_at TEXT,
    emailed_at TEXT,
    dedupe_key TEXT UNIQUE
);
CREATE INDEX notifications_recipient ON notifications(recipient_id, created_at);

-- Hash-chained: hash = SHA-256(prev_hash || canonical content). `seq` is gap-free.
CREATE TABLE audit_events (
    seq BIGINT PRIMARY KEY,
    id TEXT NOT NULL UNIQUE,
    occurred_at TEXT NOT NULL,
    actor_id TEXT,
    actor_role TEXT,
    action TEXT NOT NULL,
    subject_kind TEXT,
    subject_id TEXT,
    trainee_id TEXT,
    details TEXT NOT NULL,                    -- JSON
    prev_hash TEXT NOT NULL,
    hash TEXT NOT NULL
);
CREATE INDEX audit_events_trainee ON audit_events(trainee_id, seq);

-- One row: the newest event. Appenders lock it, which serialises the chain on PostgreSQL.
CREATE TABLE audit_head (
    id INTEGER PRIMARY KEY,
    seq BIGINT NOT NULL,
    hash TEXT NOT NULL
);
INSERT INTO audit_head (id, seq, hash) VALUES (1, 0, '0000000000000000000000000000000000000000000000000000000000000000');
