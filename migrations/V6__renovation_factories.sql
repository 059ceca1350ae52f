-- Village-park renovation (村级工业园改造): status transitions and their ledger, annual plans;
-- commercial factory buildings (商品厂房): stage transitions and their ledger, units sold or leased.
-- What must never break is checked here, for every writer: the service, psql, an import.

-- Village parks: status order and the data each status needs ---------------------------------------

ALTER TABLE village_park ADD COLUMN status_since date;
COMMENT ON COLUMN village_park.status_since IS 'the day the park entered its current status';

-- 拆除 done (construction begins) needs the demolished area; 竣工 needs the new floor area and the
-- plot ratio after; 投产 needs the enterprises after.
ALTER TABLE village_park
  ADD CONSTRAINT village_park_demolition_recorded CHECK (
    status NOT IN ('CONSTRUCTION', 'COMPLETED', 'PRODUCTION') OR demolished_area_m2 IS NOT NULL),
  ADD CONSTRAINT village_park_completion_recorded CHECK (
    status NOT IN ('COMPLETED', 'PRODUCTION') OR (new_floor_area_m2 IS NOT NULL AND plot_ratio_after IS NOT NULL)),
  ADD CONSTRAINT village_park_production_recorded CHECK (
    status <> 'PRODUCTION' OR enterprises_after IS NOT NULL);

CREATE FUNCTION village_park_status_rank(status text) RETURNS integer LANGUAGE sql IMMUTABLE AS $$
  SELECT array_position(ARRAY['NOT_PLANNED', 'PLANNED', 'DEMOLITION', 'CONSTRUCTION', 'COMPLETED', 'PRODUCTION'], status)
$$;

-- A park moves one status forward at a time (计划 → 拆除 → 建设 → 竣工 → 投产), never back, except by a
-- revert of the change set that moved it. The day of a move defaults to today (in Foshan), is never in the
-- future and never before the day of the previous move.
CREATE FUNCTION check_village_park_transition() RETURNS trigger LANGUAGE plpgsql SET search_path FROM CURRENT AS $$
DECLARE
  reverting boolean;
BEGIN
  IF NEW.status IS NOT DISTINCT FROM OLD.status THEN
    RETURN NEW;
  END IF;
  SELECT reverts_change_set_id IS NOT NULL INTO reverting FROM change_set WHERE id = NEW.change_set_id;
  IF coalesce(reverting, false) THEN
    RETURN NEW;
  END IF;
  IF village_park_status_rank(NEW.status) <> village_park_status_rank(OLD.status) + 1 THEN
    RAISE EXCEPTION '村级工业园 % 不能从 % 直接变为 %（village park % cannot move from % to %: one status forward at a time）',
      OLD.code, OLD.status, NEW.status, OLD.code, OLD.status, NEW.status
      USING ERRCODE = 'check_violation';
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
CREATE TRIGGER village_park_transition BEFORE UPDATE ON village_park
  FOR EACH ROW EXECUTE FUNCTION check_village_park_transition();

