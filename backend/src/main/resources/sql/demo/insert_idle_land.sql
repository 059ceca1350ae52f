-- The demo city's idle land 闲置土地 (V33), on its as-of day (dataset_info as_of, 2026-06-30):
-- grant prices 出让价款 per mu by district (禅城 160, 南海 110, 顺德 120, 三水 55, 高明 45 万元/亩,
-- ± 15% by the agreement's id) and the agreed total investment (target per mu × mu); the construction
-- progress of 2025 for the parcels started and not completed by then — one in nine stopped 60 days
-- after starting with a fifth of the land developed (clause 2 by area), one in nine stopped with half
-- developed and 15% invested (clause 2 by investment), the rest working with 40–90% developed and
-- invested; and four disposal cases: a fee (decided and paid), a taking back after a hearing, a
-- delay caused by the government (remedy: extension) and one just notified. Seeded by the ids: the
-- same city gets the same cases.
UPDATE supervision_agreement sa
SET grant_price_10k_cny = round((p.area_m2 * 15 / 10000
        * CASE p.district_code WHEN '440604' THEN 160 WHEN '440605' THEN 110 WHEN '440606' THEN 120
                               WHEN '440607' THEN 55 ELSE 45 END
        * (0.85 + 0.3 * ((sa.id * 7919) % 1000) / 1000.0))::numeric, 0),
    total_investment_10k_cny = nullif(round(sa.investment_per_mu * (p.area_m2 * 15 / 10000)::numeric, 2), 0)
FROM parcel p
WHERE p.id = sa.parcel_id;

INSERT INTO parcel_progress (parcel_id, year, developed_area_m2, invested_10k_cny, works_stopped_on)
SELECT p.id, 2025,
       round((p.area_m2 * CASE p.id % 9 WHEN 0 THEN 0.2 WHEN 1 THEN 0.5
                                        ELSE 0.4 + 0.5 * ((p.id * 31) % 100) / 100.0 END)::numeric, 1),
       round(coalesce(sa.total_investment_10k_cny, 0) * CASE p.id % 9 WHEN 0 THEN 0.3 WHEN 1 THEN 0.15
                                        ELSE 0.4 + 0.5 * ((p.id * 17) % 100) / 100.0 END, 2),
       CASE WHEN p.id % 9 IN (0, 1) THEN p.works_started_on + 60 END
FROM parcel p
JOIN supervision_agreement sa ON sa.parcel_id = p.id
WHERE p.works_started_on <= date '2025-03-31'
  AND p.completed_on IS NULL;

INSERT INTO idle_land_case (parcel_id, district_code, clause, idle_since, status, notice_on, notice_number)
SELECT p.id, p.district_code, 'NOT_STARTED', date '2026-03-02', 'NOTIFIED', date '2026-03-02', '佛自然资闲通〔2026〕1号'
FROM parcel p JOIN supervision_agreement sa ON sa.parcel_id = p.id
WHERE p.works_started_on IS NULL AND sa.start_works_by BETWEEN date '2024-05-09' AND date '2025-03-02'
  AND sa.grant_price_10k_cny IS NOT NULL
ORDER BY p.code LIMIT 1;

INSERT INTO idle_land_case (parcel_id, district_code, clause, idle_since, status, notice_on, notice_number)
SELECT p.id, p.district_code, 'NOT_STARTED', date '2026-02-10', 'NOTIFIED', date '2026-02-10', '佛自然资闲通〔2026〕2号'
FROM parcel p JOIN supervision_agreement sa ON sa.parcel_id = p.id
WHERE p.works_started_on IS NULL AND sa.start_works_by <= date '2024-01-01'
ORDER BY p.code LIMIT 1;

INSERT INTO idle_land_case (parcel_id, district_code, clause, idle_since, status, notice_on, notice_number)
SELECT p.id, p.district_code, 'NOT_STARTED', date '2026-01-15', 'NOTIFIED', date '2026-01-15', '佛自然资闲通〔2026〕3号'
FROM parcel p JOIN supervision_agreement sa ON sa.parcel_id = p.id
WHERE p.works_started_on IS NULL AND sa.start_works_by <= date '2024-01-01'
  AND NOT EXISTS (SELECT 1 FROM idle_land_case k WHERE k.parcel_id = p.id)
ORDER BY p.code DESC LIMIT 1;

INSERT INTO idle_land_case (parcel_id, district_code, clause, idle_since, status, notice_on, notice_number)
SELECT p.id, p.district_code, 'STOPPED', date '2026-06-01', 'NOTIFIED', date '2026-06-01', '佛自然资闲通〔2026〕4号'
FROM parcel p
JOIN parcel_progress r ON r.parcel_id = p.id AND r.year = 2025
WHERE r.works_stopped_on <= date '2025-06-01' AND p.id % 9 = 0
ORDER BY p.code LIMIT 1;

UPDATE idle_land_case SET status = 'DECIDED', decided_on = date '2026-05-08', decision_number = '佛自然资闲决〔2026〕1号'
WHERE notice_number = '佛自然资闲通〔2026〕1号';

UPDATE idle_land_case SET status = 'CLOSED', closed_on = date '2026-06-15', fee_paid_10k_cny = fee_10k_cny
WHERE notice_number = '佛自然资闲通〔2026〕1号';

UPDATE idle_land_case SET status = 'HEARING', hearing_on = date '2026-03-20', hearing_number = '佛自然资听〔2026〕2号'
WHERE notice_number = '佛自然资闲通〔2026〕2号';

UPDATE idle_land_case SET status = 'DECIDED', decided_on = date '2026-04-22', decision_number = '佛自然资闲决〔2026〕2号'
WHERE notice_number = '佛自然资闲通〔2026〕2号';

UPDATE idle_land_case
SET status = 'DECIDED', decided_on = date '2026-03-30', decision_number = '佛自然资闲决〔2026〕3号', cause = 'GOVERNMENT',
    government_reason = '征地拆迁未完成，未能按约定交付净地（the land was not delivered cleared: the government''s delay）',
    remedy = 'EXTENSION', remedy_note = '动工期限延长一年（start of works extended by one year）'
WHERE notice_number = '佛自然资闲通〔2026〕3号'
