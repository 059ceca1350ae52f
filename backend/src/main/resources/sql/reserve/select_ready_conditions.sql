-- What 达标 (READY) needs of a piece, each answered: state ownership, the standard-land indicators,
-- lying in the red line (1e-5°, about 1 m, as the editing rules allow), and the contiguous block it
-- lies in (reserve_block_m2, the function the database checks with) against the city's minimum.
WITH r AS (SELECT * FROM reserve_land WHERE id = :id),
inside AS (
  SELECT coalesce(ST_Covers(ST_Buffer(ST_Union(l.geom), 1e-5), (SELECT geom FROM r)), false) AS ok
  FROM red_line l WHERE l.geom && (SELECT geom FROM r)
)
SELECT r.ownership,
       r.investment_per_mu IS NOT NULL AS has_investment,
       r.tax_per_mu IS NOT NULL AS has_tax,
       r.plot_ratio_min IS NOT NULL AS has_plot_ratio,
       r.energy_per_10k_cny_tce IS NOT NULL AS has_energy,
       r.environmental_terms IS NOT NULL AS has_environmental_terms,
       (SELECT ok FROM inside) AS in_red_line,
       reserve_block_m2(r.id, r.geom) AS block_m2,
       (SELECT reserve_minimum_block_mu FROM city) AS minimum_block_mu
FROM r
