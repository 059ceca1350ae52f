-- Whether a shape lies in a district, with the district boundaries' tolerance (0.001°).
SELECT ST_Covers(tolerance_geom, ST_SetSRID(ST_GeomFromGeoJSON(:geojson), 4490))
FROM district
WHERE code = :district
