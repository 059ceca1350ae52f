-- The demo city's liquidated damages 违约金 (V33): the first three breaches of 2025 with days late (by
-- parcel), assessed on 2026-03-16 and due on 2026-06-15 — the database computes the amounts from the
-- compliance check and the agreements' terms — the first paid in full, the second half paid.
INSERT INTO breach_damages (agreement_id, parcel_id, district_code, year, document_number, assessed_on, due_on,
                            grant_price_10k_cny, days_charged, days_late_start, days_late_completion,
                            days_late_production, per_day_permille, shortfall_ratio, shortfall_share,
                            late_10k_cny, shortfall_10k_cny, amount_due_10k_cny, assessed_by)
SELECT NULL, b.parcel_id, b.district_code, 2025, '佛自然资违〔2026〕' || row_number() OVER (ORDER BY b.parcel_id) || '号',
       date '2026-03-16', date '2026-06-15', 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, ''
FROM (SELECT b.* FROM parcel_breach b
      JOIN supervision_agreement sa ON sa.id = b.agreement_id
      WHERE b.year = 2025 AND sa.grant_price_10k_cny IS NOT NULL
        AND (b.days_late_start IS NOT NULL OR b.days_late_completion IS NOT NULL)
      ORDER BY b.parcel_id LIMIT 3) b;

INSERT INTO breach_damages_payment (damages_id, paid_on, amount_10k_cny, receipt_number, recorded_by)
SELECT id, date '2026-05-20', amount_due_10k_cny, '佛财缴〔2026〕0101', ''
FROM breach_damages ORDER BY id LIMIT 1;

INSERT INTO breach_damages_payment (damages_id, paid_on, amount_10k_cny, receipt_number, recorded_by)
SELECT id, date '2026-06-10', round(amount_due_10k_cny / 2, 2), '佛财缴〔2026〕0102', ''
FROM breach_damages ORDER BY id OFFSET 1 LIMIT 1
