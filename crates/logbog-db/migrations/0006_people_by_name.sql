-- People in name order, for lists that page through a region's trainees by name: the first
-- pages then walk the index and stop, instead of sorting every trainee of the region.
CREATE INDEX people_by_name ON people(family_name, given_name, id);
