-- The features of a reference layer from its staging table (slot "staging"), numbered from 1 in the
-- file's order: shapes from the file's CRS :srid in CGCS2000 (in_cgcs2000, V73), two-dimensional,
-- invalid ones of at most :max_repair_points points repaired (ST_MakeValid; larger ones are kept as
-- they are: they are only drawn, identified and snapped to); the attributes as read from the file,
-- as a JSON object.
INSERT INTO reference_feature (layer_id, id, attributes, geom)
SELECT :layer_id,
       row_number() OVER (ORDER BY s.fid)::int,
       to_jsonb(s) - 'fid' - 'geom',
       CASE WHEN ST_NPoints(x.g) > :max_repair_points OR ST_IsValid(x.g) THEN x.g
            ELSE ST_MakeValid(x.g) END
FROM /*staging*/ s
CROSS JOIN LATERAL (
  SELECT ST_Force2D(in_cgcs2000(s.geom, CAST(:srid AS integer))) AS g) x
