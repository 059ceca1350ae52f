-- The compliance check 履约核查 of every supervision agreement signed by :checked_on (the end of :year,
-- or today for the current year). A milestone (动工, 竣工, 投产) is late by (done − due) days when done
-- after its due date, or by (:checked_on − due) days when not done by :checked_on and due before it; done
-- on the due date is not late. A milestone done after :checked_on counts as not done then. IDLE: works
-- not started by :checked_on more than :grace_days after start_works_by (闲置土地). The per-mu targets
-- are checked once production is due (start_production_by ≤ :checked_on): against the parcel's figures
-- of the year, or 0 when none of its holders reported and the parcel is not producing; a parcel in
-- production without a report is MISSING_DATA, never ok. One row per agreement with anything to say.
WITH a AS (
  SELECT sa.id AS agreement_id, sa.start_works_by, sa.complete_by, sa.start_production_by,
         sa.tax_per_mu AS t_tax, sa.output_per_mu AS t_output, sa.investment_per_mu AS t_investment,
         p.id AS parcel_id, p.district_code, p.cluster_id,
         CASE WHEN p.works_started_on <= :checked_on THEN p.works_started_on END AS started,
         CASE WHEN p.completed_on <= :checked_on THEN p.completed_on END AS completed,
         CASE WHEN p.production_started_on <= :checked_on THEN p.production_started_on END AS producing
  FROM supervision_agreement sa
  JOIN parcel p ON p.id = sa.parcel_id
  WHERE sa.signed_on <= :checked_on
), late AS (
  SELECT a.*,
         nullif(greatest(coalesce(started, CAST(:checked_on AS date)) - start_works_by, 0), 0) AS d_start,
         nullif(greatest(coalesce(completed, CAST(:checked_on AS date)) - complete_by, 0), 0) AS d_completion,
         nullif(greatest(coalesce(producing, CAST(:checked_on AS date)) - start_production_by, 0), 0) AS d_production,
         start_production_by <= :checked_on AS targets_due,
         pe.parcel_id IS NOT NULL AS reported,
         CASE WHEN pe.parcel_id IS NOT NULL THEN pe.tax_per_mu WHEN a.producing IS NULL THEN 0 END AS tax,
         CASE WHEN pe.parcel_id IS NOT NULL THEN pe.output_per_mu WHEN a.producing IS NULL THEN 0 END AS output,
         CASE WHEN pe.parcel_id IS NOT NULL THEN pe.investment_per_mu WHEN a.producing IS NULL THEN 0 END AS investment
  FROM a
  LEFT JOIN parcel_efficiency pe ON pe.year = :year AND pe.parcel_id = a.parcel_id
), checked AS (
  SELECT l.*,
         (SELECT coalesce(jsonb_agg(jsonb_build_object(
                   'indicator', s.indicator, 'target', s.target, 'actual', round(s.actual::numeric, 2),
                   'amount', round((s.target - s.actual)::numeric, 2),
                   'percent', round(((s.target - s.actual) / s.target * 100)::numeric, 1)) ORDER BY s.n), '[]')
          FROM (VALUES (1, 'taxPerMu', l.t_tax::float8, l.tax), (2, 'outputPerMu', l.t_output::float8, l.output),
                       (3, 'investmentPerMu', l.t_investment::float8, l.investment)) s(n, indicator, target, actual)
          WHERE l.targets_due AND s.target > 0 AND s.actual < s.target) AS shortfalls,
         array_remove(ARRAY[
           CASE WHEN d_start IS NOT NULL THEN 'LATE_START' END,
           CASE WHEN d_completion IS NOT NULL THEN 'LATE_COMPLETION' END,
           CASE WHEN d_production IS NOT NULL THEN 'LATE_PRODUCTION' END,
           CASE WHEN started IS NULL AND CAST(:checked_on AS date) - start_works_by > :grace_days THEN 'IDLE' END,
           CASE WHEN targets_due AND t_tax > 0 AND tax < t_tax THEN 'SHORTFALL_TAX' END,
           CASE WHEN targets_due AND t_output > 0 AND output < t_output THEN 'SHORTFALL_OUTPUT' END,
           CASE WHEN targets_due AND t_investment > 0 AND investment < t_investment THEN 'SHORTFALL_INVESTMENT' END,
           CASE WHEN targets_due AND NOT reported AND producing IS NOT NULL
                     AND (t_tax > 0 OR t_output > 0 OR t_investment > 0) THEN 'MISSING_DATA' END], NULL) AS kinds
  FROM late l
)
INSERT INTO parcel_breach (year, parcel_id, agreement_id, district_code, cluster_id, checked_on, kinds,
                           days_late_start, days_late_completion, days_late_production, shortfalls)
SELECT :year, parcel_id, agreement_id, district_code, cluster_id, :checked_on, kinds, d_start, d_completion,
       d_production, shortfalls
FROM checked
WHERE cardinality(kinds) > 0
