-- The curriculum version an employment is trained under (DOMAIN §3: a trainee stays on the
-- version they were hired under). Filled from the employment's phase where it has one.
ALTER TABLE employments ADD COLUMN curriculum_version_id TEXT REFERENCES curriculum_versions(id);
UPDATE employments SET curriculum_version_id =
    (SELECT ph.curriculum_version_id FROM phases ph WHERE ph.id = employments.phase_id)
  WHERE phase_id IS NOT NULL;

-- At most one pending request per item: two "report ready" of the same item at once give one
-- request, and the other is told it is already reported.
CREATE UNIQUE INDEX approval_requests_one_pending ON approval_requests(trainee_id, item_kind, item_id)
    WHERE state = 'pending';
