-- The demo city's planning zones (国土空间规划分区), one committed change set of their own: the
-- clusters, joined where they touch and widened by 3e-5° (≈ 3 m, so that reserve land kept in the
-- red line within its tolerances lies in them), are the industrial zones 工业发展区; the rest of
-- each district is cut into about 40 cells around seeded points (Voronoi, so cells never overlap),
-- each zoned by its distance from the industry: near it residential, commercial or logistics; further
-- out services, green space or rural development; far away farmland or ecological zones. Seeded: the
-- same city gets the same zones.
WITH cs AS (
  INSERT INTO change_set (author, reason, document_number, status, committed_at)
  VALUES ('demo', '国土空间规划分区（演示数据）', '佛府函〔2023〕88号', 'COMMITTED', now())
  RETURNING id
),
industry AS (
  SELECT (ST_Dump(ST_Union(ST_Buffer(geom, 3e-5, 'quad_segs=2')))).geom AS geom FROM industrial_cluster
),
rest AS (
  SELECT d.code, ST_Difference(d.geom, coalesce(
           (SELECT ST_Union(i.geom) FROM industry i WHERE i.geom && d.geom),
           'SRID=4490;POLYGON EMPTY'::geometry)) AS geom
  FROM district d
),
cells AS (
  SELECT r.code AS district, row_number() OVER (PARTITION BY r.code ORDER BY ST_XMin(c.geom), ST_YMin(c.geom)) AS n,
         ST_CollectionExtract(ST_Intersection(r.geom, c.geom), 3) AS geom
  FROM rest r
  CROSS JOIN LATERAL (SELECT (ST_Dump(ST_VoronoiPolygons(ST_GeneratePoints(r.geom, 40, :seed), 0, r.geom))).geom) c
),
zoned AS (
  SELECT 'PZ-' || c.district || '-' || lpad(c.n::text, 3, '0') AS code, c.geom,
         (ARRAY[ARRAY['RESIDENTIAL', 'COMMERCIAL', 'LOGISTICS'],
                ARRAY['SERVICE', 'GREEN', 'RURAL'],
                ARRAY['FARMLAND', 'ECOLOGICAL_CONTROL', 'ECOLOGICAL_PROTECTION']])
           [least(3, 1 + floor(ST_Distance(c.geom, (SELECT ST_Collect(i.geom) FROM industry i)) / 0.02)::int)]
           [1 + (c.n % 3)::int] AS zone_type
  FROM cells c
  WHERE ST_Area(c.geom::geography) > 10000
  UNION ALL
  SELECT 'PZ-IND-' || lpad(row_number() OVER (ORDER BY ST_XMin(i.geom), ST_YMin(i.geom))::text, 3, '0'),
         i.geom, 'INDUSTRIAL'
  FROM industry i
)
INSERT INTO planning_zone (code, zone_type, plan_name, approved_on, document_number, geom, change_set_id)
SELECT z.code, z.zone_type, '佛山市国土空间总体规划（2021—2035年）', DATE '2023-09-28', '佛府函〔2023〕88号',
       ST_Multi(z.geom), (SELECT id FROM cs)
FROM zoned z