-- The renovation ledger: every status a park entered, with the day, who and the document (from its
-- change set).
CREATE TABLE village_park_status (
  id               bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  village_park_id  bigint      NOT NULL,
  status           text        NOT NULL,
  entered_on       date        NOT NULL,
  actor            text        NOT NULL,
  document_number  text,
  change_set_id    bigint      NOT NULL REFERENCES change_set,
  recorded_at      timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX village_park_status_park_idx ON village_park_status (village_park_id, id);

CREATE FUNCTION record_village_park_status() RETURNS trigger LANGUAGE plpgsql SET search_path FROM CURRENT AS $$
BEGIN
  IF TG_OP = 'UPDATE' AND NEW.status IS NOT DISTINCT FROM OLD.status THEN
    RETURN NULL;
  END IF;
  INSERT INTO village_park_status (village_park_id, status, entered_on, actor, document_number, change_set_id)
  SELECT NEW.id, NEW.status, coalesce(NEW.status_since, (now() AT TIME ZONE 'Asia/Shanghai')::date), cs.author, cs.document_number, cs.id
  FROM change_set cs WHERE cs.id = NEW.change_set_id;
  RETURN NULL;
END
$$;
-- (inserts are recorded when they carry a status date: the demo city's bulk load carries none)
CREATE TRIGGER village_park_status_on_insert AFTER INSERT ON village_park
  FOR EACH ROW WHEN (NEW.status_since IS NOT NULL) EXECUTE FUNCTION record_village_park_status();
CREATE TRIGGER village_park_status_on_update AFTER UPDATE OF status ON village_park
  FOR EACH ROW EXECUTE FUNCTION record_village_park_status();

-- Annual plans 年度计划 ---------------------------------------------------------------------------------

-- One batch of a district's renovation plan for a year, with its targets.
CREATE TABLE renovation_plan (
  id                     bigint        GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
  year                   smallint      NOT NULL CHECK (year BETWEEN 2018 AND 2035),
  district_code          char(6)       NOT NULL REFERENCES district,
  batch                  smallint      NOT NULL DEFAULT 1 CHECK (batch BETWEEN 1 AND 20),
  name                   text          NOT NULL CHECK (length(trim(name)) > 0),
  target_demolish_mu     numeric(12, 2) NOT NULL CHECK (target_demolish_mu >= 0),
  target_floor_area_m2   numeric(14, 1) NOT NULL CHECK (target_floor_area_m2 >= 0),
  document_number        text,
  updated_by             text          NOT NULL,
  version                integer       NOT NULL DEFAULT 1 CHECK (version > 0),
  updated_at             timestamptz   NOT NULL DEFAULT now(),
  UNIQUE (year, district_code, batch),
  UNIQUE (id, year, district_code)
);
COMMENT ON COLUMN renovation_plan.target_demolish_mu IS 'area to demolish in the year, mu';
COMMENT ON COLUMN renovation_plan.target_floor_area_m2 IS 'new floor area to build in the year, m²';

-- The parks of a plan: a park is in one plan a year at most, and in its own district's plan.
CREATE TABLE renovation_plan_park (
  plan_id          bigint   NOT NULL,
  year             smallint NOT NULL,
  district_code    char(6)  NOT NULL,
  village_park_id  bigint   NOT NULL REFERENCES village_park ON DELETE CASCADE,
  PRIMARY KEY (plan_id, village_park_id),
  UNIQUE (village_park_id, year),
  FOREIGN KEY (plan_id, year, district_code) REFERENCES renovation_plan (id, year, district_code)
    ON DELETE CASCADE ON UPDATE CASCADE
);
CREATE INDEX renovation_plan_park_year_idx ON renovation_plan_park (year, district_code);

CREATE FUNCTION check_plan_park_district() RETURNS trigger LANGUAGE plpgsql SET search_path FROM CURRENT AS $$
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
  RETURN NULL;
END
$$;
CREATE TRIGGER renovation_plan_park_district AFTER INSERT ON renovation_plan_park
  REFERENCING NEW TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION check_plan_park_district();
CREATE TRIGGER renovation_plan_park_district_on_update AFTER UPDATE ON renovation_plan_park
  REFERENCING NEW TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION check_plan_park_district();

-- Commercial factory buildings: stage order and ledger -----------------------------------------------

CREATE FUNCTION factory_stage_rank(stage text) RETURNS integer LANGUAGE sql IMMUTABLE AS $$
  SELECT array_position(ARRAY['INDUSTRY_INTRODUCTION', 'APPROVAL', 'CONSTRUCTION', 'SALES', 'OPERATION', 'ASSESSMENT'], stage)
$$;

-- A building moves one stage forward at a time; its writes each belong to a change set of their own
-- (who, why, which document) and raise its version.
CREATE FUNCTION check_factory_building_write() RETURNS trigger LANGUAGE plpgsql SET search_path FROM CURRENT AS $$
BEGIN
  IF NEW.stage IS DISTINCT FROM OLD.stage THEN
    IF factory_stage_rank(NEW.stage) <> factory_stage_rank(OLD.stage) + 1 THEN
      RAISE EXCEPTION '商品厂房 % 不能从 % 直接进入 %（factory building % cannot move from % to %: one stage forward at a time）',
        OLD.code, OLD.stage, NEW.stage, OLD.code, OLD.stage, NEW.stage USING ERRCODE = 'check_violation';
    END IF;
    IF NEW.stage_since IS NOT DISTINCT FROM OLD.stage_since THEN
      NEW.stage_since := (now() AT TIME ZONE 'Asia/Shanghai')::date;
    END IF;
    IF NEW.stage_since < OLD.stage_since OR NEW.stage_since > (now() AT TIME ZONE 'Asia/Shanghai')::date THEN
      RAISE EXCEPTION '商品厂房 % 的阶段日期 % 不在 % 与今天之间（the stage date % must lie between % and today）',
        OLD.code, NEW.stage_since, OLD.stage_since, NEW.stage_since, OLD.stage_since USING ERRCODE = 'check_violation';
    END IF;
  END IF;
  NEW.version := OLD.version + 1;
  NEW.updated_at := now();
  RETURN NEW;
END
$$;
CREATE TRIGGER factory_building_write BEFORE UPDATE ON factory_building
  FOR EACH ROW EXECUTE FUNCTION check_factory_building_write();

CREATE TABLE factory_building_stage (
  id                   bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  factory_building_id  bigint      NOT NULL REFERENCES factory_building ON DELETE CASCADE,
  stage                text        NOT NULL,
  entered_on           date        NOT NULL,
  actor                text        NOT NULL,
  document_number      text,
  change_set_id        bigint      NOT NULL REFERENCES change_set
);
CREATE INDEX factory_building_stage_building_idx ON factory_building_stage (factory_building_id, id);

CREATE FUNCTION record_factory_stage() RETURNS trigger LANGUAGE plpgsql SET search_path FROM CURRENT AS $$
BEGIN
  IF NEW.stage IS DISTINCT FROM OLD.stage THEN
    INSERT INTO factory_building_stage (factory_building_id, stage, entered_on, actor, document_number, change_set_id)
    SELECT NEW.id, NEW.stage, NEW.stage_since, cs.author, cs.document_number, cs.id
    FROM change_set cs WHERE cs.id = NEW.change_set_id;
  END IF;
  RETURN NULL;
END
$$;
CREATE TRIGGER factory_building_stage_ledger AFTER UPDATE OF stage ON factory_building
  FOR EACH ROW EXECUTE FUNCTION record_factory_stage();

-- Units of a factory building, sold or leased: who took them (industrial or not), at what price per
-- m² (sale, CNY) or rent per m² and month (lease, CNY).
CREATE TABLE factory_unit (
  id                   bigint        GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
  factory_building_id  bigint        NOT NULL REFERENCES factory_building ON DELETE CASCADE,
  unit_no              text          NOT NULL CHECK (length(trim(unit_no)) > 0),
  floor_area_m2        numeric(12, 1) NOT NULL CHECK (floor_area_m2 > 0),
  deal                 text          NOT NULL CHECK (deal IN ('SOLD', 'LEASED')),
  occupant             text          NOT NULL CHECK (length(trim(occupant)) > 0),
  occupant_industrial  boolean       NOT NULL,
  industry_code        text          REFERENCES industry,
  price_cny_m2         numeric(10, 2) CHECK (price_cny_m2 > 0),
  rent_cny_m2_month    numeric(8, 2)  CHECK (rent_cny_m2_month > 0),
  deal_on              date          NOT NULL,
  version              integer       NOT NULL DEFAULT 1 CHECK (version > 0),
  change_set_id        bigint        NOT NULL REFERENCES change_set,
  updated_at           timestamptz   NOT NULL DEFAULT now(),
  UNIQUE (factory_building_id, unit_no),
  CONSTRAINT factory_unit_price_of_deal CHECK (
    (deal = 'SOLD' AND price_cny_m2 IS NOT NULL AND rent_cny_m2_month IS NULL)
    OR (deal = 'LEASED' AND rent_cny_m2_month IS NOT NULL AND price_cny_m2 IS NULL)),
  CONSTRAINT factory_unit_industry_of_industrial CHECK (NOT occupant_industrial OR industry_code IS NOT NULL)
);
COMMENT ON COLUMN factory_unit.occupant_industrial IS 'the buyer or tenant is an industrial enterprise (工业企业)';

-- Once a building has units, its sold and leased areas are the sums of its units (so the CHECK
-- sold + leased <= floor area holds for the units too). One statement, one update.
CREATE FUNCTION resum_factory_buildings(ids bigint[]) RETURNS void LANGUAGE sql SET search_path FROM CURRENT AS $$
  UPDATE factory_building b
  SET sold_area_m2 = s.sold, leased_area_m2 = s.leased
  FROM (SELECT t.id,
               coalesce(sum(u.floor_area_m2) FILTER (WHERE u.deal = 'SOLD'), 0) AS sold,
               coalesce(sum(u.floor_area_m2) FILTER (WHERE u.deal = 'LEASED'), 0) AS leased
        FROM (SELECT DISTINCT unnest(ids) AS id) t
        LEFT JOIN factory_unit u ON u.factory_building_id = t.id
        GROUP BY t.id) s
  WHERE b.id = s.id AND (b.sold_area_m2, b.leased_area_m2) IS DISTINCT FROM (s.sold, s.leased)
$$;
CREATE FUNCTION sum_factory_units() RETURNS trigger LANGUAGE plpgsql SET search_path FROM CURRENT AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    PERFORM resum_factory_buildings(ARRAY(SELECT factory_building_id FROM new_units));
  ELSIF TG_OP = 'UPDATE' THEN
    PERFORM resum_factory_buildings(ARRAY(SELECT factory_building_id FROM new_units
                                          UNION SELECT factory_building_id FROM old_units));
  ELSE
    PERFORM resum_factory_buildings(ARRAY(SELECT factory_building_id FROM old_units));
  END IF;
  RETURN NULL;
END
$$;
CREATE TRIGGER factory_unit_sums_on_insert AFTER INSERT ON factory_unit
  REFERENCING NEW TABLE AS new_units FOR EACH STATEMENT EXECUTE FUNCTION sum_factory_units();
CREATE TRIGGER factory_unit_sums_on_update AFTER UPDATE ON factory_unit
  REFERENCING NEW TABLE AS new_units OLD TABLE AS old_units FOR EACH STATEMENT EXECUTE FUNCTION sum_factory_units();
CREATE TRIGGER factory_unit_sums_on_delete AFTER DELETE ON factory_unit
  REFERENCING OLD TABLE AS old_units FOR EACH STATEMENT EXECUTE FUNCTION sum_factory_units();
CREATE INDEX factory_unit_building_idx ON factory_unit (factory_building_id);

-- "以增定改": the renovation of a year is weighed against the industrial land supplied (granted) that
-- year, per district; this keeps that sum an index-only scan.
CREATE INDEX parcel_granted_on_idx ON parcel (granted_on, district_code) INCLUDE (area_m2);
