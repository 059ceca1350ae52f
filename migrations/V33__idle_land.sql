-- Idle land 闲置土地 and breaches of the supervision agreement, as the law defines them (issue 15;
-- 《闲置土地处置办法》, 国土资源部令第53号, 2012, and the model grant contract GF-2008-2601):
--   * idle when works have not started one full year after the agreed start date (clause 1), or when
--     works started, the developed area is under one third of the parcel or the investment under 25%
--     of the agreed total, and works have stopped for one full year (clause 2);
--   * disposal: idle one to two years → idle-land fee 闲置费 of 20% of the grant price; two years or
--     more → taken back without compensation 无偿收回; a delay caused by the government is recorded
--     as such and disposed of by the agreed remedy (extension, change of use, swap, other), no fee;
--   * a breach of the supervision agreement → liquidated damages 违约金 per the agreement's terms,
--     tracked to payment.
-- Every rule holds for every writer (the service, psql, the owner): triggers, not the service.

-- The grant contract's terms the law needs ---------------------------------------------------------

ALTER TABLE supervision_agreement
  ADD COLUMN grant_price_10k_cny numeric(14, 2) CHECK (grant_price_10k_cny > 0),
  ADD COLUMN total_investment_10k_cny numeric(14, 2) CHECK (total_investment_10k_cny > 0),
  ADD COLUMN damages_per_day_permille numeric(6, 3) NOT NULL DEFAULT 1
    CHECK (damages_per_day_permille >= 0 AND damages_per_day_permille <= 10),
  ADD COLUMN damages_shortfall_share numeric(5, 4) NOT NULL DEFAULT 1
    CHECK (damages_shortfall_share >= 0 AND damages_shortfall_share <= 1);
COMMENT ON COLUMN supervision_agreement.grant_price_10k_cny IS '出让价款: the grant price, 万元';
COMMENT ON COLUMN supervision_agreement.total_investment_10k_cny IS
  '约定投资总额: agreed total investment, 万元 (NULL: investment_per_mu × the parcel''s mu)';
COMMENT ON COLUMN supervision_agreement.damages_per_day_permille IS
  '违约金 per day a milestone (动工, 竣工, 投产) is late, ‰ of the grant price (GF-2008-2601 第三十七条)';
COMMENT ON COLUMN supervision_agreement.damages_shortfall_share IS
  '违约金 per unmet per-mu indicator: grant price × this share × shortfall ÷ target (GF-2008-2601 第三十八条)';

-- Construction progress per parcel and year (from the yearly indicator import) ------------------------

CREATE TABLE parcel_progress (
  parcel_id           bigint         NOT NULL REFERENCES parcel ON DELETE CASCADE,
  year                smallint       NOT NULL CHECK (year BETWEEN 2000 AND 2100),
  developed_area_m2   numeric(12, 1) CHECK (developed_area_m2 >= 0),
  invested_10k_cny    numeric(14, 2) CHECK (invested_10k_cny >= 0),
  works_stopped_on    date,
  import_id           bigint         REFERENCES indicator_import,
  PRIMARY KEY (parcel_id, year)
);
CREATE INDEX parcel_progress_stopped_idx ON parcel_progress (works_stopped_on, parcel_id)
  WHERE works_stopped_on IS NOT NULL;
CREATE INDEX parcel_progress_import_idx ON parcel_progress (import_id);
COMMENT ON TABLE parcel_progress IS
  'construction progress as reported for a year: area developed (已开发面积, m²), investment made (已投资额, 万元), and the day works stopped (停工, NULL: not stopped)';

ALTER TABLE indicator_import_row
  ADD COLUMN progress_parcel_id bigint REFERENCES parcel,
  ADD COLUMN developed_area_m2 numeric(12, 1),
  ADD COLUMN invested_10k_cny numeric(14, 2),
  ADD COLUMN works_stopped_on date;

-- The two clauses, one computation for the listing, the cases and the tests (inlined by the planner:
-- plain SQL expressions of their arguments). Full years count from the agreed start date (clause 1)
-- or the day works stopped (clause 2); 满一年 is reached on the anniversary.
CREATE FUNCTION idle_clause(agreed_start date, started date, area_m2 double precision,
                            developed_m2 numeric, total_investment numeric, invested numeric,
                            stopped date, as_of date) RETURNS text
