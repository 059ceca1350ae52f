-- The district layer's features: id (its key), geom (EPSG:4490) and properties (a JSON object as
-- text, names joined in), and beside it the layer's queryables as columns (OGC filters name
-- them; PostgreSQL pushes conditions on them down to the table). Identify (/api/features) and OGC
-- API Features filter and page it.
SELECT d.code::text AS id, d.geom,
       d.code, d.name, d.name_en,
       json_build_object(
         'code', d.code, 'name', d.name, 'nameEn', d.name_en,
         'areaKm2', round((d.area_m2 / 1e6)::numeric, 2),
         'redLineMinimumKm2', d.red_line_minimum_km2)::text AS properties
FROM district d
