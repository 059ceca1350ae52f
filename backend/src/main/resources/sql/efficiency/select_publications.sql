-- The publications (公示) of a year, or one by id, newest first, with their objections counted.
SELECT p.id, p.model_id, m.version AS model_version, m.name AS model_name, p.year, p.starts_on, p.ends_on,
       p.document_number, p.published_by, p.published_at, p.frozen_by, p.frozen_at,
       (SELECT count(*) FROM grade_objection o WHERE o.publication_id = p.id) AS objections,
       (SELECT count(*) FROM grade_objection o WHERE o.publication_id = p.id
          AND NOT EXISTS (SELECT 1 FROM grade_objection_decision d WHERE d.objection_id = o.id)) AS undecided
FROM grade_publication p
JOIN grading_model m ON m.id = p.model_id
WHERE (CAST(:year AS integer) IS NULL OR p.year = :year)
  AND (CAST(:id AS bigint) IS NULL OR p.id = :id)
ORDER BY p.year DESC, p.published_at DESC, p.id DESC
LIMIT 100
