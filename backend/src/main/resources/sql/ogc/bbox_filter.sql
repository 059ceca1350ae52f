AND ST_Intersects(f.geom, ST_MakeEnvelope(:west, :south, :east, :north, 4490))
