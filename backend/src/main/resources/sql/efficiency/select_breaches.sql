-- The compliance check of a year, one item per parcel with a breach (or missing data), filtered by
-- district, cluster and kind, in parcel order; properties is the item as the API shows it.
SELECT json_build_object(
         'parcelId', p.id, 'parcelCode', p.code, 'district', b.district_code, 'clusterId', b.cluster_id,
         'checkedOn', b.checked_on,
         'agreement', json_build_object(
           'id', sa.id, 'contractNumber', sa.contract_number, 'startWorksBy', sa.start_works_by,
           'completeBy', sa.complete_by, 'startProductionBy', sa.start_production_by,
           'taxPerMu', sa.tax_per_mu, 'outputPerMu', sa.output_per_mu, 'investmentPerMu', sa.investment_per_mu),
         'worksStartedOn', p.works_started_on, 'completedOn', p.completed_on,
         'productionStartedOn', p.production_started_on,
         'kinds', b.kinds,
         'daysLate', json_build_object('start', b.days_late_start, 'completion', b.days_late_completion,
                                       'production', b.days_late_production),
         'shortfalls', b.shortfalls)::text AS properties,
       CASE WHEN :geometry THEN ST_AsGeoJSON(p.geom, 7) END AS geometry
FROM parcel_breach b
JOIN parcel p ON p.id = b.parcel_id
JOIN supervision_agreement sa ON sa.id = b.agreement_id
WHERE b.year = :year
  AND (CAST(:district AS text) IS NULL OR b.district_code = :district)
  AND (CAST(:cluster AS bigint) IS NULL OR b.cluster_id = :cluster)
  AND (CAST(:kind AS text) IS NULL OR b.kinds @> ARRAY[CAST(:kind AS text)])
ORDER BY b.parcel_id
LIMIT :limit OFFSET :offset
