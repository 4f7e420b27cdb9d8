-- A general practice qualification card (kvalifikationskort) confirmed by a supervisor or
-- training lead of the hospital department where the trainee works (issue 9 point 4): the
-- tutor approves on the card and sees which department vouched for it. Append-only; one
-- confirmation per card (a new version of the card is a new document and is confirmed anew),
-- so two confirmers racing cannot both succeed.
CREATE TABLE card_confirmations (
    document_id TEXT PRIMARY KEY REFERENCES documents(id),
    confirmed_by TEXT NOT NULL REFERENCES people(id),
    role TEXT NOT NULL,                       -- supervisor | training_lead
    site_id TEXT NOT NULL REFERENCES sites(id),
    confirmed_at TEXT NOT NULL
);
