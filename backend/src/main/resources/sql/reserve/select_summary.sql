-- The reserve per district and stage (ellipsoidal m²), with the city's target, each district's
-- red-line minimum and the share the bureau set for it (V65; null when none is set: the share then
-- follows from the minimums). Every district has one row per stage, zero where it has none; a city
-- without districts gives rows with null district columns.
SELECT c.reserve_target_mu AS target_mu, c.reserve_minimum_block_mu AS minimum_block_mu,
       d.code, d.name, d.name_en, d.red_line_minimum_km2, rs.share_mu AS set_share_mu,
       s.stage,
       coalesce(sum(r.area_m2), 0) AS m2,
       count(r.id) AS pieces
FROM city c
LEFT JOIN district d ON true
CROSS JOIN unnest(ARRAY['ACQUIRED', 'PREPARING', 'READY', 'SUPPLIED', 'STARTED']) AS s(stage)
LEFT JOIN reserve_share rs ON rs.district_code = d.code
LEFT JOIN reserve_land r ON r.district_code = d.code AND r.stage = s.stage
GROUP BY c.code, d.code, rs.share_mu, s.stage
ORDER BY d.code, reserve_stage_rank(s.stage)
