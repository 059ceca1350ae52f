-- The parcels an enterprise uses (its floor-area share on each), by code, the first :limit of them;
-- the same rows the map shows anyone (the popup lists the enterprises on a parcel). area_mu is the
-- parcel's ellipsoidal area; bbox for "show on the map".
SELECT p.id, p.code, p.district_code, d.name AS district_name, p.town_code, t.name AS town_name,
       p.cluster_id, c.code AS cluster_code, c.name AS cluster_name,
       p.area_m2 / (10000.0 / 15) AS area_mu, l.floor_area_share, l.since,
       p.granted_on, p.works_started_on, p.completed_on, p.production_started_on,
       ST_XMin(p.geom) AS west, ST_YMin(p.geom) AS south, ST_XMax(p.geom) AS east, ST_YMax(p.geom) AS north
FROM parcel_enterprise l
JOIN parcel p ON p.id = l.parcel_id
JOIN district d ON d.code = p.district_code
LEFT JOIN town t ON t.code = p.town_code
LEFT JOIN industrial_cluster c ON c.id = p.cluster_id
WHERE l.enterprise_id = :enterprise
ORDER BY p.code
LIMIT :limit
