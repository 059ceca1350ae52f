-- The demo city's major industrial projects 重大产业项目 (V50), one per district, signed before the
-- as-of day (2026-06-30), two of them by an enterprise of the city (the first of the district in
-- that industry by credit code, whose name is then the investor's); and READY pieces of each
-- project's district assigned to it as a bureau would: the pieces that fit its land demand, never
-- absurdly more. Walking the district's READY pieces largest first, a piece is taken when the
-- project's pieces stay within 110% of its demand, until they cover 90% of it (so a project holds
-- one or more pieces summing close to its demand; none when every piece of its district is larger
-- than 110% of it, and less when its district has too little). Written as the schema's owner
-- through V50's triggers (they check and stamp every row).
INSERT INTO major_project (code, name, investor, enterprise_id, industry_code, district_code,
                           investment_10k_cny, land_demand_mu, level, signed_on, planned_start_on, created_by)
SELECT v.code, v.name, coalesce(e.name, v.investor), e.id, v.industry, v.district, v.investment, v.demand,
       v.level, v.signed, v.planned_start, ''
FROM (VALUES
  ('ZD-2025-SS-01', '佛北战新产业园新能源汽车关键零部件项目', '广东佛北新能源汽车零部件有限公司', false, '36', '440607',
   350000.00, 600.00, 'PROVINCIAL', date '2025-09-18', date '2026-10-01'),
  ('ZD-2025-NH-01', '狮山新型储能电池制造基地项目', '佛山狮山新型储能科技有限公司', true, '38', '440605',
   280000.00, 700.00, 'PROVINCIAL', date '2025-11-06', date '2026-09-15'),
  ('ZD-2026-SD-01', '北滘智能家电产业链配套项目', '佛山北滘智能家电配套有限公司', true, '38', '440606',
   120000.00, 300.00, 'MUNICIPAL', date '2026-01-20', date '2026-12-01'),
  ('ZD-2026-GM-01', '高明沧江先进材料产业化项目', '佛山沧江先进材料科技有限公司', false, '30', '440608',
   90000.00, 260.00, 'MUNICIPAL', date '2026-03-12', NULL),
  ('ZD-2026-CC-01', '季华实验室成果转化中试基地项目', '佛山季华中试科技有限公司', false, '40', '440604',
   50000.00, 220.00, 'MUNICIPAL', date '2026-04-28', NULL)
) AS v (code, name, investor, by_enterprise, industry, district, investment, demand, level, signed, planned_start)
LEFT JOIN LATERAL (
  SELECT x.id, x.name FROM enterprise x
  WHERE v.by_enterprise AND x.district_code = v.district AND x.industry_code = v.industry
  ORDER BY x.credit_code LIMIT 1
) e ON true;

INSERT INTO major_project_piece (project_id, reserve_land_id, assigned_on, assigned_by)
WITH RECURSIVE candidate AS (
  -- the READY pieces of each project's district, largest first (n = 1, 2, …)
  SELECT p.id AS project_id, p.land_demand_mu AS demand, r.id AS piece_id, r.area_m2 * 15 / 10000 AS mu,
         row_number() OVER (PARTITION BY p.id ORDER BY r.area_m2 DESC, r.id) AS n
  FROM major_project p
  JOIN reserve_land r ON r.district_code = p.district_code AND r.stage = 'READY'
), walk AS (
  -- each piece in turn, taken when it fits; total: the mu taken so far; on while under 90%
  SELECT c.project_id, c.n, c.piece_id, c.demand, f.fits AS taken,
         CASE WHEN f.fits THEN c.mu ELSE 0 END AS total
  FROM candidate c
  CROSS JOIN LATERAL (SELECT c.mu <= 1.1 * c.demand AS fits) f
  WHERE c.n = 1
  UNION ALL
  SELECT c.project_id, c.n, c.piece_id, c.demand, f.fits,
         w.total + CASE WHEN f.fits THEN c.mu ELSE 0 END
  FROM walk w
  JOIN candidate c ON c.project_id = w.project_id AND c.n = w.n + 1
  CROSS JOIN LATERAL (SELECT w.total + c.mu <= 1.1 * c.demand AS fits) f
  WHERE w.total < 0.9 * w.demand
)
SELECT project_id, piece_id, current_date, ''
FROM walk
WHERE taken
ORDER BY project_id, piece_id;
