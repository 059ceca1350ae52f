-- The planner's parcels of a year: every parcel granted by the year's end, with its indicators (null
-- when none of its enterprises reported), its grade under the year's active model (:model) and its
-- breaches. The service fills the conditions slot with allow-listed conditions (values bound) and
-- the order slot with one allow-listed order; properties is the item as the API shows it. The page
-- is cut first, on the parcels and their figures alone (grade and breaches joined only when a filter
-- names them: PostgreSQL drops an unused join on a unique key), then the rest joined to its rows.
WITH page AS (
  SELECT p.id
  FROM parcel p
  LEFT JOIN parcel_efficiency pe ON pe.year = :year AND pe.parcel_id = p.id
  LEFT JOIN parcel_grade pg ON pg.model_id = :model AND pg.parcel_id = p.id
  LEFT JOIN parcel_breach pb ON pb.year = :year AND pb.parcel_id = p.id
  WHERE p.granted_on <= make_date(:year, 12, 31) /*conditions*/
  ORDER BY /*order*/
  LIMIT :limit OFFSET :offset
)
SELECT p.id,
       json_build_object(
         'parcelId', p.id, 'code', p.code, 'district', p.district_code, 'districtName', d.name,
         'town', p.town_code, 'clusterId', p.cluster_id, 'clusterName', c.name, 'industry', pe.industry_code,
         'areaMu', round((p.area_m2 / (10000.0 / 15))::numeric, 4), 'enterprises', coalesce(pe.enterprises, 0),
         'taxPerMu', round(pe.tax_per_mu::numeric, 4), 'outputPerMu', round(pe.output_per_mu::numeric, 4),
         'valueAddedPerMu', round(pe.value_added_per_mu::numeric, 4),
         'investmentPerMu', round(pe.investment_per_mu::numeric, 4),
         'valueAddedPerEnergy', round(pe.value_added_per_energy::numeric, 4),
         'labourProductivity', round(pe.labour_productivity::numeric, 4),
         'rdShare', round(pe.rd_share::numeric, 6),
         'grade', pg.grade, 'score', pg.score, 'breaches', coalesce(to_json(pb.kinds), '[]'::json))::text AS properties,
       CASE WHEN :geometry THEN ST_AsGeoJSON(p.geom, 7) END AS geometry
FROM page
JOIN parcel p ON p.id = page.id
JOIN district d ON d.code = p.district_code
LEFT JOIN industrial_cluster c ON c.id = p.cluster_id
LEFT JOIN parcel_efficiency pe ON pe.year = :year AND pe.parcel_id = p.id
LEFT JOIN parcel_grade pg ON pg.model_id = :model AND pg.parcel_id = p.id
LEFT JOIN parcel_breach pb ON pb.year = :year AND pb.parcel_id = p.id
ORDER BY /*order*/
