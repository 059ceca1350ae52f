-- The grades a model gives (one row per enterprise, or per parcel, of its year). Subjects whose
-- industry section the model excludes (utilities, section D), enterprises founded less than
-- minAgeYears before the year's end, and — unless the model's missing-data rule is AVERAGE —
-- subjects missing one of their indicators are not graded (the reason is kept: class T).
--
-- Populations: with options.belowScale, enterprises below scale (规下, enterprise.above_scale false)
-- are scored on belowScale.indicators and ranked and classed among themselves (BELOW_SCALE), the
-- others on the model's indicators (ABOVE_SCALE); without it every subject is in ALL (parcels
-- always are). score = Σ weight × part + bonus, part by the model's method:
--   RATIO       value ÷ benchmark (the industry's benchmark when the model names one; Huangyan),
--               at most options.cap when the model sets a ceiling per item,
--   MINMAX      (value − min) ÷ (max − min) over the population's graded subjects,
--   PERCENTILE  the value's percent rank among the population's graded subjects (0..1);
-- with options.missing = AVERAGE, a missing value's part is the average part of that item in the
-- population (a firm with no emissions figure gets the average score for that item).
-- options.adjustments (enterprises, from the designations of the year standing when the model was
-- made, so that a past model reproduces whatever was recorded since): a number adds bonus
-- (or, negative, deduction) points to the score; "D" forces the class D whatever the rank.
-- Scores are rounded to 4 decimals, so that reproducing a model's grades gives the same ranks.
-- Negative tax (refunds 退税 above the year's payments, e.g. VAT credit refunds 增值税留抵退税): with
-- options.negativeTax = ZERO (every model made since issue 15/16; the import's data check flags the
-- firms) tax per mu and tax per electricity below 0 count as 0 — the firm paid no net tax, it is not
-- ranked below one that paid nothing, and one refund cannot stretch a MINMAX scale for everyone;
-- AS_IS (or absent: models made before) takes the value as it is, so that those reproduce.
-- Classes: RANK_SHARE (by rank within the population: the top share A is A, the next B, the bottom
-- D is D, the rest C; ties broken by id) or THRESHOLD (score ≥ A, ≥ B, ≥ C, else D).
-- A model without options grades exactly as before V30.
WITH m AS (
  SELECT id, year, method, indicators, class_rule, exclusions, options, created_at,
         coalesce(options ->> 'missing', 'NOT_GRADED') AS missing_rule,
         (options ->> 'cap')::float8 AS cap,
         coalesce(options ->> 'negativeTax', 'AS_IS') = 'ZERO' AS tax_floor
  FROM grading_model WHERE id = :model
), subject AS (
  SELECT ee.enterprise_id AS id, ee.industry_code, e.founded_on, e.above_scale, ee.tax_per_mu,
         ee.output_per_mu, ee.value_added_per_mu, ee.investment_per_mu, ee.value_added_per_energy,
         ee.labour_productivity, ee.rd_share, ee.value_added_per_emission, ee.tax_per_electricity
  FROM m
  JOIN enterprise_efficiency ee ON ee.year = m.year
  JOIN enterprise e ON e.id = ee.enterprise_id
  WHERE :subject = 'enterprise'
  UNION ALL
  SELECT pe.parcel_id, pe.industry_code, NULL::date, NULL::boolean, pe.tax_per_mu, pe.output_per_mu,
         pe.value_added_per_mu, pe.investment_per_mu, pe.value_added_per_energy, pe.labour_productivity,
         pe.rd_share, pe.value_added_per_emission, pe.tax_per_electricity
  FROM m
  JOIN parcel_efficiency pe ON pe.year = m.year
  WHERE :subject = 'parcel'
), excluded AS (
  SELECT s.*,
         CASE WHEN m.options -> 'belowScale' IS NULL OR s.above_scale IS NULL THEN 'ALL'
              WHEN s.above_scale THEN 'ABOVE_SCALE' ELSE 'BELOW_SCALE' END AS population,
         CASE WHEN i.section IN (SELECT jsonb_array_elements_text(coalesce(m.exclusions -> 'industrySections', '[]')))
                THEN 'EXCLUDED_INDUSTRY'
              WHEN s.founded_on > make_date(m.year, 12, 31)
                                  - make_interval(years => coalesce((m.exclusions ->> 'minAgeYears')::int, 0))
                THEN 'YOUNG_ENTERPRISE'
         END AS reason
  FROM subject s
  CROSS JOIN m
  LEFT JOIN industry i ON i.code = s.industry_code
), vals AS (
  SELECT x.id, x.population, ind.ord, (ind.e ->> 'weight')::float8 AS weight,
         coalesce((ind.e -> 'benchmarks' ->> x.industry_code)::float8, (ind.e ->> 'benchmark')::float8) AS benchmark,
         CASE ind.e ->> 'indicator'
           WHEN 'taxPerMu' THEN CASE WHEN m.tax_floor AND x.tax_per_mu < 0 THEN 0 ELSE x.tax_per_mu END
           WHEN 'outputPerMu' THEN x.output_per_mu
           WHEN 'valueAddedPerMu' THEN x.value_added_per_mu WHEN 'investmentPerMu' THEN x.investment_per_mu
           WHEN 'valueAddedPerEnergy' THEN x.value_added_per_energy
           WHEN 'labourProductivity' THEN x.labour_productivity WHEN 'rdShare' THEN x.rd_share
           WHEN 'valueAddedPerEmission' THEN x.value_added_per_emission
           WHEN 'taxPerElectricity' THEN CASE WHEN m.tax_floor AND x.tax_per_electricity < 0 THEN 0
                                              ELSE x.tax_per_electricity END
         END AS v
  FROM excluded x
  CROSS JOIN m
  CROSS JOIN LATERAL jsonb_array_elements(CASE WHEN x.population = 'BELOW_SCALE'
                                               THEN m.options -> 'belowScale' -> 'indicators'
                                               ELSE m.indicators END) WITH ORDINALITY AS ind(e, ord)
  WHERE x.reason IS NULL
), missing AS (
  SELECT DISTINCT v.id FROM vals v CROSS JOIN m WHERE v.v IS NULL AND m.missing_rule = 'NOT_GRADED'
), parts AS (
  SELECT v.id, v.population, v.ord, v.v IS NULL AS absent,
         v.weight * CASE m.method
           WHEN 'RATIO' THEN CASE WHEN m.cap IS NULL THEN v.v / nullif(v.benchmark, 0)
                                  ELSE least(v.v / nullif(v.benchmark, 0), m.cap) END
           WHEN 'MINMAX' THEN (v.v - min(v.v) OVER w) / nullif(max(v.v) OVER w - min(v.v) OVER w, 0)
           ELSE CASE WHEN v.v IS NOT NULL
                     THEN percent_rank() OVER (PARTITION BY v.population, v.ord, v.v IS NULL ORDER BY v.v) END
         END AS part
  FROM vals v
  CROSS JOIN m
  WHERE v.id NOT IN (SELECT id FROM missing)
  WINDOW w AS (PARTITION BY v.population, v.ord)
), filled AS (
  SELECT id, population,
         CASE WHEN absent THEN avg(part) OVER (PARTITION BY population, ord) ELSE part END AS part
  FROM parts
), adjusted AS (
  SELECT d.enterprise_id AS id,
         sum(CASE WHEN jsonb_typeof(m.options -> 'adjustments' -> d.kind) = 'number'
                  THEN (m.options -> 'adjustments' ->> d.kind)::float8 ELSE 0 END) AS bonus,
         bool_or(m.options -> 'adjustments' ->> d.kind = 'D') AS forced_d,
         string_agg(d.kind, ',' ORDER BY d.kind) AS kinds
  FROM m
  JOIN enterprise_designation d ON d.year = m.year AND m.options -> 'adjustments' -> d.kind IS NOT NULL
   AND d.recorded_at <= m.created_at AND (d.revoked_at IS NULL OR d.revoked_at > m.created_at)
  WHERE :subject = 'enterprise'
  GROUP BY d.enterprise_id
), scores AS (
  SELECT f.id, f.population,
         round((sum(coalesce(f.part, 0)) + coalesce(min(a.bonus), 0))::numeric, 4)::float8 AS score,
         coalesce(bool_or(a.forced_d), false) AS forced_d, min(a.kinds) AS adjustments
  FROM filled f
  LEFT JOIN adjusted a ON a.id = f.id
  GROUP BY f.id, f.population
), ranked AS (
  SELECT s.*, row_number() OVER (PARTITION BY s.population ORDER BY s.score DESC, s.id) AS rank,
         count(*) OVER (PARTITION BY s.population) AS n
  FROM scores s
)
SELECT r.id, r.score, r.rank::int AS rank, NULL AS not_graded,
       CASE WHEN r.forced_d THEN 'D'
            WHEN m.class_rule ->> 'kind' = 'THRESHOLD' THEN
              CASE WHEN r.score >= (m.class_rule ->> 'A')::float8 THEN 'A'
                   WHEN r.score >= (m.class_rule ->> 'B')::float8 THEN 'B'
                   WHEN r.score >= (m.class_rule ->> 'C')::float8 THEN 'C' ELSE 'D' END
            ELSE
              CASE WHEN r.rank <= round(r.n * (m.class_rule ->> 'A')::numeric) THEN 'A'
                   WHEN r.rank <= round(r.n * ((m.class_rule ->> 'A')::numeric + (m.class_rule ->> 'B')::numeric)) THEN 'B'
                   WHEN r.rank <= r.n - round(r.n * (m.class_rule ->> 'D')::numeric) THEN 'C' ELSE 'D' END
       END AS grade,
       r.population, r.adjustments
FROM ranked r
CROSS JOIN m
UNION ALL
SELECT x.id, NULL, NULL, x.reason, NULL, x.population, NULL FROM excluded x WHERE x.reason IS NOT NULL
UNION ALL
SELECT ms.id, NULL, NULL, 'MISSING_DATA', NULL, x.population, NULL
FROM missing ms JOIN excluded x ON x.id = ms.id
