-- Uploaded documents (issue 9). The table itself is in 0001; what uploads need besides:
-- A deleted document keeps its row (who uploaded what, when, its hash) for the history and
-- the audit trail; its object is removed.
ALTER TABLE documents ADD COLUMN deleted_at TEXT;
ALTER TABLE documents ADD COLUMN deleted_by TEXT REFERENCES people(id);
-- A replacement points to what it replaces. One live replacement per document, so two racing
-- replacements of the same document cannot both commit; deleting a replacement makes the
-- replaced document current again (and replaceable).
ALTER TABLE documents ADD COLUMN replaces_id TEXT REFERENCES documents(id);
CREATE UNIQUE INDEX documents_replaces ON documents(replaces_id) WHERE deleted_at IS NULL;
-- The approvals that rest on a document (such a document is never deleted).
CREATE INDEX approvals_basis ON approvals(basis_document_id);
CREATE INDEX documents_owner_kind ON documents(owner_id, kind, uploaded_at);
CREATE INDEX documents_linked ON documents(linked_kind, linked_id);

-- The bytes each person's documents take, kept with every upload and deletion in the same
-- transaction. One conditional UPDATE both checks and takes the quota, so two uploads at
-- once cannot pass it together.
CREATE TABLE document_quotas (
    owner_id TEXT PRIMARY KEY REFERENCES people(id),
    used_bytes BIGINT NOT NULL
);

-- The employment and training agreement of a programme and its addenda (tillæg).
CREATE TABLE agreements (
    document_id TEXT PRIMARY KEY REFERENCES documents(id),
    programme_id TEXT NOT NULL REFERENCES programmes(id),
    kind TEXT NOT NULL,                       -- agreement | addendum
    reason TEXT,                              -- an addendum's: leave | part_time | extension | other
    dated TEXT NOT NULL
);
CREATE INDEX agreements_programme ON agreements(programme_id, dated);
