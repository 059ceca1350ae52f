-- The planning_zone layer's features: id (its key), geom (EPSG:4490) and properties (a JSON object
-- as text, names joined in), and beside it the layer's queryables as columns (OGC filters name
-- them). Identify (/api/features) and OGC API Features filter and page it. The table is the slot
-- "table": its name, or read as of a moment or over a time, the table's rows of that time
-- (maps/select_table_over_time.sql).
SELECT z.id, z.geom,
       z.code, z.name, z.zone_type, z.plan_name, z.district_code,
       round((z.area_m2 * 0.0015)::numeric, 2) AS area_mu, z.version, z.updated_at,
       json_build_object(
         'code', z.code, 'name', z.name, 'zoneType', z.zone_type, 'planName', z.plan_name,
         'approvedOn', z.approved_on, 'documentNumber', z.document_number,
         'district', z.district_code, 'districtName', d.name, 'districtNameEn', d.name_en,
         'areaMu', round((z.area_m2 * 0.0015)::numeric, 2),
         'version', z.version, 'updatedAt', z.updated_at)::text AS properties
FROM /*table*/ z
LEFT JOIN district d ON d.code = z.district_code
