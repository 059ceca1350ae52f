-- The per-mu efficiency of parcels by year as features (OGC API – Features, logged-in users only):
-- id "<year>-<parcel id>" (the key; V12 indexes it), the parcel's shape as it is now, and properties:
-- the year's allocated figures (万元, tce, persons), its indicators (万元/亩; value added per tce,
-- per employee; R&D ÷ revenue), its grade under the year's active model and its breaches of the
-- year. Beside them the queryables as columns of the stored rows, so that a condition such as
-- year = 2025 AND tax_per_mu < 10 reaches parcel_efficiency's indexes. A parcel deleted since has
-- no shape and is left out (its year is recomputed at the next start).
SELECT pe.year::text || '-' || pe.parcel_id::text AS id, p.geom,
       pe.year, pe.parcel_id, p.code, pe.district_code, pe.town_code, pe.cluster_id, pe.industry_code,
       pe.area_mu, pe.enterprises, pe.tax, pe.output, pe.tax_per_mu, pe.output_per_mu,
       pe.value_added_per_mu, pe.investment_per_mu, pe.value_added_per_energy, pe.labour_productivity,
       pe.rd_share, pg.grade, pg.score,
       json_build_object(
         'year', pe.year, 'parcelId', pe.parcel_id, 'code', p.code,
         'district', pe.district_code, 'districtName', d.name, 'districtNameEn', d.name_en,
         'town', pe.town_code, 'townName', t.name,
         'clusterId', pe.cluster_id, 'clusterName', c.name, 'clusterNameEn', c.name_en,
         'industry', pe.industry_code, 'industryName', i.name, 'industryNameEn', i.name_en,
         'areaMu', round(pe.area_mu::numeric, 4), 'enterprises', pe.enterprises,
         'tax', round(pe.tax::numeric, 2), 'output', round(pe.output::numeric, 2),
         'valueAdded', round(pe.value_added::numeric, 2), 'revenue', round(pe.revenue::numeric, 2),
         'investment', round(pe.investment::numeric, 2), 'energyTce', round(pe.energy::numeric, 2),
         'employees', round(pe.employees::numeric, 2), 'rd', round(pe.rd::numeric, 2),
         'taxPerMu', round(pe.tax_per_mu::numeric, 4), 'outputPerMu', round(pe.output_per_mu::numeric, 4),
         'valueAddedPerMu', round(pe.value_added_per_mu::numeric, 4),
         'investmentPerMu', round(pe.investment_per_mu::numeric, 4),
         'valueAddedPerEnergy', round(pe.value_added_per_energy::numeric, 4),
         'labourProductivity', round(pe.labour_productivity::numeric, 4),
         'rdShare', round(pe.rd_share::numeric, 6),
         'grade', pg.grade, 'score', pg.score, 'gradingModelId', m.id,
         'breaches', coalesce(to_json(pb.kinds), '[]'::json))::text AS properties
FROM parcel_efficiency pe
JOIN parcel p ON p.id = pe.parcel_id
JOIN district d ON d.code = pe.district_code
LEFT JOIN town t ON t.code = pe.town_code
LEFT JOIN industrial_cluster c ON c.id = pe.cluster_id
LEFT JOIN industry i ON i.code = pe.industry_code
LEFT JOIN grading_model m ON m.year = pe.year AND m.active
LEFT JOIN parcel_grade pg ON pg.model_id = m.id AND pg.parcel_id = pe.parcel_id
LEFT JOIN parcel_breach pb ON pb.year = pe.year AND pb.parcel_id = pe.parcel_id
