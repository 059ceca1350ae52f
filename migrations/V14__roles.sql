-- The database is the last line: every writer — the service, an import, a person in psql — is held
-- to the city's rules and to its role, and no setting a session may change switches that off.
--
-- Who is writing (the actor):
--   * The service logs in as a member of redline_service (./redline creates the login redline_app)
--     and names, per connection, the person it acts for: set_config('redline.actor', username).
--     Only a member of redline_service is believed; the actor's role and district are always read
--     from app_user (an unknown or disabled account is nobody).
--   * Anyone else is the account of their own login name: a person given a PostgreSQL login of
--     their account's name (member of redline_editor) writes as that account, whatever they set.
--   * The owner of the schema (migrations, the demo city, reference data) is not an actor: it
--     bypasses row-level security as PostgreSQL's owners do, and is still held to every rule.
-- What a role may write is checked by row-level security and triggers below; the rules of a change
-- set (overlaps, containment, the red-line quota) run on its final state whatever the constraint
-- mode, and a layer row is kept only under a change set committed in the same transaction by a
-- role that commits.

-- Roles (cluster-wide; created once, shared by every database and schema that uses them) ---------

-- (./redline creates them as the superuser; a migrating login with CREATEROLE creates them here)
DO $$
DECLARE
  r text;
BEGIN
  FOREACH r IN ARRAY ARRAY['redline_service', 'redline_editor'] LOOP
    IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = r) THEN
      BEGIN
        EXECUTE format('CREATE ROLE %I NOLOGIN', r);
      EXCEPTION
        WHEN duplicate_object OR unique_violation THEN NULL;
        WHEN insufficient_privilege THEN
          RAISE EXCEPTION 'the role % is missing and % may not create it: as a superuser run CREATE ROLE % NOLOGIN (./redline does)',
            r, current_user, r;
      END;
    END IF;
  END LOOP;
END
$$;
-- redline_service: the service's privileges (its login, e.g. redline_app, is a member);
-- redline_editor: a person writing by SQL as their own account (their login's name is the account's).

-- The actor ---------------------------------------------------------------------------------------

-- Whether the session logged in as the schema's owner (or a superuser): migrations, reference data
-- and the demo city. (session_user, not current_user: inside the owner's own functions the current
-- user is always the owner.)
CREATE FUNCTION is_owner() RETURNS boolean LANGUAGE sql STABLE SET search_path FROM CURRENT AS $$
  SELECT pg_has_role(session_user, (SELECT relowner FROM pg_class WHERE oid = 'change_set'::regclass), 'MEMBER')
$$;

-- The account this session writes as: for the service, the one it names (redline.actor); for any
-- other login, the account of the login's name. Nothing when there is none or it is disabled.
CREATE FUNCTION actor() RETURNS TABLE (username text, role text, district_code char(6))
LANGUAGE sql STABLE SECURITY DEFINER SET search_path FROM CURRENT AS $$
  SELECT u.username, u.role, u.district_code
  FROM app_user u
  WHERE u.enabled
    AND u.username = CASE WHEN pg_has_role(session_user, 'redline_service', 'MEMBER')
                          THEN nullif(current_setting('redline.actor', true), '')
                          ELSE session_user::text END
$$;

CREATE FUNCTION actor_name() RETURNS text LANGUAGE sql STABLE SET search_path FROM CURRENT AS $$
  SELECT username FROM actor()
$$;
CREATE FUNCTION actor_role() RETURNS text LANGUAGE sql STABLE SET search_path FROM CURRENT AS $$
  SELECT role FROM actor()
$$;
CREATE FUNCTION actor_district() RETURNS char(6) LANGUAGE sql STABLE SET search_path FROM CURRENT AS $$
  SELECT district_code FROM actor()
$$;

