SELECT r.id::text AS id,
       json_build_object(
         'code', r.code, 'district', r.district_code, 'clusterId', r.cluster_id,
         'designatedOn', r.designated_on, 'documentNumber', r.document_number,
         'areaMu', round((r.area_m2 * 0.0015)::numeric, 1),
         'areaKm2', round((r.area_m2 / 1e6)::numeric, 4),
         'version', r.version, 'updatedAt', r.updated_at)::text AS properties
FROM red_line r
WHERE ST_Intersects(r.geom, ST_SetSRID(ST_MakePoint(:lon, :lat), 4490))