LANGUAGE sql IMMUTABLE AS $$
  SELECT CASE
    WHEN agreed_start IS NOT NULL AND (started IS NULL OR started > as_of)
         AND as_of >= agreed_start + interval '1 year' THEN 'NOT_STARTED'
    WHEN started <= as_of AND stopped <= as_of AND as_of >= stopped + interval '1 year'
         AND (developed_m2 * 3 < area_m2 OR invested * 4 < total_investment) THEN 'STOPPED'
  END
$$;

CREATE FUNCTION idle_years(since date, as_of date) RETURNS integer
LANGUAGE sql IMMUTABLE AS $$
  SELECT extract(year FROM age(as_of, since))::integer
$$;

-- A parcel's idleness on a day: its clause, since when it counts, full years (nothing when not idle).
CREATE FUNCTION parcel_idleness(parcel bigint, as_of date)
RETURNS TABLE (clause text, since date, years integer)
LANGUAGE sql STABLE SET search_path FROM CURRENT AS $$
  WITH x AS (
    SELECT sa.start_works_by, pg.works_stopped_on,
           idle_clause(sa.start_works_by, p.works_started_on, p.area_m2, pg.developed_area_m2,
                       coalesce(sa.total_investment_10k_cny, sa.investment_per_mu * p.area_m2::numeric * 15 / 10000),
                       pg.invested_10k_cny, pg.works_stopped_on, as_of) AS clause
    FROM parcel p
    JOIN supervision_agreement sa ON sa.parcel_id = p.id
    LEFT JOIN LATERAL (SELECT * FROM parcel_progress r
                       WHERE r.parcel_id = p.id AND r.year <= extract(year FROM as_of)
                       ORDER BY r.year DESC LIMIT 1) pg ON true
    WHERE p.id = parcel
  )
  SELECT clause, s, idle_years(s, as_of)
  FROM x CROSS JOIN LATERAL (SELECT CASE clause WHEN 'NOT_STARTED' THEN start_works_by
                                                  ELSE works_stopped_on END) AS t(s)
  WHERE clause IS NOT NULL
$$;

CREATE INDEX supervision_agreement_start_works_by_idx ON supervision_agreement (start_works_by);
-- the listing's first clause looks at the parcels not started only (a few in a hundred)
CREATE INDEX parcel_not_started_idx ON parcel (id) WHERE works_started_on IS NULL;

-- Disposal cases 闲置土地处置 ------------------------------------------------------------------------

-- NOTIFIED (通知) → [HEARING (听证, when the holder asks)] → DECIDED (决定) → CLOSED (fee paid, land
-- taken back, or remedy carried out). One step at a time, dates in order, each step with its 文号.
CREATE TABLE idle_land_case (
  id                bigint      GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
  parcel_id         bigint      NOT NULL REFERENCES parcel,
  district_code     char(6)     NOT NULL REFERENCES district,
  clause            text        NOT NULL CHECK (clause IN ('NOT_STARTED', 'STOPPED')),
  idle_since        date        NOT NULL,
  status            text        NOT NULL CHECK (status IN ('NOTIFIED', 'HEARING', 'DECIDED', 'CLOSED')),
  cause             text        NOT NULL DEFAULT 'ENTERPRISE' CHECK (cause IN ('ENTERPRISE', 'GOVERNMENT')),
  government_reason text        CHECK (char_length(government_reason) <= 500),
  notice_on         date        NOT NULL,
  notice_number     text        NOT NULL CHECK (char_length(notice_number) BETWEEN 1 AND 100),
  hearing_on        date,
  hearing_number    text        CHECK (char_length(hearing_number) BETWEEN 1 AND 100),
  decided_on        date,
  decision_number   text        CHECK (char_length(decision_number) BETWEEN 1 AND 100),
  idle_years        integer,
  disposal          text        CHECK (disposal IN ('FEE', 'TAKE_BACK', 'REMEDY')),
  remedy            text        CHECK (remedy IN ('EXTENSION', 'CHANGE_OF_USE', 'SWAP', 'OTHER')),
  remedy_note       text        CHECK (char_length(remedy_note) <= 500),
  grant_price_10k_cny numeric(14, 2),
  fee_10k_cny       numeric(14, 2),
  closed_on         date,
  fee_paid_10k_cny  numeric(14, 2),
  version           integer     NOT NULL DEFAULT 1,
  updated_by        text,
  updated_at        timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT idle_land_case_government_reason CHECK (cause = 'ENTERPRISE' OR government_reason IS NOT NULL),
  CONSTRAINT idle_land_case_decided CHECK (status NOT IN ('DECIDED', 'CLOSED')
    OR (decided_on IS NOT NULL AND decision_number IS NOT NULL AND disposal IS NOT NULL AND idle_years IS NOT NULL)),
  CONSTRAINT idle_land_case_fee CHECK ((disposal = 'FEE') = (fee_10k_cny IS NOT NULL)),
  CONSTRAINT idle_land_case_remedy CHECK ((disposal = 'REMEDY') = (remedy IS NOT NULL))
);
-- one open case per parcel
CREATE UNIQUE INDEX idle_land_case_open_idx ON idle_land_case (parcel_id) WHERE status <> 'CLOSED';
CREATE INDEX idle_land_case_district_idx ON idle_land_case (district_code, id);
CREATE INDEX idle_land_case_parcel_idx ON idle_land_case (parcel_id, id);
COMMENT ON COLUMN idle_land_case.idle_since IS 'the agreed start date (NOT_STARTED) or the day works stopped (STOPPED)';
COMMENT ON COLUMN idle_land_case.fee_10k_cny IS '闲置费 = 20% of the grant price, 万元';

