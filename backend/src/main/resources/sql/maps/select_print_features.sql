-- The features of one layer (its features relation fills the slot "features") with the given ids,
-- for a printed drawing's table and outline: code and name as people know them, the ellipsoidal
-- area (ST_Area on the geography: CGCS2000's ellipsoid, as every area of the system) and the shape
-- as GeoJSON (EPSG:4490, 7 decimals: 1 cm). The ids are bound; the key's index finds each.
SELECT f.id::text AS id,
       f.properties::json ->> 'code' AS code,
       f.properties::json ->> 'name' AS name,
       ST_Area(f.geom::geography) AS area_m2,
       ST_AsGeoJSON(f.geom, 7, 0) AS geometry
FROM (/*features*/) f
WHERE f.id IN (:ids)
ORDER BY f.id
