-- The red_line layer's features: id (its key), geom (EPSG:4490) and properties (a JSON object as
-- text, names joined in), and beside it the layer's queryables as columns (OGC filters name
-- them; PostgreSQL pushes conditions on them down to the table). Identify (/api/features) and OGC
-- API Features filter and page it. The table is the slot "table": its name, or
-- read as of a moment or over a time, the table's rows of that time (maps/select_table_over_time.sql).
SELECT r.id, r.geom,
       r.code, r.district_code, r.cluster_id, r.designated_on, r.document_number,
       round((r.area_m2 * 0.0015)::numeric, 2) AS area_mu, r.version, r.updated_at,
       json_build_object(
         'code', r.code, 'district', r.district_code, 'districtName', d.name, 'districtNameEn', d.name_en,
         'clusterId', r.cluster_id, 'clusterCode', c.code, 'clusterName', c.name, 'clusterNameEn', c.name_en,
         'designatedOn', r.designated_on, 'documentNumber', r.document_number,
         'areaMu', round((r.area_m2 * 0.0015)::numeric, 2),
         'areaKm2', round((r.area_m2 / 1e6)::numeric, 4),
         'version', r.version, 'updatedAt', r.updated_at)::text AS properties
FROM /*table*/ r
JOIN district d ON d.code = r.district_code
LEFT JOIN industrial_cluster c ON c.id = r.cluster_id
