-- The compliance checks (履约核查) with a breach of the enterprise's parcels listed in its profile
-- (:parcels), newest year first, at most :limit: read per year and parcel through the primary key.
-- Row-level security (V39) keeps a parcel's to the readers of its district's figures.
SELECT b.year, b.parcel_id, p.code AS parcel_code, a.contract_number, b.checked_on, b.kinds,
       b.days_late_start, b.days_late_completion, b.days_late_production, b.shortfalls
FROM (SELECT DISTINCT year FROM unit_efficiency WHERE level = 'city') y
CROSS JOIN unnest(CAST(:parcels AS bigint[])) AS q(parcel_id)
JOIN parcel_breach b ON b.year = y.year AND b.parcel_id = q.parcel_id
JOIN parcel p ON p.id = b.parcel_id
LEFT JOIN supervision_agreement a ON a.id = b.agreement_id
ORDER BY b.year DESC, p.code
LIMIT :limit