-- Append-only history of every case: each state as written, who wrote it, when.
CREATE TABLE idle_land_case_history (
  id         bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  case_id    bigint      NOT NULL REFERENCES idle_land_case,
  status     text        NOT NULL,
  state      jsonb       NOT NULL,
  written_by text        NOT NULL,
  written_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX idle_land_case_history_case_idx ON idle_land_case_history (case_id, id);

CREATE FUNCTION guard_idle_land_case() RETURNS trigger LANGUAGE plpgsql SET search_path FROM CURRENT AS $$
DECLARE
  pcode text;
  idle record;
  price numeric;
  steps text;
BEGIN
  SELECT code, district_code INTO pcode, NEW.district_code FROM parcel WHERE id = NEW.parcel_id;
  NEW.updated_by := coalesce(actor_name(), session_user::text);
  NEW.updated_at := now();
  IF TG_OP = 'INSERT' THEN
    IF NEW.status <> 'NOTIFIED' THEN
      RAISE EXCEPTION '闲置土地处置案件从通知开始（a disposal case starts with its notice, NOTIFIED, not %）', NEW.status
        USING ERRCODE = 'check_violation';
    END IF;
    IF NEW.hearing_on IS NOT NULL OR NEW.decided_on IS NOT NULL OR NEW.closed_on IS NOT NULL THEN
      RAISE EXCEPTION '新案件只有通知（a new case has its notice only: hearing and decision come later）'
        USING ERRCODE = 'check_violation';
    END IF;
    SELECT * INTO idle FROM parcel_idleness(NEW.parcel_id, NEW.notice_on);
    IF idle.clause IS NULL THEN
      RAISE EXCEPTION '宗地 % 在 % 不构成闲置土地（parcel % is not idle land on %: not started one full year after the agreed date, nor stopped one full year under one third developed or 25%% invested）',
        pcode, NEW.notice_on, pcode, NEW.notice_on USING ERRCODE = 'check_violation';
    END IF;
    NEW.clause := idle.clause;
    NEW.idle_since := idle.since;
    NEW.version := 1;
    NEW.idle_years := NULL; NEW.disposal := NULL; NEW.fee_10k_cny := NULL; NEW.fee_paid_10k_cny := NULL;
    NEW.grant_price_10k_cny := NULL;
    RETURN NEW;
  END IF;
  -- UPDATE: exactly one step forward, nothing before it rewritten
  IF NEW.id <> OLD.id OR NEW.parcel_id <> OLD.parcel_id OR NEW.clause <> OLD.clause OR NEW.idle_since <> OLD.idle_since
     OR NEW.notice_on <> OLD.notice_on OR NEW.notice_number <> OLD.notice_number
     OR (OLD.status <> 'NOTIFIED' AND (NEW.hearing_on IS DISTINCT FROM OLD.hearing_on
                                       OR NEW.hearing_number IS DISTINCT FROM OLD.hearing_number))
     OR (OLD.status IN ('DECIDED', 'CLOSED') AND (NEW.cause <> OLD.cause
         OR NEW.government_reason IS DISTINCT FROM OLD.government_reason
         OR NEW.decided_on IS DISTINCT FROM OLD.decided_on OR NEW.decision_number IS DISTINCT FROM OLD.decision_number
         OR NEW.disposal IS DISTINCT FROM OLD.disposal OR NEW.remedy IS DISTINCT FROM OLD.remedy
         OR NEW.fee_10k_cny IS DISTINCT FROM OLD.fee_10k_cny)) THEN
    RAISE EXCEPTION '闲置土地处置案件 %（宗地 %）已记录的步骤不能修改（the steps a case has recorded do not change）', OLD.id, pcode
      USING ERRCODE = 'check_violation';
  END IF;
  steps := CASE OLD.status WHEN 'NOTIFIED' THEN 'HEARING 或 DECIDED' WHEN 'HEARING' THEN 'DECIDED'
                           WHEN 'DECIDED' THEN 'CLOSED' ELSE '无（已结案 closed）' END;
  IF NOT ((OLD.status = 'NOTIFIED' AND NEW.status IN ('HEARING', 'DECIDED'))
          OR (OLD.status = 'HEARING' AND NEW.status = 'DECIDED')
          OR (OLD.status = 'DECIDED' AND NEW.status = 'CLOSED')) THEN
    RAISE EXCEPTION '闲置土地处置案件 %（宗地 %）不能从 % 到 %，下一步只能是 %（a case moves one step: notice → [hearing] → decision → closed）',
      OLD.id, pcode, OLD.status, NEW.status, steps USING ERRCODE = 'check_violation';
  END IF;
  NEW.version := OLD.version + 1;
  IF NEW.status = 'HEARING' THEN
    IF NEW.hearing_on IS NULL OR NEW.hearing_number IS NULL OR NEW.hearing_on < NEW.notice_on THEN
      RAISE EXCEPTION '听证需要日期（不早于通知 %）和文号（a hearing needs its date, not before the notice, and its 文号）', NEW.notice_on
        USING ERRCODE = 'check_violation';
    END IF;
  ELSIF NEW.status = 'DECIDED' THEN
    IF NEW.decided_on IS NULL OR NEW.decision_number IS NULL
       OR NEW.decided_on < coalesce(NEW.hearing_on, NEW.notice_on) THEN
      RAISE EXCEPTION '处置决定需要日期（不早于通知和听证）和文号（a decision needs its date, not before the notice or hearing, and its 文号）'
        USING ERRCODE = 'check_violation';
    END IF;
    IF OLD.status = 'NOTIFIED' AND (NEW.hearing_on IS NOT NULL OR NEW.hearing_number IS NOT NULL) THEN
      RAISE EXCEPTION '听证须先记录为一步（a hearing is recorded as its own step before the decision）'
        USING ERRCODE = 'check_violation';
    END IF;
    NEW.idle_years := idle_years(NEW.idle_since, NEW.decided_on);
    IF NEW.cause = 'GOVERNMENT' THEN
      IF NEW.remedy IS NULL THEN
        RAISE EXCEPTION '政府原因造成的闲置须记录约定的处置方式（延长动工期限、调整用途、置换土地或其他）（a government-caused delay records its agreed remedy）'
          USING ERRCODE = 'check_violation';
      END IF;
      NEW.disposal := 'REMEDY';
      NEW.fee_10k_cny := NULL;
    ELSE
      IF NEW.remedy IS NOT NULL THEN
        RAISE EXCEPTION '只有政府原因造成的闲置才有约定处置方式（a remedy is for a government-caused delay only）'
          USING ERRCODE = 'check_violation';
      END IF;
      IF NEW.idle_years < 1 THEN
        RAISE EXCEPTION '宗地 % 在 % 闲置未满一年，不能处置（idle under one full year on the decision''s day）', pcode, NEW.decided_on
          USING ERRCODE = 'check_violation';
      ELSIF NEW.idle_years < 2 THEN
        SELECT grant_price_10k_cny INTO price FROM supervision_agreement WHERE parcel_id = NEW.parcel_id;
        IF price IS NULL THEN
          RAISE EXCEPTION '宗地 % 的监管协议没有出让价款，无法计算闲置费（the agreement records no grant price: the fee is 20%% of it）', pcode
            USING ERRCODE = 'check_violation';
        END IF;
        NEW.disposal := 'FEE';
        NEW.grant_price_10k_cny := price;
        NEW.fee_10k_cny := round(price * 0.2, 2);
      ELSE
        NEW.disposal := 'TAKE_BACK';
        NEW.fee_10k_cny := NULL;
      END IF;
    END IF;
  ELSIF NEW.status = 'CLOSED' THEN
    IF NEW.closed_on IS NULL OR NEW.closed_on < NEW.decided_on THEN
      RAISE EXCEPTION '结案需要日期，不早于决定 %（closing needs its date, not before the decision）', NEW.decided_on
        USING ERRCODE = 'check_violation';
    END IF;
    IF NEW.disposal = 'FEE' AND NEW.fee_paid_10k_cny IS DISTINCT FROM NEW.fee_10k_cny THEN
      RAISE EXCEPTION '闲置费 % 万元缴清后才能结案（the fee of % 万元 is paid in full before the case closes）',
        NEW.fee_10k_cny, NEW.fee_10k_cny USING ERRCODE = 'check_violation';
    END IF;
  END IF;
  RETURN NEW;
END
$$;
CREATE TRIGGER idle_land_case_guard BEFORE INSERT OR UPDATE ON idle_land_case
  FOR EACH ROW EXECUTE FUNCTION guard_idle_land_case();

CREATE FUNCTION record_idle_land_case() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER
SET search_path FROM CURRENT AS $$
BEGIN
  INSERT INTO idle_land_case_history (case_id, status, state, written_by)
  VALUES (NEW.id, NEW.status, to_jsonb(NEW), NEW.updated_by);
  RETURN NULL;
END
$$;
CREATE TRIGGER idle_land_case_history AFTER INSERT OR UPDATE ON idle_land_case
  FOR EACH ROW EXECUTE FUNCTION record_idle_land_case();

CREATE FUNCTION refuse_rewrite() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION '% 只能追加，不能修改或删除（% is append-only）', TG_TABLE_NAME, TG_TABLE_NAME
    USING ERRCODE = 'insufficient_privilege';
END
$$;
CREATE TRIGGER idle_land_case_no_delete BEFORE DELETE ON idle_land_case
  FOR EACH ROW EXECUTE FUNCTION refuse_rewrite();
CREATE TRIGGER idle_land_case_history_append_only BEFORE UPDATE OR DELETE ON idle_land_case_history
  FOR EACH ROW EXECUTE FUNCTION refuse_rewrite();

-- Liquidated damages 违约金 of a year's compliance check, tracked to payment --------------------------

-- Assessed from the year's parcel_breach row and the agreement's terms (computed by the trigger, not
-- given by the writer): the days late not charged by an earlier assessment of the same agreement ×
-- the daily rate × the grant price, plus the grant price × the shortfall share × Σ shortfall ÷ target
-- over the unmet per-mu indicators.
CREATE TABLE breach_damages (
  id                     bigint      GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
  agreement_id           bigint      NOT NULL REFERENCES supervision_agreement,
  parcel_id              bigint      NOT NULL REFERENCES parcel,
  district_code          char(6)     NOT NULL REFERENCES district,
  year                   smallint    NOT NULL CHECK (year BETWEEN 2000 AND 2100),
  document_number        text        NOT NULL CHECK (char_length(document_number) BETWEEN 1 AND 100),
  assessed_on            date        NOT NULL,
  due_on                 date        NOT NULL,
  grant_price_10k_cny    numeric(14, 2) NOT NULL,
  days_charged           integer     NOT NULL CHECK (days_charged >= 0),
  days_late_start        integer     NOT NULL,
  days_late_completion   integer     NOT NULL,
  days_late_production   integer     NOT NULL,
  per_day_permille       numeric(6, 3) NOT NULL,
  shortfall_ratio        numeric(10, 6) NOT NULL CHECK (shortfall_ratio >= 0),
  shortfall_share        numeric(5, 4) NOT NULL,
  late_10k_cny           numeric(14, 2) NOT NULL,
  shortfall_10k_cny      numeric(14, 2) NOT NULL,
  amount_due_10k_cny     numeric(14, 2) NOT NULL CHECK (amount_due_10k_cny > 0),
  assessed_by            text        NOT NULL,
  assessed_at            timestamptz NOT NULL DEFAULT now(),
  UNIQUE (agreement_id, year),
  CHECK (due_on >= assessed_on)
);
CREATE INDEX breach_damages_district_idx ON breach_damages (year, district_code, id);

CREATE TABLE breach_damages_payment (
  id               bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  damages_id       bigint      NOT NULL REFERENCES breach_damages,
  paid_on          date        NOT NULL,
  amount_10k_cny   numeric(14, 2) NOT NULL CHECK (amount_10k_cny > 0),
  receipt_number   text        NOT NULL CHECK (char_length(receipt_number) BETWEEN 1 AND 100),
  recorded_by      text        NOT NULL,
  recorded_at      timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX breach_damages_payment_damages_idx ON breach_damages_payment (damages_id, id);

CREATE FUNCTION assess_breach_damages() RETURNS trigger LANGUAGE plpgsql SET search_path FROM CURRENT AS $$
DECLARE
  b record;
  sa record;
  pcode text;
  earlier record;
BEGIN
  SELECT code INTO pcode FROM parcel WHERE id = NEW.parcel_id;
  SELECT * INTO b FROM parcel_breach WHERE year = NEW.year AND parcel_id = NEW.parcel_id;
  IF b.parcel_id IS NULL THEN
    RAISE EXCEPTION '宗地 % 在 % 年的履约核查中没有违约（parcel % has no breach in the compliance check of %）',
      pcode, NEW.year, pcode, NEW.year USING ERRCODE = 'check_violation';
  END IF;
  SELECT * INTO sa FROM supervision_agreement WHERE id = b.agreement_id;
  IF sa.grant_price_10k_cny IS NULL THEN
    RAISE EXCEPTION '宗地 % 的监管协议 % 没有出让价款，无法计算违约金（the agreement records no grant price）',
      pcode, sa.contract_number USING ERRCODE = 'check_violation';
  END IF;
  SELECT coalesce(max(days_late_start), 0) AS s, coalesce(max(days_late_completion), 0) AS c,
         coalesce(max(days_late_production), 0) AS p
  INTO earlier FROM breach_damages WHERE agreement_id = sa.id AND year < NEW.year;
  NEW.agreement_id := sa.id;
  NEW.district_code := b.district_code;
  NEW.assessed_on := coalesce(NEW.assessed_on, current_date);
  NEW.assessed_by := coalesce(actor_name(), session_user::text);
  NEW.assessed_at := now();
  NEW.grant_price_10k_cny := sa.grant_price_10k_cny;
  NEW.days_late_start := coalesce(b.days_late_start, 0);
  NEW.days_late_completion := coalesce(b.days_late_completion, 0);
  NEW.days_late_production := coalesce(b.days_late_production, 0);
  NEW.days_charged := greatest(NEW.days_late_start - earlier.s, 0) + greatest(NEW.days_late_completion - earlier.c, 0)
                      + greatest(NEW.days_late_production - earlier.p, 0);
  NEW.per_day_permille := sa.damages_per_day_permille;
  NEW.shortfall_share := sa.damages_shortfall_share;
  NEW.shortfall_ratio := coalesce((SELECT sum(((s->>'target')::numeric - (s->>'actual')::numeric) / (s->>'target')::numeric)
                                    FROM jsonb_array_elements(b.shortfalls) s), 0);
  NEW.late_10k_cny := round(sa.grant_price_10k_cny * NEW.days_charged * sa.damages_per_day_permille / 1000, 2);
  NEW.shortfall_10k_cny := round(sa.grant_price_10k_cny * sa.damages_shortfall_share * NEW.shortfall_ratio, 2);
  NEW.amount_due_10k_cny := NEW.late_10k_cny + NEW.shortfall_10k_cny;
  IF NEW.amount_due_10k_cny <= 0 THEN
    RAISE EXCEPTION '宗地 % 在 % 年没有应付违约金（no liquidated damages are due: the days late were charged before and no indicator falls short）',
      pcode, NEW.year USING ERRCODE = 'check_violation';
  END IF;
  RETURN NEW;
END
$$;
CREATE TRIGGER breach_damages_assess BEFORE INSERT ON breach_damages
  FOR EACH ROW EXECUTE FUNCTION assess_breach_damages();
CREATE TRIGGER breach_damages_fixed BEFORE UPDATE OR DELETE ON breach_damages
  FOR EACH ROW EXECUTE FUNCTION refuse_rewrite();

CREATE FUNCTION check_breach_payment() RETURNS trigger LANGUAGE plpgsql SET search_path FROM CURRENT AS $$
DECLARE
  d record;
  paid numeric;
BEGIN
  -- payments of one assessment are checked one after the other
  PERFORM pg_advisory_xact_lock(hashtext('breach_damages_payment'), NEW.damages_id::integer);
  SELECT * INTO d FROM breach_damages WHERE id = NEW.damages_id;
  SELECT coalesce(sum(amount_10k_cny), 0) INTO paid FROM breach_damages_payment WHERE damages_id = d.id;
  IF paid + NEW.amount_10k_cny > d.amount_due_10k_cny THEN
    RAISE EXCEPTION '违约金 % 应付 % 万元，已付 % 万元，不能再付 % 万元（more than is due）',
      d.document_number, d.amount_due_10k_cny, paid, NEW.amount_10k_cny USING ERRCODE = 'check_violation';
  END IF;
  IF NEW.paid_on < d.assessed_on THEN
    RAISE EXCEPTION '缴款日期 % 早于违约金核定日期 %（a payment is not made before the assessment）', NEW.paid_on, d.assessed_on
      USING ERRCODE = 'check_violation';
  END IF;
  NEW.recorded_by := coalesce(actor_name(), session_user::text);
  NEW.recorded_at := now();
  RETURN NEW;
END
$$;
CREATE TRIGGER breach_damages_payment_check BEFORE INSERT ON breach_damages_payment
  FOR EACH ROW EXECUTE FUNCTION check_breach_payment();
CREATE TRIGGER breach_damages_payment_append_only BEFORE UPDATE OR DELETE ON breach_damages_payment
  FOR EACH ROW EXECUTE FUNCTION refuse_rewrite();

-- Who writes: the bureau (and the administrator); everyone logged in reads (the service scopes a
-- district officer to their district). The history is written by its trigger only.
GRANT INSERT, UPDATE, DELETE ON parcel_progress TO redline_service;
GRANT INSERT, UPDATE ON idle_land_case TO redline_service;
GRANT INSERT ON breach_damages, breach_damages_payment TO redline_service;
GRANT SELECT ON parcel_progress, idle_land_case, idle_land_case_history, breach_damages, breach_damages_payment,
  supervision_agreement TO redline_editor;
GRANT INSERT, UPDATE ON idle_land_case TO redline_editor;
GRANT INSERT ON breach_damages, breach_damages_payment TO redline_editor;

DO $$
DECLARE
  t text;
BEGIN
  FOREACH t IN ARRAY ARRAY['parcel_progress', 'idle_land_case', 'breach_damages', 'breach_damages_payment'] LOOP
    EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t);
    EXECUTE format('CREATE POLICY %I ON %I FOR SELECT USING (true)', t || '_read', t);
    EXECUTE format('CREATE POLICY %I ON %I FOR ALL
                      USING ((SELECT actor_role()) IN (''BUREAU'', ''ADMIN''))
                      WITH CHECK ((SELECT actor_role()) IN (''BUREAU'', ''ADMIN''))', t || '_write', t);
  END LOOP;
END
$$;
ALTER TABLE idle_land_case_history ENABLE ROW LEVEL SECURITY;
CREATE POLICY idle_land_case_history_read ON idle_land_case_history FOR SELECT USING (true);

SELECT pin_search_paths();
