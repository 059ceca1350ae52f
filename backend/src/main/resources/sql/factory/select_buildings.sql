-- A page of the commercial factory buildings, optionally of one district and one stage, ordered by
-- district and code, each with its district's name, its number of units, and its district's medians
-- of sale prices (CNY/m²) and rents (CNY/m²/month): the observations the alerts compare against
-- (the buildings' asking prices and their units' deals, select_alerts.sql), over every building of
-- the district whatever the stage asked for, kept in factory_median (V55). District from
-- factory_building_context (V27).
WITH scope AS (
  SELECT f.id, c.district_code
  FROM factory_building f
  JOIN factory_building_context c ON c.factory_building_id = f.id
  WHERE CAST(:district AS text) IS NULL OR c.district_code = :district
), median AS (
  -- the district's medians, kept by the database from the buildings and units (V55)
  SELECT district_code,
         max(median) FILTER (WHERE kind = 'SALE') AS sale,
         max(median) FILTER (WHERE kind = 'RENT') AS rent
  FROM factory_median GROUP BY district_code
), page AS (
  SELECT f.id, f.code, f.name, f.developer, f.stage, f.stage_since, s.district_code,
         f.floor_area_m2::float8 AS floor_area_m2, f.sold_area_m2::float8 AS sold_area_m2,
         f.leased_area_m2::float8 AS leased_area_m2, f.sale_price_cny_m2::float8 AS sale_price_cny_m2,
         f.rent_cny_m2_month::float8 AS rent_cny_m2_month, f.version
  FROM scope s JOIN factory_building f ON f.id = s.id
  WHERE CAST(:stage AS text) IS NULL OR f.stage = :stage
  ORDER BY s.district_code, f.code
  LIMIT :limit OFFSET :offset
)
SELECT p.*, d.name AS district_name, m.sale AS median_sale, m.rent AS median_rent,
       (SELECT count(*) FROM factory_unit u WHERE u.factory_building_id = p.id) AS units
FROM page p
JOIN district d ON d.code = p.district_code
LEFT JOIN median m ON m.district_code = p.district_code
ORDER BY p.district_code, p.code