-- The district a shape belongs to: the one holding most of its area (from the district pieces of
-- V13; a shape inside one district needs no area). Ownership for district officers (D5: not the
-- 0.001° tolerance of containment, which reaches ~100 m into the neighbour).
CREATE FUNCTION district_of(g geometry) RETURNS char(6) LANGUAGE sql STABLE SET search_path FROM CURRENT AS $$
  WITH hits AS (SELECT code, geom FROM district_piece WHERE geom && g AND ST_Intersects(geom, g))
  SELECT CASE WHEN (SELECT count(DISTINCT code) FROM hits) <= 1 THEN (SELECT min(code) FROM hits)
              ELSE (SELECT code FROM hits GROUP BY code
                    ORDER BY sum(ST_Area(ST_Intersection(geom, g))) DESC, code LIMIT 1) END
$$;

-- Whether the actor may write in a district (null: no district known, only the bureau may).
-- Callers wrap the actor in scalar subqueries, so it is looked up once per statement.
CREATE FUNCTION may_write_in(role text, own char(6), district char(6)) RETURNS boolean
LANGUAGE sql IMMUTABLE AS $$
  SELECT CASE WHEN role IN ('BUREAU', 'ADMIN') THEN true
              WHEN role = 'DISTRICT' THEN district IS NOT NULL AND district = own
              ELSE false END
$$;

-- Privileges --------------------------------------------------------------------------------------

-- Staging tables of file imports live in a schema of their own, where the service may create
-- tables (never in the schema of the data: a role that may create there could plant functions the
-- rules would call).
DO $$
DECLARE
  s text := current_schema();
BEGIN
  EXECUTE format('CREATE SCHEMA IF NOT EXISTS %I', s || '_import');
  EXECUTE format('GRANT USAGE, CREATE ON SCHEMA %I TO redline_service', s || '_import');
  EXECUTE format('GRANT USAGE ON SCHEMA %I TO redline_service, redline_editor', s);
  -- the service reads everything (future tables too); writes are granted table by table below
  EXECUTE format('GRANT SELECT ON ALL TABLES IN SCHEMA %I TO redline_service', s);
  EXECUTE format('GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA %I TO redline_service, redline_editor', s);
  EXECUTE format('ALTER DEFAULT PRIVILEGES IN SCHEMA %I GRANT SELECT ON TABLES TO redline_service', s);
  EXECUTE format('ALTER DEFAULT PRIVILEGES IN SCHEMA %I GRANT USAGE, SELECT ON SEQUENCES TO redline_service', s);
END
$$;
REVOKE ALL ON flyway_schema_history FROM redline_service;

GRANT INSERT, UPDATE, DELETE ON
  change_set, change_set_edit,
  industrial_cluster, red_line, reserve_land, village_park, parcel,
  factory_building, factory_unit, renovation_plan, renovation_plan_park,
  enterprise_efficiency, parcel_efficiency, unit_efficiency, parcel_breach,
  enterprise_grade, parcel_grade, grading_model, indicator_import, indicator_import_row,
  annual_indicator, annual_indicator_history,
  import_job
TO redline_service;
GRANT INSERT, UPDATE ON app_user TO redline_service;

-- A person writing by SQL: the layers and their change sets, nothing else.
GRANT SELECT ON
  city, district, district_piece, town, dataset_info, layer_revision, land_use, industry,
  change_set, change_set_edit, feature_history,
  industrial_cluster, red_line, reserve_land, reserve_land_stage, village_park, village_park_status, parcel
TO redline_editor;
GRANT INSERT, UPDATE, DELETE ON
  change_set, change_set_edit, industrial_cluster, red_line, reserve_land, village_park, parcel
TO redline_editor;

