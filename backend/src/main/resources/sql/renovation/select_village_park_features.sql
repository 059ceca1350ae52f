-- The village_park layer's features: id (its key), geom (EPSG:4490) and properties (a JSON object as
-- text, names joined in), and beside it the layer's queryables as columns (OGC filters name
-- them; PostgreSQL pushes conditions on them down to the table). Identify (/api/features) and OGC
-- API Features filter and page it. The table is the slot "table": its name, or
-- read as of a moment or over a time, the table's rows of that time (maps/select_table_over_time.sql).
SELECT v.id, v.geom,
       v.code, v.name, v.district_code, v.town_code, v.status, v.renovation_type, v.plan_year,
       v.target_use, v.modern_park, round((v.area_m2 * 0.0015)::numeric, 2) AS area_mu, v.version, v.updated_at,
       json_build_object(
         'code', v.code, 'name', v.name, 'district', v.district_code, 'districtName', d.name, 'districtNameEn', d.name_en,
         'town', v.town_code, 'townName', t.name, 'townNameEn', t.name_en, 'ownerVillage', v.owner_village,
         'status', v.status, 'renovationType', v.renovation_type, 'targetUse', v.target_use,
         'planYear', v.plan_year, 'modernPark', v.modern_park,
         'plotRatioBefore', v.plot_ratio_before, 'plotRatioAfter', v.plot_ratio_after,
         'enterprisesBefore', v.enterprises_before, 'enterprisesAfter', v.enterprises_after,
         'areaMu', round((v.area_m2 * 0.0015)::numeric, 2),
         'version', v.version, 'updatedAt', v.updated_at)::text AS properties
FROM /*table*/ v
JOIN district d ON d.code = v.district_code
LEFT JOIN town t ON t.code = v.town_code
