-- The staged shapes in CGCS2000, from the file's CRS :srid (in_cgcs2000, V73: whatever SRID the
-- staging table says, as a file read while its CRS was being read carries a stand-in),
-- two-dimensional (whether the file's shape had heights or measures is kept, for the report), with
-- their number of points, the reason a shape is invalid and its repair (ST_MakeValid, polygons
-- kept). The points are counted first: a shape of more than :max_points is neither checked nor kept
-- (its reason says why), and only shapes of at most :max_repair_points are repaired (GEOS's
-- validity and repair of a huge self-intersecting shape run for many minutes and do not stop when
-- cancelled).
CREATE UNLOGGED TABLE /*shapes*/ AS
SELECT s.fid,
       n.points,
       ST_NDims(s.geom) > 2 AS had_z,
       CASE WHEN v.valid IS NULL
              THEN format('顶点过多：%s 个，最多 %s 个（Too many vertices: %s, at most %s）',
                          n.points, :max_points, n.points, :max_points)
            WHEN v.valid THEN NULL
            ELSE ST_IsValidReason(x.g) END AS invalid_reason,
       CASE WHEN v.valid IS NOT DISTINCT FROM false THEN x.g END AS original,
       CASE WHEN v.valid THEN ST_Multi(x.g)
            WHEN v.valid IS NULL OR n.points > :max_repair_points THEN NULL
            ELSE nullif(ST_Multi(ST_CollectionExtract(ST_MakeValid(x.g), 3)), 'SRID=4490;MULTIPOLYGON EMPTY'::geometry)
       END::geometry(MultiPolygon, 4490) AS shape
FROM /*staging*/ s
CROSS JOIN LATERAL (
  SELECT ST_Force2D(in_cgcs2000(s.geom, CAST(:srid AS integer))) AS g) x
CROSS JOIN LATERAL (SELECT ST_NPoints(s.geom) AS points) n
CROSS JOIN LATERAL (
  SELECT CASE WHEN n.points > :max_points THEN NULL ELSE ST_IsValid(x.g) END AS valid) v;
-- (indexed: the report and the rules look the staged shapes up by place)
CREATE INDEX ON /*shapes*/ USING gist (shape);
ANALYZE /*shapes*/
