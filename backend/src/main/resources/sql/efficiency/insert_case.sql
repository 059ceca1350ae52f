-- A case for an enterprise of a final list, by its credit code (none when the code is unknown);
-- the database checks the list, the class and the kind.
INSERT INTO grade_case (publication_id, enterprise_id, kind, grade, plan, deadline, opened_by)
SELECT :publication, e.id, :kind, 'D', :plan, :deadline, ''
FROM enterprise e
WHERE e.credit_code = :code
RETURNING id