-- What triggers write for everyone (history, ledgers, revisions, derived sums and agreements) is
-- written with the owner's rights, so no writer needs (or has) the right to write it directly.
ALTER FUNCTION keep_updated_versions() SECURITY DEFINER;
ALTER FUNCTION keep_deleted_versions() SECURITY DEFINER;
ALTER FUNCTION bump_layer_revision() SECURITY DEFINER;
ALTER FUNCTION write_reserve_ledger() SECURITY DEFINER;
ALTER FUNCTION start_reserve_ledger() SECURITY DEFINER;
ALTER FUNCTION supply_reserve_land() SECURITY DEFINER;
ALTER FUNCTION record_village_park_status() SECURITY DEFINER;
ALTER FUNCTION record_factory_stage() SECURITY DEFINER;
ALTER FUNCTION sum_factory_units() SECURITY DEFINER;

-- The quota check locks the city's row (FOR UPDATE, so that two change sets of the red line are
-- checked one after the other): with the owner's rights, as only the owner may update that row.
ALTER FUNCTION check_red_line_quota(bigint, boolean) SECURITY DEFINER;

-- ANALYZE needs the owner; the service asks for fresh statistics of these tables after bulk writes.
CREATE FUNCTION analyze_table(t text) RETURNS void LANGUAGE plpgsql SECURITY DEFINER
SET search_path FROM CURRENT AS $$
BEGIN
  IF t NOT IN ('change_set_edit', 'parcel_efficiency', 'enterprise_efficiency', 'unit_efficiency',
               'annual_indicator', 'parcel_breach', 'feature_history') THEN
    RAISE EXCEPTION 'analyze_table: % is not on the list', t USING ERRCODE = 'insufficient_privilege';
  END IF;
  EXECUTE format('ANALYZE %I', t);
