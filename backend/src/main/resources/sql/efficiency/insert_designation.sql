-- A designation of an enterprise for a year, by its credit code (none when the code is unknown, or
-- when the same designation already stands).
INSERT INTO enterprise_designation (enterprise_id, year, kind, document_number, note)
SELECT e.id, :year, :kind, :document, :note
FROM enterprise e
WHERE e.credit_code = :code
ON CONFLICT (enterprise_id, year, kind) WHERE revoked_at IS NULL DO NOTHING
RETURNING id
