-- The staged shapes in CGCS2000 (EPSG:4490; EPSG:4326 taken as it is, the two agree to
-- centimetres), two-dimensional, with the reason a shape is invalid and its repair
-- (ST_MakeValid, polygons kept).
CREATE UNLOGGED TABLE /*shapes*/ AS
SELECT s.fid,
       CASE WHEN ST_IsValid(x.g) THEN NULL ELSE ST_IsValidReason(x.g) END AS invalid_reason,
       CASE WHEN ST_IsValid(x.g) THEN NULL ELSE x.g END AS original,
       CASE WHEN ST_IsValid(x.g) THEN ST_Multi(x.g)
            ELSE nullif(ST_Multi(ST_CollectionExtract(ST_MakeValid(x.g), 3)), 'SRID=4490;MULTIPOLYGON EMPTY'::geometry)
       END::geometry(MultiPolygon, 4490) AS shape
FROM /*staging*/ s
CROSS JOIN LATERAL (
  SELECT ST_Force2D(CASE WHEN ST_SRID(s.geom) IN (4326, 4490) THEN ST_SetSRID(s.geom, 4490)
                         ELSE ST_Transform(s.geom, 4490) END) AS g) x;
-- (indexed: the report and the rules look the staged shapes up by place)
CREATE INDEX ON /*shapes*/ USING gist (shape);
ANALYZE /*shapes*/
