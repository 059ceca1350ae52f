-- A shape as a client sent it (GeoJSON in :srid), checked: its type, validity (with the reason and
-- a repaired shape to offer back, for small shapes), size, extent, and whether it lies in Foshan; normalized to a
-- MultiPolygon in EPSG:4490. Area and place are only measured for a valid shape in China's
-- longitude/latitude range (projected coordinates sent as degrees are caught by the extent).
WITH raw AS (
  SELECT ST_SetSRID(ST_GeomFromGeoJSON(:geojson), :srid) AS g
),
-- materialized: inlined, the shape would be parsed and folded again at every mention (5x slower)
shape AS MATERIALIZED (
  SELECT CASE WHEN :srid = 4490 THEN g ELSE ST_Transform(g, 4490) END AS g FROM raw
),
checked AS (
  SELECT g, ST_IsValid(g) AS valid,
         ST_XMin(g) BETWEEN 73 AND 136 AND ST_XMax(g) BETWEEN 73 AND 136
           AND ST_YMin(g) BETWEEN 3 AND 54 AND ST_YMax(g) BETWEEN 3 AND 54 AS in_china
  FROM shape
)
SELECT GeometryType(g) AS type,
       valid,
       in_china,
       CASE WHEN NOT valid THEN ST_IsValidReason(g) END AS reason,
       -- repaired only when asked (small shapes: Shapes.MAX_REPAIR_POINTS)
       CASE WHEN NOT valid AND :repair THEN ST_AsGeoJSON(ST_Multi(ST_CollectionExtract(ST_MakeValid(g), 3)), 15) END AS repaired,
       ST_NPoints(g) AS points,
       CASE WHEN valid AND in_china THEN ST_Area(g::geography) END AS area_m2,
       -- in one piece of a district's tolerance area (V76: small, so most shapes are answered
       -- there), in one district, or (rarely) across several: their union is made only then
       CASE WHEN valid AND in_china THEN
         EXISTS (SELECT 1 FROM district_tolerance_piece p WHERE p.geom && g AND ST_Covers(p.geom, g))
         OR EXISTS (SELECT 1 FROM district d WHERE d.tolerance_geom && g AND ST_Covers(d.tolerance_geom, g))
         OR coalesce((SELECT ST_Covers(ST_Union(d.tolerance_geom), g) FROM district d
                      WHERE d.tolerance_geom && g), false)
       END AS in_city,
       -- without a "crs" member (options 0): the edit reads it back as EPSG:4490, and a GeoJSON
       -- naming its CRS is looked up in spatial_ref_sys by a pattern (0.3 ms, against 0.05 ms)
       ST_AsGeoJSON(ST_Multi(g), 15, 0) AS normalized
FROM checked
