SELECT p.id, p.code, p.district_code, p.cluster_id, p.land_use, p.granted_on::text AS granted_on,
       round((p.area_m2 * 0.0015)::numeric, 1)::float8 AS area_mu,
       ST_AsMVTGeom(ST_Transform(p.geom, 3857), bounds.merc, 4096, 64, true) AS geom
FROM parcel p, bounds
WHERE p.geom && bounds.geo
