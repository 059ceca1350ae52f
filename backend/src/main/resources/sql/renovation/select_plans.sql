-- Plans of a year (or one plan), with their parks' ids, land area and progress.
SELECT p.id, p.year, p.district_code, p.batch, p.name, p.target_demolish_mu::float8 AS target_demolish_mu,
       p.target_floor_area_m2::float8 AS target_floor_area_m2, p.document_number, p.updated_by,
       p.version, p.updated_at,
       coalesce(array_agg(pp.village_park_id ORDER BY pp.village_park_id)
                FILTER (WHERE pp.village_park_id IS NOT NULL), '{}') AS park_ids,
       coalesce(sum(v.area_m2), 0) AS renovation_m2,
       count(v.id) FILTER (WHERE v.status IN ('COMPLETED', 'PRODUCTION')) AS done_parks,
       coalesce(sum(v.demolished_area_m2), 0)::float8 AS demolished_m2,
       coalesce(sum(v.new_floor_area_m2), 0)::float8 AS built_m2
FROM renovation_plan p
LEFT JOIN renovation_plan_park pp ON pp.plan_id = p.id
LEFT JOIN village_park v ON v.id = pp.village_park_id
WHERE (CAST(:id AS bigint) IS NULL OR p.id = :id)
  AND (CAST(:year AS integer) IS NULL OR p.year = :year)
  AND (CAST(:district AS text) IS NULL OR p.district_code = :district)
GROUP BY p.id
ORDER BY p.year, p.district_code, p.batch
