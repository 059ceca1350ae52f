-- The major projects the reader may see (row-level security: a district officer their district's),
-- optionally of one district and status, or one by id, each with its land demand against the area
-- of the reserve pieces assigned to it now and of those supplied to it (ellipsoidal m², from the
-- view major_project_land); newest signed first, then by code.
SELECT p.id, p.code, p.name, p.investor, p.enterprise_id, e.credit_code, e.name AS enterprise_name,
       p.industry_code, i.name AS industry_name, p.district_code, d.name AS district_name,
       p.investment_10k_cny, p.land_demand_mu, p.level, p.status, p.signed_on, p.planned_start_on,
       p.created_by, l.pieces, l.assigned_m2, l.supplied_m2, l.ready_m2
FROM major_project p
JOIN major_project_land l ON l.project_id = p.id
JOIN district d ON d.code = p.district_code
JOIN industry i ON i.code = p.industry_code
LEFT JOIN enterprise e ON e.id = p.enterprise_id
WHERE (CAST(:id AS bigint) IS NULL OR p.id = :id)
  AND (CAST(:district AS text) IS NULL OR p.district_code = :district)
  AND (CAST(:status AS text) IS NULL OR p.status = :status)
ORDER BY p.signed_on DESC, p.code
LIMIT :limit OFFSET :offset
