SELECT d.code::int AS id, d.code, d.name, d.name_en,
       d.red_line_minimum_km2::float8 AS red_line_minimum_km2,
       ST_AsMVTGeom(ST_Transform(ST_Simplify(d.geom, bounds.pixel / 2), 3857), bounds.merc, 4096, 64, true) AS geom
FROM district d, bounds
WHERE d.geom && bounds.geo
