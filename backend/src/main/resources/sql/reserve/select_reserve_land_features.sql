-- The reserve_land layer's features: id (its key), geom (EPSG:4490) and properties (a JSON object as
-- text, names joined in), and beside it the layer's queryables as columns (OGC filters name
-- them; PostgreSQL pushes conditions on them down to the table). Identify (/api/features) and OGC
-- API Features filter and page it. The table is the slot "table": its name, or
-- read as of a moment or over a time, the table's rows of that time (maps/select_table_over_time.sql).
SELECT r.id, r.geom,
       r.code, r.name, r.district_code, r.stage, r.stage_since, r.ownership, r.investment_per_mu,
       r.tax_per_mu, round((r.area_m2 * 0.0015)::numeric, 2) AS area_mu, r.version, r.updated_at,
       json_build_object(
         'code', r.code, 'name', r.name, 'district', r.district_code, 'districtName', d.name, 'districtNameEn', d.name_en,
         'stage', r.stage, 'stageSince', r.stage_since, 'ownership', r.ownership,
         'investmentPerMu', r.investment_per_mu, 'outputPerMu', r.output_per_mu,
         'taxPerMu', r.tax_per_mu, 'plotRatioMin', r.plot_ratio_min,
         'energyPer10kCnyTce', r.energy_per_10k_cny_tce, 'environmentalTerms', r.environmental_terms,
         'areaMu', round((r.area_m2 * 0.0015)::numeric, 2),
         'version', r.version, 'updatedAt', r.updated_at)::text AS properties
FROM /*table*/ r
JOIN district d ON d.code = r.district_code
