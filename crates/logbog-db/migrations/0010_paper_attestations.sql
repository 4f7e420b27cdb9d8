-- Paper time attestations (issue 9): the trainee uploads the paper on an employment and asks
-- the secretariat of the programme's region. One waits at a time per employment (the partial
-- key decides a race); an approved one is the basis of the time attestation's approval.
CREATE TABLE paper_attestations (
    document_id TEXT PRIMARY KEY REFERENCES documents(id),
    employment_id TEXT NOT NULL REFERENCES employments(id),
    trainee_id TEXT NOT NULL REFERENCES people(id),
    postgraduate_region_id TEXT NOT NULL,
    message TEXT NOT NULL DEFAULT '',
    submitted_at TEXT NOT NULL,
    state TEXT NOT NULL,                      -- waiting | approved | returned
    decided_at TEXT,
    decided_by TEXT REFERENCES people(id),
    decision_comment TEXT NOT NULL DEFAULT ''
);
CREATE UNIQUE INDEX paper_attestations_waiting ON paper_attestations(employment_id) WHERE state = 'waiting';
CREATE INDEX paper_attestations_region ON paper_attestations(postgraduate_region_id, state, submitted_at);
CREATE INDEX paper_attestations_employment ON paper_attestations(employment_id, submitted_at);
