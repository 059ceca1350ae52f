-- An objection, by the enterprise's credit code (none when the code is unknown); the database
-- checks the period and the list and sets who recorded it.
INSERT INTO grade_objection (publication_id, enterprise_id, objector, grounds, evidence, lodged_on, recorded_by)
SELECT :publication, e.id, :objector, :grounds, :evidence, :lodged, ''
FROM enterprise e
WHERE e.credit_code = :code
RETURNING id
