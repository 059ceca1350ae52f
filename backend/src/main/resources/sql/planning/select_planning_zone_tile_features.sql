SELECT z.id, z.code, z.zone_type, z.district_code,
       round((z.area_m2 * 0.0015)::numeric)::float8 AS area_mu,
       ST_AsMVTGeom(ST_Transform(ST_Simplify(z.geom, bounds.pixel / 2), 3857), bounds.merc, 4096, 64, true) AS geom
FROM planning_zone z, bounds
WHERE z.geom && bounds.geo
