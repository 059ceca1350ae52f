-- Survey coordinates (a MultiPolygon as WKT in the CRS they were typed in): whether the shape is
-- valid there (and if not, why and where, in that CRS), and the shape in CGCS2000 as GeoJSON
-- (9 decimals of a degree: 0.1 mm).
SELECT ST_IsValid(s.g) AS valid,
       (ST_IsValidDetail(s.g)).reason AS reason,
       ST_X((ST_IsValidDetail(s.g)).location) AS x,
       ST_Y((ST_IsValidDetail(s.g)).location) AS y,
       ST_AsGeoJSON(ST_Transform(s.g, 4490), 9) AS geometry
FROM (SELECT ST_GeomFromText(:wkt, CAST(:srid AS integer)) AS g) s
