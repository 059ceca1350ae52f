-- The park assessment as the seed lists it (issue 15): 工业集中度 in two readings that never exceed
-- 100 %, and the park's sales revenue and export earnings (出口创汇).

-- Export earnings 出口创汇 per enterprise and year, 万元: reported with the other figures; NULL when
-- not reported (older files have no such column).
ALTER TABLE annual_indicator
  ADD COLUMN export_10k_cny numeric(14, 2) CHECK (export_10k_cny >= 0);
COMMENT ON COLUMN annual_indicator.export_10k_cny IS
  '出口创汇 export earnings of the year, 万元; NULL: not reported';
ALTER TABLE annual_indicator_history ADD COLUMN export_10k_cny numeric(14, 2);
ALTER TABLE indicator_import_row ADD COLUMN export_10k_cny numeric(14, 2);

ALTER TABLE enterprise_efficiency ADD COLUMN exports double precision;
ALTER TABLE parcel_efficiency ADD COLUMN exports double precision;
ALTER TABLE unit_efficiency ADD COLUMN exports double precision;

-- The figures and the land of each part of a cluster in each district, and of the land outside the
-- clusters (cluster_id NULL), per year: what the park assessment divides. A parcel lies in one
-- district (the rule check_in_district holds it there), so its figures and its land go to that
-- district whole; a cluster across two districts is split by the land of its parcels in each. Land
-- is ellipsoidal (m²): parcels (宗地, granted state land: parcel_m2, of which in the red line
-- red_line_m2) and village parks (村级工业园, the old collective industrial land: village_park_m2,
-- split by their shape's overlap with each cluster; of which in the red line village_park_red_line_m2).
-- The figures (万元, persons) are those of the reporting parcels, as in parcel_efficiency.
CREATE TABLE cluster_district_efficiency (
  year                      smallint NOT NULL,
  district_code             char(6)  NOT NULL,
  cluster_id                bigint,
  parcels                   integer  NOT NULL DEFAULT 0,
  area_mu                   double precision NOT NULL DEFAULT 0,
  output                    double precision NOT NULL DEFAULT 0,
  revenue                   double precision NOT NULL DEFAULT 0,
  tax                       double precision NOT NULL DEFAULT 0,
  exports                   double precision,
  investment                double precision NOT NULL DEFAULT 0,
  employees                 double precision NOT NULL DEFAULT 0,
  parcel_m2                 double precision NOT NULL DEFAULT 0,
  red_line_m2               double precision NOT NULL DEFAULT 0,
  village_park_m2           double precision NOT NULL DEFAULT 0,
  village_park_red_line_m2  double precision NOT NULL DEFAULT 0,
  UNIQUE NULLS NOT DISTINCT (year, district_code, cluster_id)
);
COMMENT ON TABLE cluster_district_efficiency IS
  'per year, district and cluster (NULL: outside the clusters): the reporting parcels'' figures and the industrial land (ellipsoidal m²) of parcels and village parks, in the red line or not';

GRANT INSERT, UPDATE, DELETE ON cluster_district_efficiency TO redline_service;
ALTER TABLE cluster_district_efficiency ENABLE ROW LEVEL SECURITY;
CREATE POLICY cluster_district_efficiency_read ON cluster_district_efficiency FOR SELECT USING (true);
CREATE POLICY cluster_district_efficiency_write ON cluster_district_efficiency FOR ALL
  USING ((SELECT actor_role()) IN ('BUREAU', 'ADMIN'))
  WITH CHECK ((SELECT actor_role()) IN ('BUREAU', 'ADMIN'));

CREATE OR REPLACE FUNCTION analyze_table(t text) RETURNS void LANGUAGE plpgsql SECURITY DEFINER
SET search_path FROM CURRENT AS $$
BEGIN
  IF t NOT IN ('change_set_edit', 'parcel_efficiency', 'enterprise_efficiency', 'unit_efficiency',
               'annual_indicator', 'parcel_breach', 'feature_history', 'cluster_district_efficiency') THEN
    RAISE EXCEPTION 'analyze_table: % is not on the list', t USING ERRCODE = 'insufficient_privilege';
  END IF;
  EXECUTE format('ANALYZE %I', t);
END
$$;

-- Village-park renovation: each type its own path ---------------------------------------------------
-- 全面改造 FULL:          计划 → 拆除 → 建设 → 竣工 → 投产
-- 微改造 LIGHT:           计划 → 改造施工 → 竣工 → 投产 (what it pulls down is recorded with the works)
-- 综合整治 COMPREHENSIVE: 计划 → 整治施工 → 竣工 (整治验收; the park produces throughout)
-- (V6 forced every type through 拆除.) The target use after renovation is recorded: 工改工 (INDUSTRIAL)
-- first, as the plan asks, or another use.

ALTER TABLE village_park
  ADD COLUMN target_use text CHECK (target_use IN ('INDUSTRIAL', 'COMMERCIAL', 'RESIDENTIAL', 'PUBLIC', 'ECOLOGICAL'));
COMMENT ON COLUMN village_park.target_use IS
  '改造后用途: INDUSTRIAL 工改工, COMMERCIAL 工改商, RESIDENTIAL 工改居, PUBLIC 公共设施, ECOLOGICAL 复垦复绿; required from planning on (NULL: planned before it was recorded)';

-- the demolished area is required of a full renovation's works only
ALTER TABLE village_park DROP CONSTRAINT village_park_demolition_recorded,
  ADD CONSTRAINT village_park_demolition_recorded CHECK (
    status NOT IN ('CONSTRUCTION', 'COMPLETED', 'PRODUCTION') OR renovation_type IS DISTINCT FROM 'FULL'
    OR demolished_area_m2 IS NOT NULL);

CREATE FUNCTION village_park_path(renovation_type text) RETURNS text[] LANGUAGE sql IMMUTABLE AS $$
  SELECT CASE renovation_type
    WHEN 'FULL' THEN ARRAY['NOT_PLANNED', 'PLANNED', 'DEMOLITION', 'CONSTRUCTION', 'COMPLETED', 'PRODUCTION']
    WHEN 'LIGHT' THEN ARRAY['NOT_PLANNED', 'PLANNED', 'CONSTRUCTION', 'COMPLETED', 'PRODUCTION']
    WHEN 'COMPREHENSIVE' THEN ARRAY['NOT_PLANNED', 'PLANNED', 'CONSTRUCTION', 'COMPLETED']
    ELSE ARRAY['NOT_PLANNED'] END
$$;
COMMENT ON FUNCTION village_park_path(text) IS 'the statuses a park of a renovation type passes through, in order';

CREATE FUNCTION village_park_type_label(renovation_type text) RETURNS text LANGUAGE sql IMMUTABLE AS $$
  SELECT CASE renovation_type WHEN 'FULL' THEN '全面改造' WHEN 'LIGHT' THEN '微改造'
                              WHEN 'COMPREHENSIVE' THEN '综合整治' ELSE '未定类型' END
$$;

-- A park's status lies on its type's path, for every writer (an import too).
CREATE FUNCTION check_village_park_path() RETURNS trigger LANGUAGE plpgsql SET search_path FROM CURRENT AS $$
BEGIN
  IF array_position(village_park_path(NEW.renovation_type), NEW.status) IS NULL THEN
    RAISE EXCEPTION '村级工业园 %：%没有“%”这一状态（village park %: a % renovation has no status %; its path is %）',
      NEW.code, village_park_type_label(NEW.renovation_type), NEW.status, NEW.code,
      coalesce(NEW.renovation_type, 'untyped'), NEW.status,
      array_to_string(village_park_path(NEW.renovation_type), ' → ')
      USING ERRCODE = 'check_violation';
  END IF;
  RETURN NEW;
END
$$;
CREATE TRIGGER village_park_path_on_insert BEFORE INSERT ON village_park
  FOR EACH ROW EXECUTE FUNCTION check_village_park_path();

-- V6's transition check, on the path of the park's type: one status forward at a time, never back
-- (except by a revert); planning records the target use; the day of a move as before.
CREATE OR REPLACE FUNCTION check_village_park_transition() RETURNS trigger LANGUAGE plpgsql SET search_path FROM CURRENT AS $$
DECLARE
  reverting boolean;
  path text[];
  from_at integer;
  to_at integer;
BEGIN
  IF NEW.status IS NOT DISTINCT FROM OLD.status AND NEW.renovation_type IS NOT DISTINCT FROM OLD.renovation_type THEN
    RETURN NEW;
  END IF;
  SELECT reverts_change_set_id IS NOT NULL INTO reverting FROM change_set WHERE id = NEW.change_set_id;
  IF coalesce(reverting, false) THEN
    RETURN NEW;
  END IF;
  path := village_park_path(NEW.renovation_type);
  to_at := array_position(path, NEW.status);
  IF to_at IS NULL THEN
    RAISE EXCEPTION '村级工业园 %：%没有“%”这一状态（village park %: a % renovation has no status %; its path is %）',
      OLD.code, village_park_type_label(NEW.renovation_type), NEW.status, OLD.code,
      coalesce(NEW.renovation_type, 'untyped'), NEW.status, array_to_string(path, ' → ')
      USING ERRCODE = 'check_violation';
  END IF;
  IF NEW.status IS NOT DISTINCT FROM OLD.status THEN
    RETURN NEW; -- the type changed, and the status lies on the new type's path
  END IF;
  from_at := array_position(path, OLD.status);
  IF from_at IS NULL OR to_at <> from_at + 1 THEN
    RAISE EXCEPTION '村级工业园 % 不能从 % 直接变为 %：%的下一状态是 %（village park % cannot move from % to %: one status forward at a time on the path of a % renovation, %）',
      OLD.code, OLD.status, NEW.status, village_park_type_label(NEW.renovation_type),
      coalesce(path[from_at + 1], '（无 none）'), OLD.code, OLD.status, NEW.status,
      coalesce(NEW.renovation_type, 'untyped'), array_to_string(path, ' → ')
      USING ERRCODE = 'check_violation';
  END IF;
  IF OLD.status = 'NOT_PLANNED' AND NEW.target_use IS NULL THEN
    RAISE EXCEPTION '村级工业园 % 列入计划须记录改造后用途（工改工或其他）（village park % needs its target use when planned: INDUSTRIAL or another）',
      OLD.code, OLD.code USING ERRCODE = 'check_violation';
  END IF;
  IF NEW.status_since IS NOT DISTINCT FROM OLD.status_since THEN
    NEW.status_since := (now() AT TIME ZONE 'Asia/Shanghai')::date;
  END IF;
  IF NEW.status_since > (now() AT TIME ZONE 'Asia/Shanghai')::date THEN
    RAISE EXCEPTION '村级工业园 % 的状态日期 % 在将来（the date of a status, %, cannot be in the future）',
      OLD.code, NEW.status_since, NEW.status_since USING ERRCODE = 'check_violation';
  END IF;
  IF NEW.status_since < OLD.status_since THEN
    RAISE EXCEPTION '村级工业园 % 的状态日期 % 早于上一状态的日期 %（a status cannot start before the previous one, %）',
      OLD.code, NEW.status_since, OLD.status_since, OLD.status_since USING ERRCODE = 'check_violation';
  END IF;
  RETURN NEW;
END
$$;

-- A plan takes only parks that are planned: a park NOT_PLANNED is planned first (its type, year and
-- target use), then put in a plan. Checked with the district rule of V6, once per statement.
CREATE OR REPLACE FUNCTION check_plan_park_district() RETURNS trigger LANGUAGE plpgsql SET search_path FROM CURRENT AS $$
DECLARE
  bad record;
BEGIN
  SELECT n.village_park_id, v.code, v.district_code AS park_district, n.district_code AS plan_district INTO bad
  FROM changed n JOIN village_park v ON v.id = n.village_park_id
  WHERE v.district_code <> n.district_code
  LIMIT 1;
  IF FOUND THEN
    RAISE EXCEPTION '村级工业园 % 属于 %，不能列入 % 的计划（village park % lies in district %, not in the plan''s district %）',
      bad.code, bad.park_district, bad.plan_district, bad.code, bad.park_district, bad.plan_district
      USING ERRCODE = 'check_violation';
  END IF;
  SELECT v.code, n.year INTO bad
  FROM changed n JOIN village_park v ON v.id = n.village_park_id
  WHERE v.status = 'NOT_PLANNED'
  ORDER BY v.code
  LIMIT 1;
  IF FOUND THEN
    RAISE EXCEPTION '村级工业园 % 尚未列入改造计划（未计划）：先为它确定改造类型、计划年度和改造后用途，再列入 % 年的计划（village park % is NOT_PLANNED: plan it first — type, year, target use — then put it in the % plan）',
      bad.code, bad.year, bad.code, bad.year USING ERRCODE = 'check_violation';
  END IF;
  RETURN NULL;
END
$$;

-- 以增定改 now weighs the floor area of the land supplied in a year too: the sum stays index-only.
DROP INDEX parcel_granted_on_idx;
CREATE INDEX parcel_granted_on_idx ON parcel (granted_on, district_code) INCLUDE (area_m2, floor_area_m2);

-- Land-use classification: both schemes, with a mapping -------------------------------------------
-- GB/T 21010-2017 (the land surveys: 0601 工业用地, 0602 采矿用地, 0604 仓储用地) and the current
-- national land-space classification, 《国土空间调查、规划、用途管制用地用海分类指南》 (2023: 1001 工业用地
-- with 100101–100103 一类/二类/三类工业用地, 1002 采矿用地, 1101 物流仓储用地). Both stay valid for a
-- parcel; each code of the old scheme maps to its code of the current one (maps_to), each class of
-- the current scheme names its parent (parent_code). A parcel written without a land use gets the
-- current 1001.
ALTER TABLE land_use
  ADD COLUMN scheme text NOT NULL DEFAULT 'GB/T 21010-2017'
    CHECK (scheme IN ('GB/T 21010-2017', '国土空间用地用海分类 2023')),
  ADD COLUMN maps_to text REFERENCES land_use,
  ADD COLUMN parent_code text REFERENCES land_use;
COMMENT ON COLUMN land_use.maps_to IS 'for a code of GB/T 21010: its code in the current land-space classification (2023)';
COMMENT ON COLUMN land_use.parent_code IS 'for a class of the current classification: the class it belongs to (100101 → 1001)';
INSERT INTO land_use (code, name, name_en, scheme, parent_code) VALUES
  ('1001', '工业用地', 'Industrial land', '国土空间用地用海分类 2023', NULL),
  ('1002', '采矿用地', 'Mining land', '国土空间用地用海分类 2023', NULL),
  ('1101', '物流仓储用地', 'Logistics and warehousing land', '国土空间用地用海分类 2023', NULL);
INSERT INTO land_use (code, name, name_en, scheme, parent_code) VALUES
  ('100101', '一类工业用地', 'Class-1 industrial land (little disturbance to its surroundings)', '国土空间用地用海分类 2023', '1001'),
  ('100102', '二类工业用地', 'Class-2 industrial land (some disturbance)', '国土空间用地用海分类 2023', '1001'),
  ('100103', '三类工业用地', 'Class-3 industrial land (serious disturbance)', '国土空间用地用海分类 2023', '1001');
UPDATE land_use SET maps_to = CASE code WHEN '0601' THEN '1001' WHEN '0602' THEN '1002' WHEN '0604' THEN '1101' END
WHERE code IN ('0601', '0602', '0604');
ALTER TABLE parcel ALTER COLUMN land_use SET DEFAULT '1001';

-- A land use in the current classification: itself, or what its old code maps to, as its top class.
CREATE FUNCTION land_use_current(code text) RETURNS text LANGUAGE sql STABLE SET search_path FROM CURRENT AS $$
  SELECT coalesce(u.parent_code, u.maps_to, u.code) FROM land_use u WHERE u.code = land_use_current.code
$$;
