-- A distribution kept by the recompute (V37), as select_distribution.sql computes it from the
-- figures. One row with kept false when the year's distributions are not kept (the figures were
-- written since: compute them); kept true and a null bin when the scope has no value.
SELECT k.year IS NOT NULL AS kept, d.bin,
       d.lo + (d.hi - d.lo) * (d.bin - 1) / :bins AS lower, d.lo + (d.hi - d.lo) * d.bin / :bins AS upper,
       d.n AS count
FROM (SELECT 1) AS one
LEFT JOIN efficiency_distribution_kept k ON k.year = :year
LEFT JOIN efficiency_distribution d
  ON k.year IS NOT NULL AND d.year = :year AND d.level = :level AND d.indicator = :indicator
 AND d.scope = :scope AND d.code = :code AND d.bins = :bins
ORDER BY d.bin
