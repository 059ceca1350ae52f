-- The compliance check of a year counted by kind, for a district or a cluster (or the city): kept by
-- the recompute (V55, breach_kind_count) for a recomputed year, counted from the breaches for a
-- year whose breaches were written since (no row in efficiency_summary_kept).
SELECT k.kind, k.parcels
FROM breach_kind_count k
WHERE k.year = :year
  AND k.scope = CASE WHEN CAST(:district AS text) IS NOT NULL THEN 'district'
                     WHEN CAST(:cluster AS bigint) IS NOT NULL THEN 'cluster' ELSE 'city' END
  AND k.code = coalesce(CAST(:district AS text), CAST(:cluster AS bigint)::text, '')
UNION ALL
SELECT k.kind, count(*) AS parcels
FROM parcel_breach b
CROSS JOIN LATERAL unnest(b.kinds) AS k(kind)
WHERE b.year = :year
  AND (CAST(:district AS text) IS NULL OR b.district_code = :district)
  AND (CAST(:cluster AS bigint) IS NULL OR b.cluster_id = :cluster)
  AND NOT EXISTS (SELECT 1 FROM efficiency_summary_kept s WHERE s.year = :year)
GROUP BY k.kind
ORDER BY 1
