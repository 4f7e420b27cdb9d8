-- The curriculum version an employment is trained under (DOMAIN §3: a trainee stays on the
-- version they were hired under). Filled from the employment's phase where it has one.
ALTER TABLE employments ADD COLUMN curriculum_version_id TEXT REFERENCES curriculum_versions(id);
UPDATE employments SET curriculum_version_id =
    (SELECT ph.curriculum_version_id FROM phases ph WHERE ph.id = employments.phase_id)
  WHERE phase_id IS NOT NULL;

-- At most one pending request per item: two "report ready" of the same item at once give one
-- request, and the other is told it is already reported. Should a race have left two pending
-- already, the later ones are withdrawn first (the oldest stays), so that the index can be made.
UPDATE approval_requests SET state = 'withdrawn', decided_at = requested_at,
       decision_comment = 'duplicate of an earlier pending request'
  WHERE state = 'pending' AND EXISTS (
    SELECT 1 FROM approval_requests o
     WHERE o.trainee_id = approval_requests.trainee_id AND o.item_kind = approval_requests.item_kind
       AND o.item_id = approval_requests.item_id AND o.state = 'pending'
       AND (o.requested_at < approval_requests.requested_at
            OR (o.requested_at = approval_requests.requested_at AND o.id < approval_requests.id)));
CREATE UNIQUE INDEX approval_requests_one_pending ON approval_requests(trainee_id, item_kind, item_id)
    WHERE state = 'pending';
