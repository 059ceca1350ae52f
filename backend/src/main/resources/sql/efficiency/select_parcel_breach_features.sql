-- The compliance check 履约核查 by year as features (OGC API – Features, logged-in users only): one
-- per parcel and year with a breach or missing data; id "<year>-<parcel id>" (the key; V12 indexes
-- it), the parcel's shape as it is now, and properties: the supervision agreement (targets, due
-- dates), the milestones done, the kinds of breach, days late and shortfalls. Beside them the
-- queryables as columns: the kinds as one boolean each, the shortfalls (万元/亩) by indicator.
SELECT b.year::text || '-' || b.parcel_id::text AS id, p.geom,
       b.year, b.parcel_id, p.code, b.district_code, b.cluster_id, b.agreement_id, sa.contract_number,
       b.checked_on, b.days_late_start, b.days_late_completion, b.days_late_production,
       'LATE_START' = ANY (b.kinds) AS late_start,
       'LATE_COMPLETION' = ANY (b.kinds) AS late_completion,
       'LATE_PRODUCTION' = ANY (b.kinds) AS late_production,
       'IDLE' = ANY (b.kinds) AS idle,
       'SHORTFALL_TAX' = ANY (b.kinds) AS shortfall_tax,
       'SHORTFALL_OUTPUT' = ANY (b.kinds) AS shortfall_output,
       'SHORTFALL_INVESTMENT' = ANY (b.kinds) AS shortfall_investment,
       'MISSING_DATA' = ANY (b.kinds) AS missing_data,
       (SELECT (s ->> 'amount')::numeric FROM jsonb_array_elements(b.shortfalls) s
        WHERE s ->> 'indicator' = 'taxPerMu') AS tax_per_mu_shortfall,
       (SELECT (s ->> 'amount')::numeric FROM jsonb_array_elements(b.shortfalls) s
        WHERE s ->> 'indicator' = 'outputPerMu') AS output_per_mu_shortfall,
       (SELECT (s ->> 'amount')::numeric FROM jsonb_array_elements(b.shortfalls) s
        WHERE s ->> 'indicator' = 'investmentPerMu') AS investment_per_mu_shortfall,
       json_build_object(
         'year', b.year, 'parcelId', b.parcel_id, 'code', p.code,
         'district', b.district_code, 'districtName', d.name, 'districtNameEn', d.name_en,
         'clusterId', b.cluster_id, 'clusterName', c.name, 'clusterNameEn', c.name_en,
         'checkedOn', b.checked_on,
         'agreement', json_build_object(
           'id', sa.id, 'contractNumber', sa.contract_number, 'signedOn', sa.signed_on,
           'startWorksBy', sa.start_works_by, 'completeBy', sa.complete_by,
           'startProductionBy', sa.start_production_by, 'taxPerMu', sa.tax_per_mu,
           'outputPerMu', sa.output_per_mu, 'investmentPerMu', sa.investment_per_mu),
         'worksStartedOn', p.works_started_on, 'completedOn', p.completed_on,
         'productionStartedOn', p.production_started_on,
         'kinds', b.kinds,
         'daysLate', json_build_object('start', b.days_late_start, 'completion', b.days_late_completion,
                                       'production', b.days_late_production),
         'shortfalls', b.shortfalls)::text AS properties
FROM parcel_breach b
JOIN parcel p ON p.id = b.parcel_id
JOIN supervision_agreement sa ON sa.id = b.agreement_id
JOIN district d ON d.code = b.district_code
LEFT JOIN industrial_cluster c ON c.id = b.cluster_id
