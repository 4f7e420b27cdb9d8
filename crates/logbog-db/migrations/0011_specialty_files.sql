-- Specialty-specific files (issue 9 point 7): the blank forms of a curriculum. The document
-- row holds the file (its owner is the publisher, and no quota is taken: the forms belong to
-- the specialty, not to a person's logbook); this row says which curriculum it serves and
-- what it is. A new version is a new document that replaces the current one (documents.replaces_id).
CREATE TABLE specialty_files (
    document_id TEXT PRIMARY KEY REFERENCES documents(id),
    curriculum_id TEXT NOT NULL REFERENCES curricula(id),
    title TEXT NOT NULL,
    form TEXT NOT NULL                        -- competency_card | checklist | qualification_card | other
);
CREATE INDEX specialty_files_curriculum ON specialty_files(curriculum_id);

-- The competencies a file belongs to, by the competency's code in its curriculum: a form
-- stays linked across the curriculum's versions, whose competencies share their codes.
CREATE TABLE specialty_file_competencies (
    document_id TEXT NOT NULL REFERENCES documents(id),
    curriculum_id TEXT NOT NULL REFERENCES curricula(id),
    competency_code TEXT NOT NULL,
    PRIMARY KEY (document_id, competency_code)
);
CREATE INDEX specialty_file_competencies_code ON specialty_file_competencies(curriculum_id, competency_code);
