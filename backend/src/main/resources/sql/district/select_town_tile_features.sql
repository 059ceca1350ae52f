SELECT t.code::bigint AS id, t.code, t.name, t.name_en, t.district_code,
       ST_AsMVTGeom(ST_Transform(ST_Simplify(t.geom, bounds.pixel / 2), 3857), bounds.merc, 4096, 64, true) AS geom
FROM town t, bounds
WHERE t.geom && bounds.geo
