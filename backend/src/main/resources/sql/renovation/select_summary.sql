-- Renovation of a year per district: the year's plans (targets), their parks (planned, done), and
-- 以增定改 — the land area of the plans' parks against the industrial land supplied (parcels granted)
-- in the district that year, and the floor area the parks demolished against the new industrial floor
-- area (built in the parks kept for industry, 工改工, and on the parcels granted that year). Areas
-- ellipsoidal, m².
WITH targets AS (
  SELECT district_code, count(*) AS plans, sum(target_demolish_mu) AS target_demolish_mu,
         sum(target_floor_area_m2) AS target_floor_area_m2
  FROM renovation_plan WHERE year = :year GROUP BY district_code
), parks AS (
  SELECT pp.district_code,
         count(*) AS planned_parks,
         sum(v.area_m2) AS renovation_m2,
         count(*) FILTER (WHERE v.status IN ('COMPLETED', 'PRODUCTION')) AS done_parks,
         coalesce(sum(v.demolished_area_m2), 0) AS demolished_m2,
         coalesce(sum(v.new_floor_area_m2), 0) AS built_m2,
         coalesce(sum(v.new_floor_area_m2) FILTER (WHERE v.target_use = 'INDUSTRIAL'), 0) AS industrial_built_m2,
         coalesce(sum(v.area_m2) FILTER (WHERE v.target_use = 'INDUSTRIAL'), 0) AS industrial_m2,
         coalesce(sum(v.area_m2) FILTER (WHERE v.target_use <> 'INDUSTRIAL'), 0) AS converted_m2,
         count(*) FILTER (WHERE v.status = 'PLANNED') AS s_planned,
         count(*) FILTER (WHERE v.status = 'DEMOLITION') AS s_demolition,
         count(*) FILTER (WHERE v.status = 'CONSTRUCTION') AS s_construction,
         count(*) FILTER (WHERE v.status = 'COMPLETED') AS s_completed,
         count(*) FILTER (WHERE v.status = 'PRODUCTION') AS s_production,
         count(*) FILTER (WHERE v.status = 'NOT_PLANNED') AS s_not_planned,
         count(*) FILTER (WHERE v.modern_park) AS modern_parks
  FROM renovation_plan_park pp
  JOIN village_park v ON v.id = pp.village_park_id
  WHERE pp.year = :year
  GROUP BY pp.district_code
), supplied AS (
  -- kept by the database per district and year of grant (parcel_supply, V27)
  SELECT district_code, parcels, area_m2::float8 AS m2, floor_area_m2::float8 AS floor_m2
  FROM parcel_supply
  WHERE year = :year
)
SELECT d.code, d.name, d.name_en,
       coalesce(t.plans, 0) AS plans,
       coalesce(t.target_demolish_mu, 0)::float8 AS target_demolish_mu,
       coalesce(t.target_floor_area_m2, 0)::float8 AS target_floor_area_m2,
       coalesce(p.planned_parks, 0) AS planned_parks,
       coalesce(p.done_parks, 0) AS done_parks,
       coalesce(p.demolished_m2, 0)::float8 AS demolished_m2,
       coalesce(p.built_m2, 0)::float8 AS built_m2,
       coalesce(p.industrial_built_m2, 0)::float8 AS industrial_built_m2,
       coalesce(p.industrial_m2, 0) AS industrial_m2,
       coalesce(p.converted_m2, 0) AS converted_m2,
       coalesce(s.floor_m2, 0)::float8 AS supplied_floor_m2,
       coalesce(p.renovation_m2, 0) AS renovation_m2,
       coalesce(p.modern_parks, 0) AS modern_parks,
       coalesce(s.parcels, 0) AS supplied_parcels,
       coalesce(s.m2, 0) AS supplied_m2,
       coalesce(p.s_not_planned, 0) AS s_not_planned, coalesce(p.s_planned, 0) AS s_planned,
       coalesce(p.s_demolition, 0) AS s_demolition, coalesce(p.s_construction, 0) AS s_construction,
       coalesce(p.s_completed, 0) AS s_completed, coalesce(p.s_production, 0) AS s_production
FROM district d
LEFT JOIN targets t ON t.district_code = d.code
LEFT JOIN parks p ON p.district_code = d.code
LEFT JOIN supplied s ON s.district_code = d.code
ORDER BY d.code
