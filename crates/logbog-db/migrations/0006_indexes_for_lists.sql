-- People in name order, with the search name, for lists that page through a region's trainees
-- by name: the first pages walk the index and stop instead of sorting every trainee of the
-- region, and a search filters the index's entries without visiting the table.
CREATE INDEX people_by_name ON people(family_name, given_name, id, search_name);
-- A supervisor's supervisions of one trainee, with what decides whether one is in force: the
-- fact behind every request addressed to a supervisor, read from the index alone (PostgreSQL
-- otherwise starts from every supervision at the trainee's site).
CREATE INDEX supervisions_pair ON supervisions(supervisor_id, trainee_id, site_id, valid_from, valid_until);
