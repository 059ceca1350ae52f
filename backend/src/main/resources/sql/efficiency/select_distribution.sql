-- The distribution of one indicator over the parcels or enterprises of a year (optionally of a district
-- or cluster): :bins equal bins from the smallest to the largest value, with their counts.
WITH v AS (
  SELECT CASE :indicator WHEN 'taxPerMu' THEN pe.tax_per_mu WHEN 'outputPerMu' THEN pe.output_per_mu
           WHEN 'valueAddedPerMu' THEN pe.value_added_per_mu WHEN 'investmentPerMu' THEN pe.investment_per_mu
           WHEN 'valueAddedPerEnergy' THEN pe.value_added_per_energy
           WHEN 'labourProductivity' THEN pe.labour_productivity WHEN 'rdShare' THEN pe.rd_share END AS v
  FROM parcel_efficiency pe
  WHERE :level = 'parcel' AND pe.year = :year
    AND (CAST(:district AS text) IS NULL OR pe.district_code = :district)
    AND (CAST(:cluster AS bigint) IS NULL OR pe.cluster_id = :cluster)
  UNION ALL
  SELECT CASE :indicator WHEN 'taxPerMu' THEN ee.tax_per_mu WHEN 'outputPerMu' THEN ee.output_per_mu
           WHEN 'valueAddedPerMu' THEN ee.value_added_per_mu WHEN 'investmentPerMu' THEN ee.investment_per_mu
           WHEN 'valueAddedPerEnergy' THEN ee.value_added_per_energy
           WHEN 'labourProductivity' THEN ee.labour_productivity WHEN 'rdShare' THEN ee.rd_share END
  FROM enterprise_efficiency ee
  WHERE :level = 'enterprise' AND ee.year = :year
    AND (CAST(:district AS text) IS NULL OR ee.district_code = :district)
    AND (CAST(:cluster AS bigint) IS NULL OR EXISTS (
          SELECT 1 FROM parcel_enterprise l JOIN parcel p ON p.id = l.parcel_id
          WHERE l.enterprise_id = ee.enterprise_id AND p.cluster_id = :cluster))
), r AS (
  SELECT min(v) AS lo, max(v) AS hi FROM v
), b AS (
  SELECT CASE WHEN r.hi = r.lo THEN 1 ELSE least(width_bucket(v.v, r.lo, r.hi, :bins), :bins) END AS bin,
         count(*) AS n
  FROM v CROSS JOIN r
  WHERE v.v IS NOT NULL
  GROUP BY 1
)
SELECT s.bin, r.lo + (r.hi - r.lo) * (s.bin - 1) / :bins AS lower, r.lo + (r.hi - r.lo) * s.bin / :bins AS upper,
       coalesce(b.n, 0) AS count
FROM r
CROSS JOIN generate_series(1, :bins) AS s(bin)
LEFT JOIN b ON b.bin = s.bin
WHERE r.lo IS NOT NULL
ORDER BY s.bin
