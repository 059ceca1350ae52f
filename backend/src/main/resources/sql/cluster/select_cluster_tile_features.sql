SELECT c.id, c.code, c.name, c.name_en, c.flagship,
       round((c.area_m2 * 0.0015)::numeric)::float8 AS area_mu,
       ST_AsMVTGeom(ST_Transform(ST_Simplify(c.geom, bounds.pixel / 2), 3857), bounds.merc, 4096, 64, true) AS geom
FROM industrial_cluster c, bounds
WHERE c.geom && bounds.geo
