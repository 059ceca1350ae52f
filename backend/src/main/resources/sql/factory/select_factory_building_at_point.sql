SELECT f.id::text AS id,
       json_build_object(
         'code', f.code, 'name', f.name, 'developer', f.developer, 'stage', f.stage,
         'stageSince', f.stage_since, 'floorAreaM2', f.floor_area_m2,
         'soldAreaM2', f.sold_area_m2, 'leasedAreaM2', f.leased_area_m2,
         'salePriceCnyM2', f.sale_price_cny_m2, 'rentCnyM2Month', f.rent_cny_m2_month,
         'version', f.version, 'updatedAt', f.updated_at)::text AS properties
FROM factory_building f
WHERE ST_Intersects(f.geom, ST_SetSRID(ST_MakePoint(:lon, :lat), 4490))
