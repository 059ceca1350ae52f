-- The features of a reference layer from its staging table (slot "staging"), numbered from 1 in the
-- file's order: shapes from the file's CRS :srid (whatever SRID the staging table says:
-- ImportStaging.read) in CGCS2000 (EPSG:4326 taken as it is: the two agree to centimetres),
-- two-dimensional, invalid ones of at most :max_repair_points points repaired (ST_MakeValid; larger
-- ones are kept as they are: they are only drawn, identified and snapped to); the attributes as read
-- from the file, as a JSON object.
INSERT INTO reference_feature (layer_id, id, attributes, geom)
SELECT :layer_id,
       row_number() OVER (ORDER BY s.fid)::int,
       to_jsonb(s) - 'fid' - 'geom',
       CASE WHEN ST_NPoints(x.g) > :max_repair_points OR ST_IsValid(x.g) THEN x.g
            ELSE ST_MakeValid(x.g) END
FROM /*staging*/ s
CROSS JOIN LATERAL (
  SELECT ST_Force2D(CASE WHEN CAST(:srid AS integer) IN (4326, 4490) THEN ST_SetSRID(s.geom, 4490)
                         ELSE ST_Transform(ST_SetSRID(s.geom, CAST(:srid AS integer)), 4490) END) AS g) x
