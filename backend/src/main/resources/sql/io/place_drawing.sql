-- A DXF drawing read into staging for a reference layer (slot "staging"), placed in its CRS as the
-- survey path reads drawings (DxfDrawing): entities without a shape (GDAL reads some so) left out,
-- the eastings moved by :dx (the zone number in front taken off, or 0), and every closed polyline
-- (a single closed line of 4 points or more) made a polygon: 三调 land use and parcels are drawn as
-- closed polylines, roads and rivers as open ones, and stay lines.
DELETE FROM /*staging*/ s WHERE s.geom IS NULL OR ST_IsEmpty(s.geom);
UPDATE /*staging*/ s SET geom = ST_Translate(s.geom, :dx, 0) WHERE :dx <> 0;
UPDATE /*staging*/ s SET geom = ST_Multi(ST_MakePolygon(ST_GeometryN(s.geom, 1)))
WHERE ST_GeometryType(s.geom) = 'ST_MultiLineString' AND ST_NumGeometries(s.geom) = 1
  AND ST_IsClosed(s.geom) AND ST_NPoints(s.geom) >= 4;
