-- The city's bounding box (every layer lies in it): west, south, east, north.
SELECT ST_XMin(e), ST_YMin(e), ST_XMax(e), ST_YMax(e) FROM (SELECT ST_Extent(geom) AS e FROM district) x
