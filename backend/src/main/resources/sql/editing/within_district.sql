-- The district a shape belongs to (V14 district_of: the one holding most of its area), with its
-- name; no row when it lies in none.
SELECT d.code, d.name
FROM district d
WHERE d.code = district_of(ST_SetSRID(ST_GeomFromGeoJSON(:geojson), 4490))
