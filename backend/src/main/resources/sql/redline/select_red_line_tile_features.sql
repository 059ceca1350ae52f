SELECT r.id, r.code, r.district_code, r.cluster_id,
       round((r.area_m2 * 0.0015)::numeric)::float8 AS area_mu,
       ST_AsMVTGeom(ST_Transform(ST_Simplify(r.geom, bounds.pixel / 2), 3857), bounds.merc, 4096, 64, true) AS geom
FROM red_line r, bounds
WHERE r.geom && bounds.geo
