-- Cases (帮扶整治 / 淘汰关停) by id, year, status, enterprise or parcel (the enterprises on it), newest
-- first.
SELECT c.id, c.publication_id, p.year, e.credit_code, e.name, e.district_code, c.kind, c.grade, c.plan,
       c.deadline, c.status, c.outcome_reason, c.opened_by, c.opened_at, c.closed_by, c.closed_at,
       (SELECT count(*) FROM grade_case_follow_up f WHERE f.case_id = c.id) AS follow_ups
FROM grade_case c
JOIN grade_publication p ON p.id = c.publication_id
JOIN enterprise e ON e.id = c.enterprise_id
WHERE (CAST(:id AS bigint) IS NULL OR c.id = :id)
  AND (CAST(:year AS integer) IS NULL OR p.year = :year)
  AND (CAST(:status AS text) IS NULL OR c.status = :status)
  AND (CAST(:code AS text) IS NULL OR e.credit_code = :code)
  AND (CAST(:parcel AS bigint) IS NULL
       OR c.enterprise_id IN (SELECT l.enterprise_id FROM parcel_enterprise l WHERE l.parcel_id = :parcel))
ORDER BY c.opened_at DESC, c.id DESC
LIMIT :limit OFFSET :offset
