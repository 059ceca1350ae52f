-- What a file read for a reference layer holds (the staging table, slot "staging"): its features,
-- those without a shape, those of more than :max_points points, those whose attributes are larger
-- than a reference feature may keep, and the dimensions of its shapes (0 points, 1 lines, 2
-- polygons), and their extent in CGCS2000 (from the file's CRS :srid: in_cgcs2000, V73).
SELECT count(*) AS features,
       count(*) FILTER (WHERE s.geom IS NULL OR ST_IsEmpty(s.geom)) AS empty,
       count(*) FILTER (WHERE ST_NPoints(s.geom) > :max_points) AS too_large,
       count(*) FILTER (WHERE octet_length((to_jsonb(s) - 'fid' - 'geom')::text) > 8192) AS too_many_attributes,
       max(ST_XMin(e.box)) AS west, max(ST_YMin(e.box)) AS south, max(ST_XMax(e.box)) AS east,
       max(ST_YMax(e.box)) AS north,
       coalesce(string_agg(DISTINCT ST_Dimension(s.geom)::text, ',') FILTER (WHERE NOT ST_IsEmpty(s.geom)), '') AS dimensions
FROM /*staging*/ s
CROSS JOIN (
  SELECT ST_Extent(in_cgcs2000(t.geom, CAST(:srid AS integer))) AS box
  FROM /*staging*/ t WHERE NOT ST_IsEmpty(t.geom)) e
