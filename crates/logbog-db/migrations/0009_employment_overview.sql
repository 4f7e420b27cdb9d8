-- The overview of medical employment (oversigt over lægelig beskæftigelse, issue 9). The
-- employments of the trainee's programmes are in `employments`; these are the others she adds
-- herself: other posts, research posts, posts abroad. Exactly one of working_percent and
-- hours_per_week is set.
CREATE TABLE medical_employments (
    id TEXT PRIMARY KEY,
    trainee_id TEXT NOT NULL REFERENCES people(id),
    kind TEXT NOT NULL,                       -- post | research | abroad
    employer TEXT NOT NULL,
    department TEXT NOT NULL DEFAULT '',
    position TEXT NOT NULL,
    start_date TEXT NOT NULL,
    end_date TEXT NOT NULL,
    working_percent INTEGER,
    hours_per_week INTEGER,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE INDEX medical_employments_trainee ON medical_employments(trainee_id, start_date);

-- Whether the trainee has marked her overview complete, and of which revision: every change
-- of an entry counts the revision up and clears the completion in the same transaction, and
-- completing names the revision the trainee saw, so a change made meanwhile is never marked
-- complete unseen. The row is also what serialises two changes of one overview.
CREATE TABLE employment_overviews (
    trainee_id TEXT PRIMARY KEY REFERENCES people(id),
    revision BIGINT NOT NULL,
    completed_at TEXT
);
