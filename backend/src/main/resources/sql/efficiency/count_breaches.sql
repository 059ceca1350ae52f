-- How many parcels the compliance check of a year lists (the same filters as select_breaches.sql).
SELECT count(*)
FROM parcel_breach b
WHERE b.year = :year
  AND (CAST(:district AS text) IS NULL OR b.district_code = :district)
  AND (CAST(:cluster AS bigint) IS NULL OR b.cluster_id = :cluster)
  AND (CAST(:kind AS text) IS NULL OR b.kinds @> ARRAY[CAST(:kind AS text)])