END
$$;
REVOKE ALL ON FUNCTION analyze_table(text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION analyze_table(text) TO redline_service;

-- Change sets: who makes them, who moves them on ---------------------------------------------------

ALTER TABLE change_set ALTER COLUMN author SET DEFAULT actor_name();

-- A change set is its actor's: the author is the actor; a district officer's is of their district;
-- planners and nobody make none. A draft is changed and discarded by its author; proposed by its
-- author; committed by the bureau (its own draft, or a proposal it approves: then it is the
-- reviewer); rejected by the bureau. A committed or rejected change set never changes again, and
-- committed_at is the moment of the transaction that committed it.
CREATE FUNCTION guard_change_set_row() RETURNS trigger LANGUAGE plpgsql SET search_path FROM CURRENT AS $$
DECLARE
  a record;
  commits boolean;
BEGIN
  IF is_owner() AND actor_name() IS NULL THEN
    RETURN CASE WHEN TG_OP = 'DELETE' THEN OLD ELSE NEW END;
  END IF;
  SELECT * INTO a FROM actor();
  IF a.username IS NULL THEN
    RAISE EXCEPTION '没有可识别的用户，不能写入变更集（no known user is acting: change sets are written as a user）'
      USING ERRCODE = 'insufficient_privilege';
  END IF;
  IF a.role = 'PLANNER' THEN
    RAISE EXCEPTION '规划人员只读（a planner reads only）' USING ERRCODE = 'insufficient_privilege';
  END IF;
  commits := a.role IN ('BUREAU', 'ADMIN');
  IF TG_OP = 'INSERT' THEN
    NEW.author := a.username;
    NEW.district_code := CASE WHEN a.role = 'DISTRICT' THEN a.district_code END;
    IF NEW.status NOT IN ('DRAFT', 'COMMITTED') THEN
      RAISE EXCEPTION '新变更集只能是草稿或直接提交（a new change set is a draft or committed at once, not %）', NEW.status
        USING ERRCODE = 'insufficient_privilege';
    END IF;
    NEW.committed_at := CASE WHEN NEW.status = 'COMMITTED' THEN now() END;
    NEW.submitted_at := NULL;
    NEW.reviewed_by := NULL;
    NEW.reviewed_at := NULL;
    NEW.review_comment := NULL;
    RETURN NEW;
  END IF;
  IF TG_OP = 'DELETE' THEN
    IF OLD.status <> 'DRAFT' OR OLD.author <> a.username THEN
      RAISE EXCEPTION '只能由作者放弃自己的草稿（only its author discards a draft; change set % is %）', OLD.id, OLD.status
        USING ERRCODE = 'insufficient_privilege';
    END IF;
    RETURN OLD;
  END IF;
  -- UPDATE
  IF NEW.id <> OLD.id OR NEW.author <> OLD.author OR NEW.created_at <> OLD.created_at
     OR NEW.district_code IS DISTINCT FROM OLD.district_code
     OR NEW.reverts_change_set_id IS DISTINCT FROM OLD.reverts_change_set_id THEN
    RAISE EXCEPTION '变更集 % 的作者、时间和区不能修改（a change set''s author, time and district do not change）', OLD.id
      USING ERRCODE = 'insufficient_privilege';
  END IF;
  IF OLD.status IN ('COMMITTED', 'REJECTED') THEN
    RAISE EXCEPTION '变更集 % 已%，不能再修改（change set % is %: it does not change again）',
      OLD.id, CASE OLD.status WHEN 'COMMITTED' THEN '提交' ELSE '退回' END, OLD.id, OLD.status
      USING ERRCODE = 'insufficient_privilege';
  END IF;
  IF OLD.status = 'DRAFT' AND NEW.status IN ('DRAFT', 'PROPOSED') AND OLD.author = a.username THEN
    NEW.submitted_at := CASE WHEN NEW.status = 'PROPOSED' THEN now() END;
  ELSIF OLD.status = 'DRAFT' AND NEW.status = 'COMMITTED' AND OLD.author = a.username AND commits THEN
    NEW.committed_at := now();
    NEW.reviewed_by := NULL;
    NEW.reviewed_at := NULL;
  ELSIF OLD.status = 'PROPOSED' AND NEW.status IN ('COMMITTED', 'REJECTED') AND commits THEN
    NEW.committed_at := CASE WHEN NEW.status = 'COMMITTED' THEN now() END;
    NEW.reviewed_by := a.username;
    NEW.reviewed_at := now();
  ELSE
    RAISE EXCEPTION '% 不能把变更集 % 从 % 改为 %（% may not move change set % from % to %）',
      a.username, OLD.id, OLD.status, NEW.status, a.username, OLD.id, OLD.status, NEW.status
      USING ERRCODE = 'insufficient_privilege';
  END IF;
  RETURN NEW;
END
$$;
CREATE TRIGGER change_set_guard BEFORE INSERT OR UPDATE OR DELETE ON change_set
  FOR EACH ROW EXECUTE FUNCTION guard_change_set_row();

-- Edits wait in drafts and proposals: a draft's edits are written by its author; the bureau fills
-- in what a commit needs. A district officer's edits lie in their district: the shape written and
-- the feature it changes belong (by most of their area) to the officer's district.
CREATE FUNCTION may_write_edits(cs bigint, role text, who text) RETURNS boolean
LANGUAGE sql STABLE SET search_path FROM CURRENT AS $$
  SELECT EXISTS (SELECT 1 FROM change_set c
                 WHERE c.id = cs
                   AND ((c.status = 'DRAFT' AND c.author = who)
                        OR (role IN ('BUREAU', 'ADMIN') AND c.status IN ('DRAFT', 'PROPOSED'))))
$$;

CREATE FUNCTION feature_geom(layer text, id bigint) RETURNS geometry
LANGUAGE sql STABLE SET search_path FROM CURRENT AS $$
  SELECT CASE layer
    WHEN 'cluster' THEN (SELECT geom FROM industrial_cluster WHERE industrial_cluster.id = feature_geom.id)
    WHEN 'red_line' THEN (SELECT geom FROM red_line WHERE red_line.id = feature_geom.id)
    WHEN 'reserve_land' THEN (SELECT geom FROM reserve_land WHERE reserve_land.id = feature_geom.id)
    WHEN 'village_park' THEN (SELECT geom FROM village_park WHERE village_park.id = feature_geom.id)
    WHEN 'parcel' THEN (SELECT geom FROM parcel WHERE parcel.id = feature_geom.id)
  END
$$;

CREATE FUNCTION edit_in_district(role text, own char(6), layer text, action text, feature bigint, g geometry)
RETURNS boolean LANGUAGE sql STABLE SET search_path FROM CURRENT AS $$
  SELECT CASE WHEN role IN ('BUREAU', 'ADMIN') THEN true
              WHEN role = 'DISTRICT' THEN
                (g IS NULL OR district_of(g) = own)
                AND (feature IS NULL OR action = 'CREATE'
                     OR coalesce(district_of(feature_geom(layer, feature)) = own, action = 'RESTORE'))
              ELSE false END
$$;

ALTER TABLE change_set_edit ENABLE ROW LEVEL SECURITY;
CREATE POLICY change_set_edit_read ON change_set_edit FOR SELECT USING (true);
CREATE POLICY change_set_edit_write ON change_set_edit FOR ALL
  USING (may_write_edits(change_set_id, (SELECT actor_role()), (SELECT actor_name())))
  WITH CHECK (may_write_edits(change_set_id, (SELECT actor_role()), (SELECT actor_name()))
              AND edit_in_district((SELECT actor_role()), (SELECT actor_district()), layer, action, feature_id, geom));

-- The layers: written by the bureau; a district officer's writes (the preview of a proposal, rolled
-- back) stay in their district. Whether a write is kept is decided at commit (below).
DO $$
DECLARE
  t text;
