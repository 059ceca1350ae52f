SELECT r.id, r.code, r.name, r.stage, r.ownership, r.district_code,
       round((r.area_m2 * 0.0015)::numeric)::float8 AS area_mu,
       ST_AsMVTGeom(ST_Transform(r.geom, 3857), bounds.merc, 4096, 64, true) AS geom
FROM reserve_land r, bounds
WHERE r.geom && bounds.geo
