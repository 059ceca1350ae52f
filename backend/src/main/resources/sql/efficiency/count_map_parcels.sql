-- How many parcels with indicators of the year lie in a bounding box (the map refuses more than 20,000).
SELECT count(*)
FROM parcel p
JOIN parcel_efficiency pe ON pe.year = :year AND pe.parcel_id = p.id
WHERE p.geom && ST_MakeEnvelope(:west, :south, :east, :north, 4490)
