-- Assesses the liquidated damages of a parcel's breach in a year's compliance check: the database
-- computes every amount from the check and the agreement's terms (V33).
INSERT INTO breach_damages (agreement_id, parcel_id, district_code, year, document_number, assessed_on, due_on,
                            grant_price_10k_cny, days_charged, days_late_start, days_late_completion,
                            days_late_production, per_day_permille, shortfall_ratio, shortfall_share,
                            late_10k_cny, shortfall_10k_cny, amount_due_10k_cny, assessed_by)
SELECT NULL, p.id, p.district_code, :year, :document_number, :assessed_on, :due_on, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, ''
FROM parcel p
WHERE p.code = :parcel_code
RETURNING id
