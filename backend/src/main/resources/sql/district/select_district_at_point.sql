SELECT d.code AS id,
       json_build_object(
         'code', d.code, 'name', d.name, 'nameEn', d.name_en,
         'areaKm2', round((d.area_m2 / 1e6)::numeric, 2),
         'redLineMinimumKm2', d.red_line_minimum_km2)::text AS properties
FROM district d
WHERE ST_Intersects(d.geom, ST_SetSRID(ST_MakePoint(:lon, :lat), 4490))
