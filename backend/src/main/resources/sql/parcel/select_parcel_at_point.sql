SELECT p.id::text AS id,
       json_build_object(
         'code', p.code, 'district', p.district_code, 'town', p.town_code, 'clusterId', p.cluster_id,
         'landUse', p.land_use, 'grantType', p.grant_type, 'grantedOn', p.granted_on,
         'worksStartedOn', p.works_started_on, 'completedOn', p.completed_on,
         'productionStartedOn', p.production_started_on, 'floorAreaM2', p.floor_area_m2,
         'areaMu', round((p.area_m2 * 0.0015)::numeric, 2),
         'enterprises', (SELECT json_agg(json_build_object('name', e.name, 'creditCode', e.credit_code,
                                                           'industry', e.industry_code,
                                                           'floorAreaShare', pe.floor_area_share)
                                         ORDER BY pe.floor_area_share DESC)
                         FROM parcel_enterprise pe JOIN enterprise e ON e.id = pe.enterprise_id
                         WHERE pe.parcel_id = p.id),
         'version', p.version, 'updatedAt', p.updated_at)::text AS properties
FROM parcel p
WHERE ST_Intersects(p.geom, ST_SetSRID(ST_MakePoint(:lon, :lat), 4490))
