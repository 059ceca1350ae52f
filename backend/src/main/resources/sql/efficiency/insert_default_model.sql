-- The default model of a year, as Huangyan's published scheme grades (DOMAIN.md): RATIO, each item's
-- benchmark the city's value of the year (a ratio of sums; value added per emission and tax per
-- electricity over the firms that report them; an item, or the below-scale population, is left out
-- in a year where no firm reports its figure).
--   above scale (规上): tax per mu 30, value added per mu 20, value added per energy 20, value added
--     per emission 10, labour productivity 10, R&D share 10;
--   below scale (规下): tax per mu 50, tax per electricity 50, ranked and classed among themselves;
-- an item's value ÷ benchmark counts at most 2 (one extreme ratio cannot decide a class); a missing
-- figure (no emissions reported) scores the item's average; high-tech firms +5, 专精特新 +3, a
-- banned industry or a serious incident a forced D; A the top 20 %, B the next 40 %, D the bottom
-- 5 % of each population; a negative tax (refunds) counts as 0 (negativeTax ZERO); utilities (section D) and enterprises under two years not graded (T).
-- Tax per mu alone (benchmark 1) for a year without the city's figures.
WITH base AS (
  SELECT u.tax_per_mu, u.value_added_per_mu, u.value_added_per_energy, u.labour_productivity, u.rd_share,
         r.value_added_per_emission, r.tax_per_electricity
  FROM unit_efficiency u
  CROSS JOIN (SELECT sum(value_added) FILTER (WHERE emissions IS NOT NULL)
                       / nullif(sum(emissions), 0) AS value_added_per_emission,
                     sum(tax) FILTER (WHERE electricity IS NOT NULL)
                       / nullif(sum(electricity), 0) AS tax_per_electricity
              FROM enterprise_efficiency WHERE year = :year) r
  WHERE u.year = :year AND u.level = 'city'
)
INSERT INTO grading_model (year, version, name, method, indicators, class_rule, exclusions, options, created_by)
SELECT :year, coalesce((SELECT max(version) FROM grading_model WHERE year = :year), 0) + 1,
       '默认模型（黄岩法：规上六项、规下两项）default model', 'RATIO',
       jsonb_build_array(
         jsonb_build_object('indicator', 'taxPerMu', 'weight', 30, 'benchmark', round(u.tax_per_mu::numeric, 2)),
         jsonb_build_object('indicator', 'valueAddedPerMu', 'weight', 20, 'benchmark', round(u.value_added_per_mu::numeric, 2)),
         jsonb_build_object('indicator', 'valueAddedPerEnergy', 'weight', 20, 'benchmark', round(u.value_added_per_energy::numeric, 2)),
         jsonb_build_object('indicator', 'labourProductivity', 'weight', 10, 'benchmark', round(u.labour_productivity::numeric, 2)),
         jsonb_build_object('indicator', 'rdShare', 'weight', 10, 'benchmark', round(u.rd_share::numeric, 4)))
       || CASE WHEN u.value_added_per_emission > 0 THEN jsonb_build_array(
         jsonb_build_object('indicator', 'valueAddedPerEmission', 'weight', 10, 'benchmark', round(u.value_added_per_emission::numeric, 2)))
          ELSE '[]' END,
       '{"kind": "RANK_SHARE", "A": 0.2, "B": 0.4, "D": 0.05}'::jsonb,
       '{"industrySections": ["D"], "minAgeYears": 2}'::jsonb,
       jsonb_strip_nulls(jsonb_build_object(
         'belowScale', CASE WHEN u.tax_per_electricity > 0 THEN jsonb_build_object('indicators', jsonb_build_array(
           jsonb_build_object('indicator', 'taxPerMu', 'weight', 50, 'benchmark', round(u.tax_per_mu::numeric, 2)),
           jsonb_build_object('indicator', 'taxPerElectricity', 'weight', 50, 'benchmark', round(u.tax_per_electricity::numeric, 2)))) END,
         'missing', 'AVERAGE', 'cap', 2, 'negativeTax', 'ZERO',
         'adjustments', '{"HIGH_TECH": 5, "SPECIALIZED": 3, "BANNED_INDUSTRY": "D", "SERIOUS_INCIDENT": "D"}'::jsonb)),
       :actor
FROM base u
UNION ALL
SELECT :year, coalesce((SELECT max(version) FROM grading_model WHERE year = :year), 0) + 1,
       '默认模型 default model', 'RATIO', '[{"indicator": "taxPerMu", "weight": 100, "benchmark": 1}]'::jsonb,
       '{"kind": "RANK_SHARE", "A": 0.2, "B": 0.4, "D": 0.05}'::jsonb,
       '{"industrySections": ["D"], "minAgeYears": 2}'::jsonb, '{"negativeTax": "ZERO"}'::jsonb, :actor
WHERE NOT EXISTS (SELECT 1 FROM base)
RETURNING id
