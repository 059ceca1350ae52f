-- The proposals waiting for the bureau (PROPOSED change sets), per district they were proposed
-- from: how many, and by how much the district's red line would change (ellipsoidal m²) if each were
-- approved as it stands now — the area of every shape its red-line edits write, less the area of
-- the red line each edit replaces or deletes. Proposals approved one after another may touch the
-- same feature; the sum is then what each says on its own, which the preview of each details.
WITH proposal AS (
  SELECT c.id, c.district_code FROM change_set c WHERE c.status = 'PROPOSED' AND c.district_code IS NOT NULL
),
delta AS (
  SELECT p.district_code,
         coalesce(CASE WHEN e.geom IS NOT NULL THEN ST_Area(e.geom::geography) END, 0)
         - coalesce(CASE WHEN e.action = 'DELETE' OR (e.action = 'UPDATE' AND e.geom IS NOT NULL)
                         THEN r.area_m2 END, 0) AS m2
  FROM proposal p
  JOIN change_set_edit e ON e.change_set_id = p.id AND e.layer = 'red_line'
  LEFT JOIN red_line r ON r.id = e.feature_id
)
SELECT p.district_code AS code, count(*) AS proposals,
       coalesce((SELECT sum(d.m2) FROM delta d WHERE d.district_code = p.district_code), 0) AS delta_m2
FROM proposal p
GROUP BY p.district_code
