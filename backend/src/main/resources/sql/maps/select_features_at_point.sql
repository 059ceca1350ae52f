-- The features of one layer (its features relation fills the slot "features") covering a point.
SELECT f.id::text AS id, f.properties
FROM (/*features*/) f
WHERE ST_Intersects(f.geom, ST_SetSRID(ST_MakePoint(:lon, :lat), 4490))
