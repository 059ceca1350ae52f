SELECT t.code AS id,
       json_build_object(
         'code', t.code, 'name', t.name, 'nameEn', t.name_en,
         'district', t.district_code, 'districtName', d.name, 'districtNameEn', d.name_en,
         'areaKm2', round((t.area_m2 / 1e6)::numeric, 2))::text AS properties
FROM town t
JOIN district d ON d.code = t.district_code
WHERE ST_Intersects(t.geom, ST_SetSRID(ST_MakePoint(:lon, :lat), 4490))
