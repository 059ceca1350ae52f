-- The town layer's features: id (its key), geom (EPSG:4490) and properties (a JSON object as
-- text, names joined in), and beside it the layer's queryables as columns (OGC filters name
-- them; PostgreSQL pushes conditions on them down to the table). Identify (/api/features) and OGC
-- API Features filter and page it.
SELECT t.code::text AS id, t.geom,
       t.code, t.name, t.name_en, t.district_code,
       json_build_object(
         'code', t.code, 'name', t.name, 'nameEn', t.name_en,
         'district', t.district_code, 'districtName', d.name, 'districtNameEn', d.name_en,
         'areaKm2', round((t.area_m2 / 1e6)::numeric, 2))::text AS properties
FROM town t
JOIN district d ON d.code = t.district_code
