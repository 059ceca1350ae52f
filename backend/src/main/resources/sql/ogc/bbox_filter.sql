AND ST_Intersects(f.geom, /*box*/)
