-- The parcels an import's rows report construction progress for: their ids and ellipsoidal areas.
SELECT p.code, p.id, p.area_m2
FROM parcel p
WHERE p.code IN (:codes)
