-- The designations of a year (standing and revoked), optionally of one kind, newest first.
SELECT d.id, e.credit_code, e.name, d.year, d.kind, d.document_number, d.note, d.recorded_by,
       d.recorded_at, d.revoked_by, d.revoked_at
FROM enterprise_designation d
JOIN enterprise e ON e.id = d.enterprise_id
WHERE d.year = :year AND (CAST(:kind AS text) IS NULL OR d.kind = :kind)
ORDER BY d.recorded_at DESC, d.id DESC
LIMIT :limit
