-- The reserve per district and stage (ellipsoidal m²), with the city's target and each district's
-- red-line minimum (its share of the target follows from it). Every district has one row per stage,
-- zero where it has none; a city without districts gives rows with null district columns.
SELECT c.reserve_target_mu AS target_mu, c.reserve_minimum_block_mu AS minimum_block_mu,
       d.code, d.name, d.name_en, d.red_line_minimum_km2,
       s.stage,
       coalesce(sum(r.area_m2), 0) AS m2,
       count(r.id) AS pieces
FROM city c
LEFT JOIN district d ON true
CROSS JOIN unnest(ARRAY['ACQUIRED', 'PREPARING', 'READY', 'SUPPLIED', 'STARTED']) AS s(stage)
LEFT JOIN reserve_land r ON r.district_code = d.code AND r.stage = s.stage
GROUP BY c.code, d.code, s.stage
ORDER BY d.code, reserve_stage_rank(s.stage)
