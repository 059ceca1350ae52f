-- A layer's features (its relation) within a box in degrees (CGCS2000), to export.
SELECT * FROM (/*features*/) f WHERE f.geom && ST_MakeEnvelope(:west, :south, :east, :north, 4490)
