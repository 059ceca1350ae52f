-- One reserve piece with what a transition needs: its stage, version, shape (GeoJSON) and, once
-- supplied, the parcel it was granted as (the ledger's, else the parcel of the same shape, as the
-- demo city's supplied pieces have).
SELECT r.id, r.code, r.name, r.district_code, r.stage, r.stage_since, r.version, r.area_m2,
       ST_AsGeoJSON(r.geom, 15) AS geometry,
       coalesce((SELECT l.parcel_id FROM reserve_land_stage l
                 WHERE l.reserve_land_id = r.id AND l.parcel_id IS NOT NULL
                 ORDER BY l.entered_on DESC, l.id DESC LIMIT 1),
                (SELECT p.id FROM parcel p
                 WHERE p.geom && r.geom AND ST_Area(ST_SymDifference(p.geom, r.geom)::geography) <= 1.0
                 ORDER BY p.id LIMIT 1)) AS parcel_id
FROM reserve_land r
WHERE r.id = :id
