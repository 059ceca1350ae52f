-- Who, why and which document for a write outside the map's drafts and proposals (a factory
-- building or unit): committed at once.
INSERT INTO change_set (author, reason, document_number, status, committed_at, district_code)
VALUES (:author, :reason, :document_number, 'COMMITTED', now(), :district_code)
RETURNING id
