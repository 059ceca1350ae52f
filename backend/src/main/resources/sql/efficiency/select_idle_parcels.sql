-- Idle land 闲置土地 on :as_of, as the 2012 order defines it (V33 idle_clause): clause NOT_STARTED, the
-- parcels whose works had not started one full year after the agreed date (found by the agreement's
-- date index), and clause STOPPED, the started parcels whose latest progress report of :as_of's year
-- or before has works stopped one full year under one third developed or 25% invested (found by the
-- stop-date index). Filtered by district and clause, in parcel-code order, paged; each with its full
-- years idle, the disposal the years call for, the 20% fee, its open or latest case and a point on it
-- (for "show on map").
WITH candidates AS (
  SELECT p.id
  FROM supervision_agreement sa
  JOIN parcel p ON p.id = sa.parcel_id
  WHERE sa.start_works_by <= CAST(:as_of AS date) - interval '1 year'
    AND (p.works_started_on IS NULL OR p.works_started_on > :as_of)
    AND (CAST(:clause AS text) IS NULL OR :clause = 'NOT_STARTED')
  UNION
  SELECT r.parcel_id
  FROM parcel_progress r
  WHERE r.works_stopped_on <= CAST(:as_of AS date) - interval '1 year'
    AND r.year <= extract(year FROM CAST(:as_of AS date))
    AND (CAST(:clause AS text) IS NULL OR :clause = 'STOPPED')
), idle AS (
  SELECT p.id, p.code, p.district_code, p.area_m2, p.works_started_on, sa.contract_number, sa.start_works_by,
         sa.grant_price_10k_cny, pg.year AS progress_year, pg.developed_area_m2, pg.invested_10k_cny,
         pg.works_stopped_on, t.total_investment,
         idle_clause(sa.start_works_by, p.works_started_on, p.area_m2, pg.developed_area_m2, t.total_investment,
                     pg.invested_10k_cny, pg.works_stopped_on, :as_of) AS clause
  FROM candidates c
  JOIN parcel p ON p.id = c.id
  JOIN supervision_agreement sa ON sa.parcel_id = p.id
  CROSS JOIN LATERAL (SELECT coalesce(sa.total_investment_10k_cny,
                                      sa.investment_per_mu * p.area_m2::numeric * 15 / 10000) AS total_investment) t
  LEFT JOIN LATERAL (SELECT * FROM parcel_progress r
                     WHERE r.parcel_id = p.id AND r.year <= extract(year FROM CAST(:as_of AS date))
                     ORDER BY r.year DESC LIMIT 1) pg ON true
  WHERE (CAST(:district AS text) IS NULL OR p.district_code = :district)
), listed AS (
  SELECT i.*, CASE i.clause WHEN 'NOT_STARTED' THEN i.start_works_by ELSE i.works_stopped_on END AS since
  FROM idle i
  WHERE i.clause IS NOT NULL AND (CAST(:clause AS text) IS NULL OR i.clause = :clause)
)
SELECT l.id, l.code, l.district_code, d.name AS district_name, l.clause, l.since,
       idle_years(l.since, :as_of) AS years, l.area_m2, l.contract_number, l.start_works_by,
       l.works_started_on, l.progress_year, l.developed_area_m2, l.invested_10k_cny, l.works_stopped_on,
       round(l.total_investment, 2) AS total_investment_10k_cny, l.grant_price_10k_cny,
       CASE WHEN idle_years(l.since, :as_of) >= 2 THEN 'TAKE_BACK' ELSE 'FEE' END AS disposal,
       round(l.grant_price_10k_cny * 0.2, 2) AS fee_10k_cny,
       c.id AS case_id, c.status AS case_status, c.cause AS case_cause,
       ST_Y(ST_PointOnSurface(g.geom)) AS lat, ST_X(ST_PointOnSurface(g.geom)) AS lon,
       count(*) OVER () AS total
FROM listed l
JOIN district d ON d.code = l.district_code
JOIN parcel g ON g.id = l.id
LEFT JOIN LATERAL (SELECT * FROM idle_land_case k WHERE k.parcel_id = l.id ORDER BY k.id DESC LIMIT 1) c ON true
ORDER BY l.code
LIMIT :limit OFFSET :offset
