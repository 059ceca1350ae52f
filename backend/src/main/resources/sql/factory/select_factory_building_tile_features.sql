SELECT f.id, f.code, f.name, f.stage,
       ST_AsMVTGeom(ST_Transform(f.geom, 3857), bounds.merc, 4096, 64, true) AS geom
FROM factory_building f, bounds
WHERE f.geom && bounds.geo
