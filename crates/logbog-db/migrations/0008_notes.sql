-- Notes of daily progress (issue 9). The tables are in 0001; what the notes need besides:
-- the day a note is about (the trainee may write today about yesterday), kept apart from when
-- it was written, and the reads of a trainee's notes and of what is shared with one approver.
ALTER TABLE notes ADD COLUMN written_on TEXT;
UPDATE notes SET written_on = substr(created_at, 1, 10) WHERE written_on IS NULL;
CREATE INDEX notes_trainee_day ON notes(trainee_id, written_on, created_at);
CREATE INDEX notes_competency ON notes(trainee_id, competency_id);
CREATE INDEX note_shares_person ON note_shares(person_id, note_id);
