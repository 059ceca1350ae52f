-- The rows of a relation to export, into its scratch table: the key, the shape in the CRS asked
-- for, and each property as a column of its own.
INSERT INTO /*scratch*/
SELECT r.id, ST_Multi(CASE WHEN CAST(:srid AS integer) = 4490 THEN r.geom ELSE ST_Transform(r.geom, CAST(:srid AS integer)) END) /*columns*/
FROM (/*relation*/) r
CROSS JOIN LATERAL (SELECT CAST(r.properties AS jsonb) AS p) j
