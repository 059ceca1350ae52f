-- The cluster layer's features: id (its key), geom (EPSG:4490) and properties (a JSON object as
-- text, names joined in), and beside it the layer's queryables as columns (OGC filters name
-- them; PostgreSQL pushes conditions on them down to the table). Identify (/api/features) and OGC
-- API Features filter and page it. The table is the slot "table": its name, or
-- read as of a moment or over a time, the table's rows of that time (maps/select_table_over_time.sql).
SELECT c.id, c.geom,
       c.code, c.name, c.name_en, c.flagship, round((c.area_m2 * 0.0015)::numeric, 2) AS area_mu,
       c.version, c.updated_at,
       json_build_object(
         'code', c.code, 'name', c.name, 'nameEn', c.name_en, 'flagship', c.flagship,
         'leadingIndustries', (SELECT coalesce(json_agg(json_build_object('code', i.code, 'name', i.name, 'nameEn', i.name_en)
                                                        ORDER BY array_position(c.leading_industries, i.code)), '[]')
                               FROM industry i WHERE i.code = ANY (c.leading_industries)),
         'areaMu', round((c.area_m2 * 0.0015)::numeric, 2),
         'areaKm2', round((c.area_m2 / 1e6)::numeric, 2),
         'version', c.version, 'updatedAt', c.updated_at)::text AS properties
FROM /*table*/ c
