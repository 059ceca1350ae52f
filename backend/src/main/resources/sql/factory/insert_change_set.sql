-- Who, why and which document for a write of a factory building or unit: committed at once (these
-- are not map layers with drafts and proposals).
INSERT INTO change_set (author, reason, document_number, status, committed_at, district_code)
VALUES (:author, :reason, :document_number, 'COMMITTED', now(), :district)
RETURNING id
