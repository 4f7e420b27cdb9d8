-- A person's name folded to lower case by the application (Unicode-aware: Æ Ø Å as æ ø å),
-- for case-insensitive search that works the same on SQLite, whose LOWER() folds only ASCII.
-- Rows written before this column existed are filled in by `Db::migrate`.
ALTER TABLE people ADD COLUMN search_name TEXT;
CREATE INDEX people_search_name ON people(search_name);
