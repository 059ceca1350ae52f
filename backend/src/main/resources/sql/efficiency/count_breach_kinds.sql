-- The compliance check of a year counted by kind, for a district or a cluster (or the city).
SELECT k.kind, count(*) AS parcels
FROM parcel_breach b
CROSS JOIN LATERAL unnest(b.kinds) AS k(kind)
WHERE b.year = :year
  AND (CAST(:district AS text) IS NULL OR b.district_code = :district)
  AND (CAST(:cluster AS bigint) IS NULL OR b.cluster_id = :cluster)
GROUP BY k.kind
ORDER BY k.kind
