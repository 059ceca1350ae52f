-- Inflow and outflow of the ready reserve per month, from the ledger: pieces acquired, pieces that
-- became READY (inflow), pieces that left READY (outflow: supplied, or sent back to preparation),
-- pieces supplied and started. Areas are the pieces' ellipsoidal areas now. The months run from
-- :from (first of a month) to the current month, empty months included.
WITH months AS (
  SELECT generate_series(CAST(:from AS date), date_trunc('month', CAST(:today AS date))::date, interval '1 month')::date AS month
), ledger AS (
  -- the stage each row left, from the piece's previous row (rows brought in by the demo city or an
  -- import have no previous_stage of their own)
  SELECT l.reserve_land_id, l.entered_on, l.stage,
         lag(l.stage) OVER (PARTITION BY l.reserve_land_id ORDER BY l.entered_on, l.id) AS previous_stage
  FROM reserve_land_stage l
), events AS (
  SELECT date_trunc('month', l.entered_on)::date AS month, l.stage, l.previous_stage, r.area_m2
  FROM ledger l
  JOIN reserve_land r ON r.id = l.reserve_land_id
  WHERE l.entered_on >= CAST(:from AS date)
)
SELECT m.month,
       coalesce(sum(e.area_m2) FILTER (WHERE e.stage = 'ACQUIRED'), 0) AS acquired_m2,
       coalesce(sum(e.area_m2) FILTER (WHERE e.stage = 'READY'), 0) AS ready_in_m2,
       coalesce(sum(e.area_m2) FILTER (WHERE e.previous_stage = 'READY'), 0) AS ready_out_m2,
       coalesce(sum(e.area_m2) FILTER (WHERE e.stage = 'SUPPLIED'), 0) AS supplied_m2,
       coalesce(sum(e.area_m2) FILTER (WHERE e.stage = 'STARTED'), 0) AS started_m2,
       count(*) FILTER (WHERE e.stage = 'READY') AS ready_in,
       count(*) FILTER (WHERE e.previous_stage = 'READY') AS ready_out
FROM months m
LEFT JOIN events e ON e.month = m.month
GROUP BY m.month
ORDER BY m.month
