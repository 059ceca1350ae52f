-- The objections of a publication (of one enterprise if given), with their decisions, oldest first.
SELECT o.id, o.publication_id, e.credit_code, e.name, o.objector, o.grounds, o.evidence, o.lodged_on,
       o.recorded_by, o.recorded_at, d.outcome, d.grade_before, d.grade_after, d.reason,
       d.decided_by, d.decided_at
FROM grade_objection o
JOIN enterprise e ON e.id = o.enterprise_id
LEFT JOIN grade_objection_decision d ON d.objection_id = o.id
WHERE o.publication_id = :publication
  AND (CAST(:code AS text) IS NULL OR e.credit_code = :code)
ORDER BY o.lodged_on, o.id
LIMIT :limit
