-- The parcels of a planner's query (the query slot: items with a parcelId) with their shapes, for
-- the files GDAL writes.
SELECT p.id, p.geom, q.properties
FROM (/*query*/) q
JOIN parcel p ON p.id = CAST(CAST(q.properties AS json) ->> 'parcelId' AS bigint)
