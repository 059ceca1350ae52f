-- The grades a model gives (one row per enterprise, or per parcel, of its year). Subjects whose
-- industry section the model excludes (utilities, section D), enterprises founded less than
-- minAgeYears before the year's end, and subjects missing one of the model's indicators are not
-- graded (the reason is kept). score = Σ weight × part, part by the model's method:
--   RATIO       value ÷ benchmark (the industry's benchmark when the model names one; Huangyan),
--   MINMAX      (value − min) ÷ (max − min) over the graded subjects,
--   PERCENTILE  the value's percent rank among the graded subjects (0..1).
-- Scores are rounded to 4 decimals, so that reproducing a model's grades gives the same ranks.
-- Classes: RANK_SHARE (by rank: the top share A is A, the next B, the bottom D is D, the rest C;
-- ties broken by id) or THRESHOLD (score ≥ A, ≥ B, ≥ C, else D).
WITH m AS (
  SELECT id, year, method, indicators, class_rule, exclusions FROM grading_model WHERE id = :model
), subject AS (
  SELECT ee.enterprise_id AS id, ee.industry_code, e.founded_on, ee.tax_per_mu, ee.output_per_mu,
         ee.value_added_per_mu, ee.investment_per_mu, ee.value_added_per_energy, ee.labour_productivity,
         ee.rd_share
  FROM m
  JOIN enterprise_efficiency ee ON ee.year = m.year
  JOIN enterprise e ON e.id = ee.enterprise_id
  WHERE :subject = 'enterprise'
  UNION ALL
  SELECT pe.parcel_id, pe.industry_code, NULL::date, pe.tax_per_mu, pe.output_per_mu, pe.value_added_per_mu,
         pe.investment_per_mu, pe.value_added_per_energy, pe.labour_productivity, pe.rd_share
  FROM m
  JOIN parcel_efficiency pe ON pe.year = m.year
  WHERE :subject = 'parcel'
), excluded AS (
  SELECT s.*,
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
  SELECT x.id, ind.ord, (ind.e ->> 'weight')::float8 AS weight,
         coalesce((ind.e -> 'benchmarks' ->> x.industry_code)::float8, (ind.e ->> 'benchmark')::float8) AS benchmark,
         CASE ind.e ->> 'indicator'
           WHEN 'taxPerMu' THEN x.tax_per_mu WHEN 'outputPerMu' THEN x.output_per_mu
           WHEN 'valueAddedPerMu' THEN x.value_added_per_mu WHEN 'investmentPerMu' THEN x.investment_per_mu
           WHEN 'valueAddedPerEnergy' THEN x.value_added_per_energy
           WHEN 'labourProductivity' THEN x.labour_productivity WHEN 'rdShare' THEN x.rd_share
         END AS v
  FROM excluded x
  CROSS JOIN m
  CROSS JOIN LATERAL jsonb_array_elements(m.indicators) WITH ORDINALITY AS ind(e, ord)
  WHERE x.reason IS NULL
), missing AS (
  SELECT DISTINCT id FROM vals WHERE v IS NULL
), parts AS (
  SELECT v.id,
         v.weight * CASE m.method
           WHEN 'RATIO' THEN v.v / nullif(v.benchmark, 0)
           WHEN 'MINMAX' THEN (v.v - min(v.v) OVER w) / nullif(max(v.v) OVER w - min(v.v) OVER w, 0)
           ELSE percent_rank() OVER (PARTITION BY v.ord ORDER BY v.v)
         END AS part
  FROM vals v
  CROSS JOIN m
  WHERE v.id NOT IN (SELECT id FROM missing)
  WINDOW w AS (PARTITION BY v.ord)
), scores AS (
  SELECT id, round(sum(coalesce(part, 0))::numeric, 4)::float8 AS score FROM parts GROUP BY id
), ranked AS (
  SELECT s.id, s.score, row_number() OVER (ORDER BY s.score DESC, s.id) AS rank, count(*) OVER () AS n
  FROM scores s
)
SELECT r.id, r.score, r.rank::int AS rank, NULL AS not_graded,
       CASE WHEN m.class_rule ->> 'kind' = 'THRESHOLD' THEN
              CASE WHEN r.score >= (m.class_rule ->> 'A')::float8 THEN 'A'
                   WHEN r.score >= (m.class_rule ->> 'B')::float8 THEN 'B'
                   WHEN r.score >= (m.class_rule ->> 'C')::float8 THEN 'C' ELSE 'D' END
            ELSE
              CASE WHEN r.rank <= round(r.n * (m.class_rule ->> 'A')::numeric) THEN 'A'
                   WHEN r.rank <= round(r.n * ((m.class_rule ->> 'A')::numeric + (m.class_rule ->> 'B')::numeric)) THEN 'B'
                   WHEN r.rank <= r.n - round(r.n * (m.class_rule ->> 'D')::numeric) THEN 'C' ELSE 'D' END
       END AS grade
FROM ranked r
CROSS JOIN m
UNION ALL
SELECT x.id, NULL, NULL, x.reason, NULL FROM excluded x WHERE x.reason IS NOT NULL
UNION ALL
SELECT id, NULL, NULL, 'MISSING_DATA', NULL FROM missing
