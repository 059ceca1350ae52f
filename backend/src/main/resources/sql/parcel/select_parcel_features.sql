-- The parcel layer's features: id (its key), geom (EPSG:4490) and properties (a JSON object as
-- text, names joined in), and beside it the layer's queryables as columns (OGC filters name
-- them; PostgreSQL pushes conditions on them down to the table). Identify (/api/features) and OGC
-- API Features filter and page it. The table is the slot "table": its name, or
-- read as of a moment or over a time, the table's rows of that time (maps/select_table_over_time.sql).
SELECT p.id, p.geom,
       p.code, p.district_code, p.town_code, p.cluster_id, p.land_use, p.grant_type, p.granted_on,
       p.works_started_on, p.completed_on, p.production_started_on, p.floor_area_m2,
       round((p.area_m2 * 0.0015)::numeric, 2) AS area_mu, p.version, p.updated_at,
       json_build_object(
         'code', p.code, 'district', p.district_code, 'districtName', d.name, 'districtNameEn', d.name_en,
         'town', p.town_code, 'townName', t.name, 'townNameEn', t.name_en,
         'clusterId', p.cluster_id, 'clusterCode', c.code, 'clusterName', c.name, 'clusterNameEn', c.name_en,
         'landUse', p.land_use, 'landUseName', u.name, 'landUseNameEn', u.name_en,
         'grantType', p.grant_type, 'grantedOn', p.granted_on,
         'worksStartedOn', p.works_started_on, 'completedOn', p.completed_on,
         'productionStartedOn', p.production_started_on, 'floorAreaM2', p.floor_area_m2,
         'areaMu', round((p.area_m2 * 0.0015)::numeric, 2),
         'enterprises', (SELECT json_agg(json_build_object(
                                   'name', e.name, 'creditCode', e.credit_code,
                                   'industry', json_build_object('code', i.code, 'name', i.name, 'nameEn', i.name_en),
                                   'floorAreaShare', pe.floor_area_share)
                                 ORDER BY pe.floor_area_share DESC, e.id)
                         FROM parcel_enterprise pe
                         JOIN enterprise e ON e.id = pe.enterprise_id
                         JOIN industry i ON i.code = e.industry_code
                         WHERE pe.parcel_id = p.id),
         'version', p.version, 'updatedAt', p.updated_at)::text AS properties
FROM /*table*/ p
JOIN district d ON d.code = p.district_code
JOIN land_use u ON u.code = p.land_use
LEFT JOIN town t ON t.code = p.town_code
LEFT JOIN industrial_cluster c ON c.id = p.cluster_id
