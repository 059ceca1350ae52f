SELECT v.id, v.code, v.name, v.status, v.renovation_type, v.plan_year, v.modern_park,
       round((v.area_m2 * 0.0015)::numeric)::float8 AS area_mu,
       ST_AsMVTGeom(ST_Transform(v.geom, 3857), bounds.merc, 4096, 64, true) AS geom
FROM village_park v, bounds
WHERE v.geom && bounds.geo
