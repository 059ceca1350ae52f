-- The union of shapes (GeoJSON texts, EPSG:4490) and the number of separate pieces it has: one
-- when they touch or overlap.
WITH shapes AS (
  SELECT ST_SetSRID(ST_GeomFromGeoJSON(s), 4490) AS g FROM unnest(CAST(:shapes AS text[])) AS s
),
merged AS (
  SELECT ST_UnaryUnion(ST_Collect(g)) AS g FROM shapes
)
SELECT ST_AsGeoJSON(ST_Multi(g), 15) AS geojson, ST_NumGeometries(g) AS pieces FROM merged
