-- Who may read enterprises' figures (issue 16): a setting per role, kept here and held by row-level
-- security, so that it holds for every reader — the service's requests, an export, the OGC
-- collections, and a person's own psql login (./redline user sql).
--
-- The figures are the enterprise- and parcel-level ones: the annual indicators an enterprise
-- reports (annual_indicator, their history, the rows of an import), the per-mu figures computed from
-- them (enterprise_efficiency, parcel_efficiency, and the output per mu a factory building takes
-- from its parcel, factory_building_output), the grades (enterprise_grade, parcel_grade) and the
-- compliance check (parcel_breach). A role reads them in one of three scopes:
--   ALL           every district's;
--   OWN_DISTRICT  those of the district of the account (an enterprise's are of the district it is
--                 registered in, enterprise.district_code; a parcel's of the parcel's district);
--   NONE          none.
-- The bureau and the administrator keep the figures: always ALL. A district officer reads their own
-- district's by default, a planner all; only the administrator changes the setting, and every change
-- is in the audit log (V20). Nobody (no account, a disabled one) reads none.
-- The aggregates computed ahead per unit (unit_efficiency: city, district, town, cluster, industry;
-- cluster_district_efficiency) stay readable by every role: they name no enterprise.

CREATE TABLE figure_read_scope (
  role        text        PRIMARY KEY CHECK (role IN ('ADMIN', 'BUREAU', 'DISTRICT', 'PLANNER')),
  scope       text        NOT NULL CHECK (scope IN ('ALL', 'OWN_DISTRICT', 'NONE')),
  updated_by  text,
  updated_at  timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT figure_read_scope_keepers CHECK (role NOT IN ('ADMIN', 'BUREAU') OR scope = 'ALL')
);
COMMENT ON TABLE figure_read_scope IS
  'in which scope each role reads enterprise- and parcel-level figures (ALL, OWN_DISTRICT, NONE); changed by the administrator only';
INSERT INTO figure_read_scope (role, scope) VALUES
  ('ADMIN', 'ALL'), ('BUREAU', 'ALL'), ('DISTRICT', 'OWN_DISTRICT'), ('PLANNER', 'ALL');

-- Read by everyone who reads figures (the service, a person in psql); changed through the service
-- by the administrator (the trigger below checks the actor: the grant alone would let any account
-- the service acts for).
REVOKE ALL ON figure_read_scope FROM PUBLIC, redline_service, redline_editor;
GRANT SELECT ON figure_read_scope TO redline_service, redline_editor;
GRANT UPDATE (scope) ON figure_read_scope TO redline_service;

CREATE FUNCTION guard_figure_read_scope() RETURNS trigger LANGUAGE plpgsql SET search_path FROM CURRENT AS $$
BEGIN
  IF NOT (is_owner() AND actor_name() IS NULL) AND actor_role() IS DISTINCT FROM 'ADMIN' THEN
    RAISE EXCEPTION '只有系统管理员能修改各角色查看企业数据的范围（only the administrator changes who reads enterprises'' figures）'
      USING ERRCODE = 'insufficient_privilege';
  END IF;
  IF TG_OP = 'UPDATE' THEN
    NEW.role := OLD.role;
    NEW.updated_by := actor_name();
    NEW.updated_at := now();
    RETURN NEW;
  END IF;
  RETURN CASE WHEN TG_OP = 'DELETE' THEN OLD ELSE NEW END;
END
$$;
CREATE TRIGGER figure_read_scope_guard BEFORE INSERT OR UPDATE OR DELETE ON figure_read_scope
  FOR EACH ROW EXECUTE FUNCTION guard_figure_read_scope();

CREATE FUNCTION audit_figure_read_scope() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER
SET search_path FROM CURRENT AS $$
BEGIN
  IF OLD.scope IS DISTINCT FROM NEW.scope THEN
    PERFORM audit_write('FIGURE_SCOPE_CHANGED', 'figure_read_scope/' || NEW.role, NULL,
      jsonb_build_object('role', NEW.role, 'scope', jsonb_build_array(OLD.scope, NEW.scope)));
  END IF;
  RETURN NULL;
END
$$;
CREATE TRIGGER figure_read_scope_audited AFTER UPDATE ON figure_read_scope
  FOR EACH ROW EXECUTE FUNCTION audit_figure_read_scope();

-- The actor's scope (NONE for nobody): the account as actor() (V14) finds it — the one the service
-- names, believed only from a member of redline_service, else the login's own — and its role's
-- scope. Policies call these in scalar subqueries, so each is evaluated once per statement
-- (InitPlans), never per row; in PL/pgSQL with the lookup written out (not through actor()), so that
-- a session plans it once, not at every call: a statement reading the parcel list names three of
-- these tables twice, and SQL functions with a search path are planned on every call.
CREATE FUNCTION figure_scope() RETURNS text LANGUAGE plpgsql STABLE SECURITY DEFINER
SET search_path FROM CURRENT AS $$
DECLARE
  s text;
BEGIN
  SELECT f.scope INTO s
  FROM app_user u JOIN figure_read_scope f ON f.role = u.role
  WHERE u.enabled
    AND u.username = CASE WHEN pg_has_role(session_user, 'redline_service', 'MEMBER')
                          THEN nullif(current_setting('redline.actor', true), '')
                          ELSE session_user::text END;
  RETURN coalesce(s, 'NONE');
