SELECT id, unit_no, floor_area_m2::float8 AS floor_area_m2, deal, occupant, occupant_industrial, industry_code,
       price_cny_m2::float8 AS price_cny_m2, rent_cny_m2_month::float8 AS rent_cny_m2_month, deal_on, version
FROM factory_unit
WHERE factory_building_id = :id
ORDER BY unit_no
