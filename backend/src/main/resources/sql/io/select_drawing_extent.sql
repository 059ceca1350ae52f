-- The extent of a drawing read into staging (slot "staging"), in its CAD x/y (null when empty).
SELECT ST_XMin(e.box) AS west, ST_YMin(e.box) AS south, ST_XMax(e.box) AS east,
       ST_YMax(e.box) AS north
FROM (SELECT ST_Extent(s.geom) AS box FROM /*staging*/ s) e