BEGIN
  FOREACH t IN ARRAY ARRAY['industrial_cluster', 'red_line', 'reserve_land', 'village_park', 'parcel'] LOOP
    EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t);
    EXECUTE format('CREATE POLICY %I ON %I FOR SELECT USING (true)', t || '_read', t);
    EXECUTE format(
      'CREATE POLICY %I ON %I FOR ALL
         USING (may_write_in((SELECT actor_role()), (SELECT actor_district()),
                             CASE WHEN (SELECT actor_role()) = ''DISTRICT'' THEN district_of(geom) END))
         WITH CHECK (may_write_in((SELECT actor_role()), (SELECT actor_district()),
                                  CASE WHEN (SELECT actor_role()) = ''DISTRICT'' THEN district_of(geom) END))',
      t || '_write', t);
  END LOOP;
END
$$;

-- Factory buildings, their units, and renovation plans: the bureau, or the officer of the district.
ALTER TABLE factory_building ENABLE ROW LEVEL SECURITY;
CREATE POLICY factory_building_read ON factory_building FOR SELECT USING (true);
CREATE POLICY factory_building_write ON factory_building FOR ALL
  USING (may_write_in((SELECT actor_role()), (SELECT actor_district()),
                      (SELECT p.district_code FROM parcel p WHERE p.id = parcel_id)))
  WITH CHECK (may_write_in((SELECT actor_role()), (SELECT actor_district()),
                           (SELECT p.district_code FROM parcel p WHERE p.id = parcel_id)));

ALTER TABLE factory_unit ENABLE ROW LEVEL SECURITY;
CREATE POLICY factory_unit_read ON factory_unit FOR SELECT USING (true);
CREATE POLICY factory_unit_write ON factory_unit FOR ALL
  USING (may_write_in((SELECT actor_role()), (SELECT actor_district()),
                      (SELECT p.district_code FROM factory_building b JOIN parcel p ON p.id = b.parcel_id
                       WHERE b.id = factory_building_id)))
  WITH CHECK (may_write_in((SELECT actor_role()), (SELECT actor_district()),
                           (SELECT p.district_code FROM factory_building b JOIN parcel p ON p.id = b.parcel_id
                            WHERE b.id = factory_building_id)));

