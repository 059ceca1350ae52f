-- A factory building with its district (from its parcel), for reads and the role check.
SELECT f.id, f.code, f.name, f.developer, f.stage, f.stage_since, f.floor_area_m2::float8 AS floor_area_m2,
       f.sold_area_m2::float8 AS sold_area_m2, f.leased_area_m2::float8 AS leased_area_m2,
       f.sale_price_cny_m2::float8 AS sale_price_cny_m2, f.rent_cny_m2_month::float8 AS rent_cny_m2_month,
       f.parcel_id, p.code AS parcel_code, p.district_code, f.version, f.updated_at
FROM factory_building f
JOIN parcel p ON p.id = f.parcel_id
WHERE f.id = :id
