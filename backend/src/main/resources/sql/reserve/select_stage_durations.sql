-- Time spent in each stage, from the ledger: a stay runs from a piece's ledger row to its next row
-- (finished stays) or to today (the stage it is in now). STARTED is where a piece ends: no stay.
-- Pieces whose ledger starts later than ACQUIRED (brought in mid-way) count from their first row.
WITH stays AS (
  SELECT l.stage,
         lead(l.entered_on) OVER (PARTITION BY l.reserve_land_id ORDER BY l.entered_on, l.id) AS left_on,
         l.entered_on
  FROM reserve_land_stage l
), days AS (
  SELECT stage, coalesce(left_on, CAST(:today AS date)) - entered_on AS days, left_on IS NOT NULL AS finished
  FROM stays
  WHERE stage <> 'STARTED'
)
SELECT s.stage,
       count(d.days) FILTER (WHERE d.finished) AS finished,
       count(d.days) FILTER (WHERE NOT d.finished) AS current,
       percentile_cont(0.5) WITHIN GROUP (ORDER BY d.days) FILTER (WHERE d.finished) AS median_days,
       avg(d.days) FILTER (WHERE d.finished) AS mean_days,
       percentile_cont(0.5) WITHIN GROUP (ORDER BY d.days) FILTER (WHERE NOT d.finished) AS median_current_days
FROM unnest(ARRAY['ACQUIRED', 'PREPARING', 'READY', 'SUPPLIED']) AS s(stage)
LEFT JOIN days d ON d.stage = s.stage
GROUP BY s.stage
ORDER BY reserve_stage_rank(s.stage)
