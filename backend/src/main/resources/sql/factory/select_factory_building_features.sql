-- The factory_building layer's features: id (its key), geom (EPSG:4490) and properties (a JSON object as
-- text, names joined in), and beside it the layer's queryables as columns (OGC filters name
-- them; PostgreSQL pushes conditions on them down to the table). Identify (/api/features) and OGC
-- API Features filter and page it.
SELECT f.id, f.geom,
       f.code, f.name, f.developer, f.stage, f.stage_since, f.parcel_id, p.district_code,
       f.floor_area_m2, f.version, f.updated_at,
       json_build_object(
         'code', f.code, 'name', f.name, 'developer', f.developer, 'stage', f.stage,
         'stageSince', f.stage_since, 'parcelId', p.id, 'parcelCode', p.code,
         'district', p.district_code, 'districtName', d.name, 'districtNameEn', d.name_en,
         'town', p.town_code, 'townName', t.name, 'townNameEn', t.name_en,
         'floorAreaM2', f.floor_area_m2,
         'soldAreaM2', f.sold_area_m2, 'leasedAreaM2', f.leased_area_m2,
         'salePriceCnyM2', f.sale_price_cny_m2, 'rentCnyM2Month', f.rent_cny_m2_month,
         'version', f.version, 'updatedAt', f.updated_at)::text AS properties
FROM factory_building f
JOIN parcel p ON p.id = f.parcel_id
JOIN district d ON d.code = p.district_code
LEFT JOIN town t ON t.code = p.town_code
