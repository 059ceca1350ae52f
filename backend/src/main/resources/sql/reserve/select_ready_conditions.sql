-- What 达标 (READY) needs of a piece, each answered: state ownership, the standard-land indicators,
-- lying in the red line (1e-5°, about 1 m, as the editing rules allow), and the area of the
-- contiguous block it makes with the READY pieces it touches (within 1 m), or alone.
WITH r AS (SELECT * FROM reserve_land WHERE id = :id),
inside AS (
  SELECT coalesce(ST_Covers(ST_Buffer(ST_Union(l.geom), 1e-5), (SELECT geom FROM r)), false) AS ok
  FROM red_line l WHERE l.geom && (SELECT geom FROM r)
),
parts AS (
  SELECT (ST_Dump(r.geom)).geom AS g, true AS own FROM r
  UNION ALL
  SELECT (ST_Dump(o.geom)).geom, false
  FROM reserve_land o, r
  WHERE o.id <> r.id AND o.stage = 'READY' AND o.geom && ST_Expand(r.geom, 1e-5) AND ST_DWithin(o.geom, r.geom, 1e-5)
),
clustered AS (
  SELECT g, own, ST_ClusterDBSCAN(g, eps := 1e-5, minpoints := 1) OVER () AS k FROM parts
),
blocks AS (
  SELECT k, sum(ST_Area(g::geography)) AS m2, bool_or(own) AS own FROM clustered GROUP BY k
)
SELECT r.ownership,
       r.investment_per_mu IS NOT NULL AS has_investment,
       r.tax_per_mu IS NOT NULL AS has_tax,
       r.plot_ratio_min IS NOT NULL AS has_plot_ratio,
       r.energy_per_10k_cny_tce IS NOT NULL AS has_energy,
       r.environmental_terms IS NOT NULL AS has_environmental_terms,
       (SELECT ok FROM inside) AS in_red_line,
       (SELECT max(m2) FROM blocks WHERE own) AS block_m2
FROM r
