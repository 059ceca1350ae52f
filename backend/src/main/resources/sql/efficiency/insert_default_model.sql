-- The demo's default model of a year (RATIO): weights 30/20/20/10/10/10 over tax, value added and
-- output per mu, labour productivity, value added per energy and R&D share, each benchmarked at the
-- city's value of the year (tax per mu alone, benchmark 1, for a year without the city's figures);
-- A the top 20 %, B the next 40 %, D the bottom 5 %; utilities (section D) and enterprises under two
-- years not graded.
INSERT INTO grading_model (year, version, name, method, indicators, class_rule, exclusions, created_by)
SELECT :year, coalesce((SELECT max(version) FROM grading_model WHERE year = :year), 0) + 1,
       '默认模型 default model', 'RATIO',
       jsonb_build_array(
         jsonb_build_object('indicator', 'taxPerMu', 'weight', 30, 'benchmark', round(u.tax_per_mu::numeric, 2)),
         jsonb_build_object('indicator', 'valueAddedPerMu', 'weight', 20, 'benchmark', round(u.value_added_per_mu::numeric, 2)),
         jsonb_build_object('indicator', 'labourProductivity', 'weight', 20, 'benchmark', round(u.labour_productivity::numeric, 2)),
         jsonb_build_object('indicator', 'valueAddedPerEnergy', 'weight', 10, 'benchmark', round(u.value_added_per_energy::numeric, 2)),
         jsonb_build_object('indicator', 'outputPerMu', 'weight', 10, 'benchmark', round(u.output_per_mu::numeric, 2)),
         jsonb_build_object('indicator', 'rdShare', 'weight', 10, 'benchmark', round(u.rd_share::numeric, 4))),
       '{"kind": "RANK_SHARE", "A": 0.2, "B": 0.4, "D": 0.05}'::jsonb,
       '{"industrySections": ["D"], "minAgeYears": 2}'::jsonb, :actor
FROM unit_efficiency u WHERE u.year = :year AND u.level = 'city'
UNION ALL
SELECT :year, coalesce((SELECT max(version) FROM grading_model WHERE year = :year), 0) + 1,
       '默认模型 default model', 'RATIO', '[{"indicator": "taxPerMu", "weight": 100, "benchmark": 1}]'::jsonb,
       '{"kind": "RANK_SHARE", "A": 0.2, "B": 0.4, "D": 0.05}'::jsonb,
       '{"industrySections": ["D"], "minAgeYears": 2}'::jsonb, :actor
WHERE NOT EXISTS (SELECT 1 FROM unit_efficiency WHERE year = :year AND level = 'city')
RETURNING id
