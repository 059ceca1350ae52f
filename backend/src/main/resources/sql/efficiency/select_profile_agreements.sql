-- The supervision agreements (监管协议) of the enterprise's parcels listed in its profile (:parcels):
-- per-mu targets and due dates, with the actual dates of the parcel.
SELECT a.id, a.parcel_id, p.code AS parcel_code, a.contract_number, a.signed_on, a.investment_per_mu,
       a.output_per_mu, a.tax_per_mu, a.plot_ratio_min, a.start_works_by, a.complete_by,
       a.start_production_by, p.works_started_on, p.completed_on, p.production_started_on
FROM supervision_agreement a
JOIN parcel p ON p.id = a.parcel_id
WHERE a.parcel_id = ANY(:parcels)
ORDER BY p.code