END
$$;
-- whether the actor reads every district's figures
CREATE FUNCTION figures_everywhere() RETURNS boolean LANGUAGE plpgsql STABLE SET search_path FROM CURRENT AS $$
BEGIN
  RETURN figure_scope() = 'ALL';
END
$$;
-- the one district whose figures the actor reads when not every district's (null: none)
CREATE FUNCTION figures_district() RETURNS char(6) LANGUAGE plpgsql STABLE SECURITY DEFINER
SET search_path FROM CURRENT AS $$
DECLARE
  d char(6);
BEGIN
  SELECT u.district_code INTO d
  FROM app_user u JOIN figure_read_scope f ON f.role = u.role AND f.scope = 'OWN_DISTRICT'
  WHERE u.enabled
    AND u.username = CASE WHEN pg_has_role(session_user, 'redline_service', 'MEMBER')
                          THEN nullif(current_setting('redline.actor', true), '')
                          ELSE session_user::text END;
  RETURN d;
END
$$;

-- V14's "<table>_write" policies were FOR ALL, so a SELECT evaluated them too (one more InitPlan per
-- table, for a role that reads everything anyway): now they name the writes they are for.
DO $$
DECLARE
  t text;
BEGIN
  FOREACH t IN ARRAY ARRAY['enterprise_efficiency', 'parcel_efficiency', 'parcel_breach', 'enterprise_grade',
                           'parcel_grade', 'indicator_import_row', 'annual_indicator',
                           'annual_indicator_history'] LOOP
    EXECUTE format('DROP POLICY %I ON %I', t || '_write', t);
    EXECUTE format('CREATE POLICY %I ON %I FOR INSERT
                      WITH CHECK ((SELECT actor_role()) IN (''BUREAU'', ''ADMIN''))', t || '_insert', t);
    EXECUTE format('CREATE POLICY %I ON %I FOR UPDATE
                      USING ((SELECT actor_role()) IN (''BUREAU'', ''ADMIN''))
                      WITH CHECK ((SELECT actor_role()) IN (''BUREAU'', ''ADMIN''))', t || '_update', t);
    EXECUTE format('CREATE POLICY %I ON %I FOR DELETE
                      USING ((SELECT actor_role()) IN (''BUREAU'', ''ADMIN''))', t || '_delete', t);
  END LOOP;
END
$$;

-- The policies: V14's "<table>_read USING (true)" replaced.
DO $$
DECLARE
  t text;
BEGIN
  FOREACH t IN ARRAY ARRAY['enterprise_efficiency', 'parcel_efficiency', 'parcel_breach'] LOOP
    EXECUTE format('DROP POLICY %I ON %I', t || '_read', t);
    EXECUTE format('CREATE POLICY %I ON %I FOR SELECT
                      USING ((SELECT figures_everywhere()) OR district_code = (SELECT figures_district()))',
                   t || '_read', t);
  END LOOP;
  FOREACH t IN ARRAY ARRAY['enterprise_grade', 'annual_indicator', 'annual_indicator_history',
                           'indicator_import_row'] LOOP
    EXECUTE format('DROP POLICY %I ON %I', t || '_read', t);
    EXECUTE format('CREATE POLICY %I ON %I FOR SELECT
                      USING ((SELECT figures_everywhere())
                             OR EXISTS (SELECT 1 FROM enterprise e
                                        WHERE e.id = enterprise_id AND e.district_code = (SELECT figures_district())))',
                   t || '_read', t);
  END LOOP;
END
$$;
DROP POLICY parcel_grade_read ON parcel_grade;
CREATE POLICY parcel_grade_read ON parcel_grade FOR SELECT
  USING ((SELECT figures_everywhere())
         OR EXISTS (SELECT 1 FROM parcel p WHERE p.id = parcel_id AND p.district_code = (SELECT figures_district())));

-- The planner's index (V11) read the first page of a cluster (or of the year) sorted by tax per mu
-- from the index alone; the policy reads district_code, so the index carries it too, or every page
-- would visit the heap for every figure of the year (at 20,000 parcels the district's first page
-- went from an index-only scan to a bitmap heap scan of the year's 16,000 rows).
DROP INDEX parcel_efficiency_cluster_tax_idx;
CREATE INDEX parcel_efficiency_cluster_tax_idx ON parcel_efficiency (year, cluster_id, tax_per_mu)
  INCLUDE (parcel_id, district_code);

-- A factory building's output per mu is its parcel's (V27 copies it, with the owner's rights).
ALTER TABLE factory_building_output ENABLE ROW LEVEL SECURITY;
CREATE POLICY factory_building_output_read ON factory_building_output FOR SELECT
  USING ((SELECT figures_everywhere())
         OR EXISTS (SELECT 1 FROM factory_building_context c
                    WHERE c.factory_building_id = factory_building_output.factory_building_id
                      AND c.district_code = (SELECT figures_district())));

-- A person's psql login reads the figures of their scope (until now it read none of them).
GRANT SELECT ON enterprise, parcel_enterprise, enterprise_efficiency, parcel_efficiency, parcel_breach,
  enterprise_grade, parcel_grade, annual_indicator, unit_efficiency
TO redline_editor;

SELECT pin_search_paths();
