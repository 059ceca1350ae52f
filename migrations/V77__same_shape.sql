-- Whether two shapes are the same shape: the same vertices, each within 1e-9° (about 0.1 mm) of
-- its counterpart, wherever a ring starts and whichever way it runs. An import leaves out a
-- feature its file has as the layer has it (bulk_insert_edits.sql): no edit, no new version.
--
-- A shape exported and read back through another CRS (EPSG:4547 and back) comes back with its
-- coordinates ~1e-14° off, and a Shapefile's rings run the other way round; so exact equality is no
-- test. Snapping both to a 1e-9° grid and comparing is one, for most shapes, but not for a vertex
-- lying on a half-way point of the grid, which a 1e-14° difference rounds either way (the demo
-- city's red line has such vertices: 3 of 83 features in a box came back "changed"). So: the same
-- number of vertices and the same box within the tolerance (cheap, and what any moved shape fails
-- at once), then the snapped shapes in their normal form (ST_Normalize: each ring from its least
-- vertex, shells one way, holes the other) equal, or, failing that, equal vertex by vertex within
-- 1.5 grid steps (same_vertices). Every step is linear in the vertices (the normal form sorts
-- them). same_shape is one expression, which the planner inlines into the statement asking it
-- (1.9 µs a row where a function call costs 4-8 µs: 20,000 moved parcels 86 ms against 161 ms);
-- the vertex-by-vertex comparison, a subquery, is a call of its own, made only when snapping
-- disagrees.
CREATE FUNCTION same_vertices(a geometry, b geometry) RETURNS boolean
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
RETURN NOT EXISTS (
  SELECT FROM ST_DumpPoints(ST_Normalize(ST_SnapToGrid(a, 1e-9))) p
  FULL JOIN ST_DumpPoints(ST_Normalize(ST_SnapToGrid(b, 1e-9))) q ON q.path = p.path
  WHERE p.path IS NULL OR q.path IS NULL
     OR abs(ST_X(p.geom) - ST_X(q.geom)) > 1.5e-9 OR abs(ST_Y(p.geom) - ST_Y(q.geom)) > 1.5e-9);
COMMENT ON FUNCTION same_vertices(geometry, geometry) IS
  'the vertices of the two shapes snapped to 1e-9° and in normal form, pair by pair within 1.5e-9° (V77; same_shape asks it)';

CREATE FUNCTION same_shape(a geometry, b geometry) RETURNS boolean
LANGUAGE sql IMMUTABLE PARALLEL SAFE
RETURN ST_NPoints(a) = ST_NPoints(b)
  AND abs(ST_XMin(a) - ST_XMin(b)) <= 2e-9 AND abs(ST_XMax(a) - ST_XMax(b)) <= 2e-9
  AND abs(ST_YMin(a) - ST_YMin(b)) <= 2e-9 AND abs(ST_YMax(a) - ST_YMax(b)) <= 2e-9
  AND (ST_OrderingEquals(ST_Normalize(ST_SnapToGrid(a, 1e-9)), ST_Normalize(ST_SnapToGrid(b, 1e-9)))
       OR same_vertices(a, b));
COMMENT ON FUNCTION same_shape(geometry, geometry) IS
  'the same vertices within 1e-9° (about 0.1 mm), wherever a ring starts and whichever way it runs (V77)';
