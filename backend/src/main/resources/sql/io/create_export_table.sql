-- The scratch table of an export: its key, the shape in the CRS asked for, and a typed column per
-- property.
CREATE UNLOGGED TABLE /*scratch*/ (id /*id_type*/ PRIMARY KEY, geom geometry(MultiPolygon, /*srid*/)/*columns*/)
