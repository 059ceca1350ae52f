-- Liquidated damages 违约金 assessed (one, :id, or those of a year and district), with what was paid,
-- newest first, paged.
SELECT b.id, b.parcel_id, p.code AS parcel_code, b.district_code, d.name AS district_name, b.year,
       sa.contract_number, b.document_number, b.assessed_on, b.due_on, b.grant_price_10k_cny, b.days_charged,
       b.per_day_permille, b.shortfall_ratio, b.shortfall_share, b.late_10k_cny, b.shortfall_10k_cny,
       b.amount_due_10k_cny, coalesce(pay.paid, 0) AS paid_10k_cny, pay.last_paid_on, b.assessed_by,
       ST_Y(ST_PointOnSurface(p.geom)) AS lat, ST_X(ST_PointOnSurface(p.geom)) AS lon,
       count(*) OVER () AS total
FROM breach_damages b
JOIN parcel p ON p.id = b.parcel_id
JOIN district d ON d.code = b.district_code
JOIN supervision_agreement sa ON sa.id = b.agreement_id
LEFT JOIN LATERAL (SELECT sum(x.amount_10k_cny) AS paid, max(x.paid_on) AS last_paid_on
                   FROM breach_damages_payment x WHERE x.damages_id = b.id) pay ON true
WHERE (CAST(:id AS bigint) IS NULL OR b.id = :id)
  AND (CAST(:year AS integer) IS NULL OR b.year = :year)
  AND (CAST(:district AS text) IS NULL OR b.district_code = :district)
ORDER BY b.id DESC
LIMIT :limit OFFSET :offset