ALTER TABLE renovation_plan ENABLE ROW LEVEL SECURITY;
CREATE POLICY renovation_plan_read ON renovation_plan FOR SELECT USING (true);
CREATE POLICY renovation_plan_write ON renovation_plan FOR ALL
  USING (may_write_in((SELECT actor_role()), (SELECT actor_district()), district_code))
  WITH CHECK (may_write_in((SELECT actor_role()), (SELECT actor_district()), district_code));

ALTER TABLE renovation_plan_park ENABLE ROW LEVEL SECURITY;
CREATE POLICY renovation_plan_park_read ON renovation_plan_park FOR SELECT USING (true);
CREATE POLICY renovation_plan_park_write ON renovation_plan_park FOR ALL
  USING (may_write_in((SELECT actor_role()), (SELECT actor_district()), district_code))
  WITH CHECK (may_write_in((SELECT actor_role()), (SELECT actor_district()), district_code));

-- Per-mu figures, their imports and grading models: the bureau.
DO $$
DECLARE
  t text;
BEGIN
  FOREACH t IN ARRAY ARRAY['enterprise_efficiency', 'parcel_efficiency', 'unit_efficiency', 'parcel_breach',
                           'enterprise_grade', 'parcel_grade', 'grading_model', 'indicator_import',
                           'indicator_import_row', 'annual_indicator', 'annual_indicator_history'] LOOP
    EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t);
    EXECUTE format('CREATE POLICY %I ON %I FOR SELECT USING (true)', t || '_read', t);
    EXECUTE format('CREATE POLICY %I ON %I FOR ALL
                      USING ((SELECT actor_role()) IN (''BUREAU'', ''ADMIN''))
                      WITH CHECK ((SELECT actor_role()) IN (''BUREAU'', ''ADMIN''))', t || '_write', t);
  END LOOP;
END
$$;

-- Import jobs: their author's (the bureau may finish anyone's).
ALTER TABLE import_job ALTER COLUMN author SET DEFAULT actor_name();
ALTER TABLE import_job ENABLE ROW LEVEL SECURITY;
CREATE POLICY import_job_read ON import_job FOR SELECT USING (true);
CREATE POLICY import_job_write ON import_job FOR ALL
  USING (author = (SELECT actor_name()) OR (SELECT actor_role()) IN ('BUREAU', 'ADMIN'))
  WITH CHECK (author = (SELECT actor_name()) OR (SELECT actor_role()) IN ('BUREAU', 'ADMIN'));

-- Accounts: the administrator.
ALTER TABLE app_user ENABLE ROW LEVEL SECURITY;
CREATE POLICY app_user_read ON app_user FOR SELECT USING (true);
CREATE POLICY app_user_write ON app_user FOR ALL
  USING ((SELECT actor_role()) = 'ADMIN') WITH CHECK ((SELECT actor_role()) = 'ADMIN');

-- The rules of a change set, on its final state ------------------------------------------------------

