-- The pieces a line cuts a shape into, largest first (the line in :srid, the shape in EPSG:4490).
WITH blade AS (
  SELECT CASE WHEN :srid = 4490 THEN l ELSE ST_Transform(l, 4490) END AS l
  FROM (SELECT ST_SetSRID(ST_GeomFromGeoJSON(:line), :srid) AS l) x
),
pieces AS (
  SELECT (ST_Dump(ST_CollectionExtract(
            ST_Split(ST_SetSRID(ST_GeomFromGeoJSON(:shape), 4490), blade.l), 3))).geom AS g
  FROM blade
)
SELECT ST_AsGeoJSON(ST_Multi(g), 15) AS geojson, ST_Area(g::geography) AS m2
FROM pieces
ORDER BY ST_Area(g::geography) DESC
