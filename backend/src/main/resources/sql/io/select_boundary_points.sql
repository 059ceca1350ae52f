-- A feature's boundary points in a projected CRS, for the 界址点坐标 exchange file: per vertex its
-- part, ring and place (x easting, y northing), with the part's ellipsoidal area in hectares.
SELECT (d).path[1] AS part,
       (d).path[2] AS ring,
       (d).path[3] AS vertex,
       ST_X((d).geom) AS x,
       ST_Y((d).geom) AS y,
       ST_Area(CAST(ST_GeometryN(f.geom, (d).path[1]) AS geography)) / 10000 AS hectares
FROM (SELECT ST_Multi(s.geom) AS geom FROM (/*features*/) s WHERE s.id = :id) f,
     LATERAL (SELECT ST_DumpPoints(ST_Transform(f.geom, CAST(:srid AS integer))) AS d) p
ORDER BY 1, 2, 3