-- V4 checked a change set once per transaction and remembered that in a setting any session could
-- set beforehand (redline.checked_<id>), and under SET CONSTRAINTS ALL IMMEDIATE it checked after the
-- first statement only. Now every statement that writes a layer notes its change sets here (with
-- the owner's rights: no writer can touch this table); a deferred trigger on the note checks the
-- change set when the last note of the transaction fires: at COMMIT, once, when constraints are
-- deferred (the default); after every statement that wrote it when they are immediate — so the
-- last check always sees the final state.
CREATE TABLE change_set_pending_check (
  xact           xid8    NOT NULL,
  change_set_id  bigint  NOT NULL,
  statements     integer NOT NULL DEFAULT 1,
  PRIMARY KEY (xact, change_set_id)
);
REVOKE ALL ON change_set_pending_check FROM PUBLIC, redline_service, redline_editor;

CREATE FUNCTION note_written_change_sets() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER
SET search_path FROM CURRENT AS $$
BEGIN
  IF TG_OP = 'DELETE' THEN
    IF EXISTS (SELECT 1 FROM ended) THEN
      INSERT INTO change_set_pending_check (xact, change_set_id)
      VALUES (pg_current_xact_id(), nullif(current_setting('redline.change_set_id', true), '')::bigint)
      ON CONFLICT (xact, change_set_id) DO UPDATE SET statements = change_set_pending_check.statements + 1;
    END IF;
  ELSE
    INSERT INTO change_set_pending_check (xact, change_set_id)
    SELECT DISTINCT pg_current_xact_id(), change_set_id FROM written
    ON CONFLICT (xact, change_set_id) DO UPDATE SET statements = change_set_pending_check.statements + 1;
  END IF;
  RETURN NULL;
END
$$;

CREATE FUNCTION check_noted_change_set() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER
SET search_path FROM CURRENT AS $$
DECLARE
  c record;
  v rule_violation;
BEGIN
  -- only the latest note of this change set in this transaction checks
  DELETE FROM change_set_pending_check
  WHERE xact = NEW.xact AND change_set_id = NEW.change_set_id AND statements = NEW.statements;
  IF NOT FOUND THEN
    RETURN NULL;
  END IF;
  SELECT * INTO c FROM change_set WHERE id = NEW.change_set_id;
  IF c.id IS NULL OR c.status <> 'COMMITTED' THEN
    RAISE EXCEPTION '变更集 % 未提交：图层只能通过已提交的变更集修改（change set % is not committed: layers change only through committed change sets）',
      NEW.change_set_id, NEW.change_set_id USING ERRCODE = 'check_violation';
  END IF;
  IF NOT (is_owner() AND actor_name() IS NULL) THEN
    IF c.committed_at <> now() THEN
      RAISE EXCEPTION '变更集 % 不是在本事务中提交的：图层修改须与其变更集一同提交（change set % was not committed in this transaction: a change to the layers commits with its change set）',
        NEW.change_set_id, NEW.change_set_id USING ERRCODE = 'check_violation';
    END IF;
    IF actor_role() IS DISTINCT FROM 'BUREAU' AND actor_role() IS DISTINCT FROM 'ADMIN' THEN
      RAISE EXCEPTION '只有市自然资源局能提交图层修改（only the bureau commits changes to the layers）'
        USING ERRCODE = 'insufficient_privilege';
    END IF;
  END IF;
  FOR v IN SELECT * FROM check_change_set(NEW.change_set_id, true) LOOP
    RAISE EXCEPTION '%', v.message USING ERRCODE = 'check_violation', DETAIL = 'rule ' || v.rule;
  END LOOP;
  RETURN NULL;
END
$$;

CREATE CONSTRAINT TRIGGER change_set_rules AFTER INSERT OR UPDATE ON change_set_pending_check
  DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION check_noted_change_set();

DO $$
DECLARE
  t text;
BEGIN
  FOREACH t IN ARRAY ARRAY['industrial_cluster', 'red_line', 'reserve_land', 'village_park', 'parcel'] LOOP
    EXECUTE format('DROP TRIGGER %I ON %I', t || '_rules', t);
    EXECUTE format('CREATE TRIGGER %I AFTER INSERT ON %I REFERENCING NEW TABLE AS written
                    FOR EACH STATEMENT EXECUTE FUNCTION note_written_change_sets()', t || '_noted_inserts', t);
    EXECUTE format('CREATE TRIGGER %I AFTER UPDATE ON %I REFERENCING NEW TABLE AS written
                    FOR EACH STATEMENT EXECUTE FUNCTION note_written_change_sets()', t || '_noted_updates', t);
    EXECUTE format('CREATE TRIGGER %I AFTER DELETE ON %I REFERENCING OLD TABLE AS ended
                    FOR EACH STATEMENT EXECUTE FUNCTION note_written_change_sets()', t || '_noted_deletes', t);
  END LOOP;
END
$$;
DROP FUNCTION guard_change_set();
