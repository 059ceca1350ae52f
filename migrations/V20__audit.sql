-- The audit log (issue 13): who did what, when, from where and to how many rows — every login
-- (success and failure), every write (change sets, imports, accounts, the layers and the other
-- tables people write), every export and every read of enterprises' figures. It is append-only for
-- everybody: the service, a person in psql and the schema's owner can add to it (through the
-- functions below, never directly) and none of them can change or remove a row.
--
-- Who a row names is never taken from its writer: actor, role and district come from actor() (V14:
-- the account the service names, believed only from redline_service; any other login is the
-- account of its own name), the client address and user agent from the settings the service makes
-- per connection (redline.client_addr, redline.user_agent, believed only from redline_service; any
-- other session is its own connection's address and application_name), and db_user is the
-- database login itself (session_user), so a psql write shows as such.

CREATE TABLE audit_event (
  id              bigserial   PRIMARY KEY,
  at              timestamptz NOT NULL DEFAULT clock_timestamp(),
  actor           text,
  actor_role      text,
  actor_district  text,
  db_user         text        NOT NULL DEFAULT session_user,
  client_addr     text,
  user_agent      text,
  action          text        NOT NULL,
  object          text,
  rows            bigint,
  detail          jsonb
);
CREATE INDEX audit_event_at_idx ON audit_event (at);
CREATE INDEX audit_event_actor_at_idx ON audit_event (actor, at);
COMMENT ON TABLE audit_event IS 'append-only audit log: logins, writes, approvals, imports, exports, reads of enterprises'' figures';

-- Nobody but the owner's functions writes it; the service reads it (the administrator's API), and
-- row-level security shows it to an administrator only.
REVOKE ALL ON audit_event FROM PUBLIC, redline_service, redline_editor;
REVOKE ALL ON SEQUENCE audit_event_id_seq FROM PUBLIC, redline_service, redline_editor;
GRANT SELECT ON audit_event TO redline_service;
ALTER TABLE audit_event ENABLE ROW LEVEL SECURITY;
CREATE POLICY audit_event_admin_reads ON audit_event FOR SELECT USING ((SELECT actor_role()) = 'ADMIN');

-- Append-only, for the owner too (who could drop these triggers: keep its password for migrations).
CREATE FUNCTION audit_event_append_only() RETURNS trigger LANGUAGE plpgsql SET search_path FROM CURRENT AS $$
BEGIN
  RAISE EXCEPTION '审计日志只能追加，不能修改或删除（the audit log is append-only: % refused）', TG_OP
    USING ERRCODE = 'insufficient_privilege';
END
$$;
CREATE TRIGGER audit_event_no_change BEFORE UPDATE OR DELETE ON audit_event
  FOR EACH ROW EXECUTE FUNCTION audit_event_append_only();
CREATE TRIGGER audit_event_no_truncate BEFORE TRUNCATE ON audit_event
  FOR EACH STATEMENT EXECUTE FUNCTION audit_event_append_only();

-- Where the session's request came from: the service's settings (bounded), or the connection's own.
CREATE FUNCTION audit_client_addr() RETURNS text LANGUAGE sql STABLE SET search_path FROM CURRENT AS $$
  SELECT CASE WHEN pg_has_role(session_user, 'redline_service', 'MEMBER')
              THEN left(nullif(current_setting('redline.client_addr', true), ''), 64)
              ELSE host(inet_client_addr()) END
$$;
CREATE FUNCTION audit_user_agent() RETURNS text LANGUAGE sql STABLE SET search_path FROM CURRENT AS $$
  SELECT CASE WHEN pg_has_role(session_user, 'redline_service', 'MEMBER')
              THEN left(nullif(current_setting('redline.user_agent', true), ''), 256)
              ELSE left(nullif(current_setting('application_name', true), ''), 256) END
$$;

-- One row, with the actor and the client of this session (called by the triggers below).
CREATE FUNCTION audit_write(action text, object text, rows bigint, detail jsonb) RETURNS bigint
LANGUAGE sql SECURITY DEFINER SET search_path FROM CURRENT AS $$
  INSERT INTO audit_event (actor, actor_role, actor_district, client_addr, user_agent, action, object, rows, detail)
  SELECT a.username, a.role, a.district_code, audit_client_addr(), audit_user_agent(),
         left(audit_write.action, 64), left(audit_write.object, 1000), audit_write.rows, audit_write.detail
  FROM (SELECT NULL) one LEFT JOIN actor() a ON true
  RETURNING id
$$;
REVOKE ALL ON FUNCTION audit_write(text, text, bigint, jsonb) FROM PUBLIC;

-- What the service records itself (what no table write shows): logins, exports and reads of
-- enterprises' figures. It names the action from this list and the object, row count and detail;
-- who, from where and when are the database's. The actions of the triggers below are not on it, so
-- the service cannot make a write look done that was not.
CREATE FUNCTION audit(action text, object text DEFAULT NULL, rows bigint DEFAULT NULL, detail jsonb DEFAULT NULL)
RETURNS bigint LANGUAGE plpgsql SECURITY DEFINER SET search_path FROM CURRENT AS $$
BEGIN
  IF action IS NULL OR action NOT IN ('LOGIN', 'LOGIN_FAILED', 'EXPORT', 'READ_CONFIDENTIAL', 'AUDIT_READ') THEN
    RAISE EXCEPTION 'audit: % is not an action the service records', action USING ERRCODE = 'insufficient_privilege';
  END IF;
  IF detail IS NOT NULL AND octet_length(detail::text) > 4000 THEN
    detail := jsonb_build_object('truncated', left(detail::text, 4000));
  END IF;
  RETURN audit_write(action, object, rows, detail);
END
$$;
REVOKE ALL ON FUNCTION audit(text, text, bigint, jsonb) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION audit(text, text, bigint, jsonb) TO redline_service;

-- Writes, by every writer (the service, an import, psql) -------------------------------------------

-- Change sets: created, proposed, committed, approved, rejected, reverted (a committed change set
-- that reverts another), discarded (a draft deleted).
CREATE FUNCTION audit_change_set() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER
SET search_path FROM CURRENT AS $$
DECLARE
  r change_set;
  act text;
BEGIN
  r := CASE WHEN TG_OP = 'DELETE' THEN OLD ELSE NEW END;
  IF TG_OP = 'INSERT' THEN
    act := CASE WHEN NEW.status = 'COMMITTED' THEN 'CHANGE_SET_COMMITTED' ELSE 'CHANGE_SET_CREATED' END;
  ELSIF TG_OP = 'DELETE' THEN
    act := 'CHANGE_SET_DISCARDED';
  ELSIF OLD.status IS NOT DISTINCT FROM NEW.status THEN
    RETURN NULL;
  ELSE
    act := CASE
      WHEN NEW.status = 'PROPOSED' THEN 'CHANGE_SET_PROPOSED'
      WHEN NEW.status = 'REJECTED' THEN 'CHANGE_SET_REJECTED'
      WHEN NEW.status = 'COMMITTED' AND OLD.status = 'PROPOSED' THEN 'CHANGE_SET_APPROVED'
      WHEN NEW.status = 'COMMITTED' THEN 'CHANGE_SET_COMMITTED'
      ELSE 'CHANGE_SET_' || NEW.status END;
  END IF;
  IF act = 'CHANGE_SET_COMMITTED' AND r.reverts_change_set_id IS NOT NULL THEN
    act := 'CHANGE_SET_REVERTED';
  END IF;
  PERFORM audit_write(
    act, 'change_set/' || r.id,
    CASE WHEN TG_OP = 'DELETE' THEN NULL
         ELSE (SELECT count(*) FROM change_set_edit e WHERE e.change_set_id = r.id) END,
    jsonb_strip_nulls(jsonb_build_object(
      'from', CASE WHEN TG_OP = 'UPDATE' THEN OLD.status END,
      'to', CASE WHEN TG_OP <> 'DELETE' THEN NEW.status END,
      'author', r.author, 'district', r.district_code, 'reason', left(r.reason, 500),
      'documentNumber', left(r.document_number, 200), 'reviewComment', left(r.review_comment, 500),
      'reverts', r.reverts_change_set_id)));
  RETURN NULL;
END
$$;
CREATE TRIGGER change_set_audited AFTER INSERT OR UPDATE OF status OR DELETE ON change_set
  FOR EACH ROW EXECUTE FUNCTION audit_change_set();

-- File imports into the layers (V8) and imports of a year's indicators (V7): staged, committed,
-- proposed, discarded.
CREATE FUNCTION audit_import_job() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER
SET search_path FROM CURRENT AS $$
DECLARE
  r import_job;
BEGIN
  r := CASE WHEN TG_OP = 'DELETE' THEN OLD ELSE NEW END;
  IF TG_OP = 'UPDATE' AND OLD.status IS NOT DISTINCT FROM NEW.status THEN
    RETURN NULL;
  END IF;
  PERFORM audit_write(
    'IMPORT_' || CASE WHEN TG_OP = 'DELETE' THEN 'DELETED' ELSE NEW.status END, 'import_job/' || r.id, NULL,
    jsonb_strip_nulls(jsonb_build_object(
      'from', CASE WHEN TG_OP = 'UPDATE' THEN OLD.status END, 'layer', r.layer,
      'fileName', left(r.file_name, 300), 'format', r.format, 'changeSet', r.change_set_id, 'author', r.author)));
  RETURN NULL;
END
$$;
CREATE TRIGGER import_job_audited AFTER INSERT OR UPDATE OF status OR DELETE ON import_job
  FOR EACH ROW EXECUTE FUNCTION audit_import_job();

CREATE FUNCTION audit_indicator_import() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER
SET search_path FROM CURRENT AS $$
DECLARE
  r indicator_import;
BEGIN
  r := CASE WHEN TG_OP = 'DELETE' THEN OLD ELSE NEW END;
  IF TG_OP = 'UPDATE' AND OLD.status IS NOT DISTINCT FROM NEW.status THEN
    RETURN NULL;
  END IF;
  PERFORM audit_write(
    'INDICATOR_IMPORT_' || CASE WHEN TG_OP = 'DELETE' THEN 'DELETED' ELSE NEW.status END,
    'indicator_import/' || r.id, r.rows,
    jsonb_strip_nulls(jsonb_build_object(
      'from', CASE WHEN TG_OP = 'UPDATE' THEN OLD.status END, 'year', r.year,
      'fileName', left(r.file_name, 300), 'errors', jsonb_array_length(r.errors))));
  RETURN NULL;
END
$$;
CREATE TRIGGER indicator_import_audited AFTER INSERT OR UPDATE OF status OR DELETE ON indicator_import
  FOR EACH ROW EXECUTE FUNCTION audit_indicator_import();

-- Accounts: created, changed (what changed; of the password only that it changed), removed.
CREATE FUNCTION audit_app_user() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER
SET search_path FROM CURRENT AS $$
DECLARE
  changes jsonb := '{}';
BEGIN
  IF TG_OP = 'INSERT' THEN
    PERFORM audit_write('USER_CREATED', 'app_user/' || NEW.username, NULL,
      jsonb_strip_nulls(jsonb_build_object('role', NEW.role, 'district', NEW.district_code,
                                           'enabled', NEW.enabled, 'displayName', left(NEW.display_name, 200))));
  ELSIF TG_OP = 'DELETE' THEN
    PERFORM audit_write('USER_DELETED', 'app_user/' || OLD.username, NULL,
      jsonb_build_object('role', OLD.role));
  ELSE
    IF NEW.username IS DISTINCT FROM OLD.username THEN
      changes := changes || jsonb_build_object('username', jsonb_build_array(OLD.username, NEW.username));
    END IF;
    IF NEW.role IS DISTINCT FROM OLD.role THEN
      changes := changes || jsonb_build_object('role', jsonb_build_array(OLD.role, NEW.role));
    END IF;
    IF NEW.district_code IS DISTINCT FROM OLD.district_code THEN
      changes := changes || jsonb_build_object('district', jsonb_build_array(OLD.district_code, NEW.district_code));
    END IF;
    IF NEW.enabled IS DISTINCT FROM OLD.enabled THEN
      changes := changes || jsonb_build_object('enabled', jsonb_build_array(OLD.enabled, NEW.enabled));
    END IF;
    IF NEW.display_name IS DISTINCT FROM OLD.display_name THEN
      changes := changes || jsonb_build_object('displayName',
                   jsonb_build_array(left(OLD.display_name, 200), left(NEW.display_name, 200)));
    END IF;
    IF NEW.password_hash IS DISTINCT FROM OLD.password_hash THEN
      changes := changes || jsonb_build_object('password', 'password changed');
    END IF;
    IF changes <> '{}' THEN
      PERFORM audit_write('USER_CHANGED', 'app_user/' || NEW.username, NULL, changes);
    END IF;
  END IF;
  RETURN NULL;
END
$$;
CREATE TRIGGER app_user_audited AFTER INSERT OR UPDATE OR DELETE ON app_user
  FOR EACH ROW EXECUTE FUNCTION audit_app_user();

-- The tables people write, once per statement (never per row: a million parcels written in one
-- statement make one row here), with how many rows it wrote and the change sets named in them.
CREATE FUNCTION audit_statement() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER
SET search_path FROM CURRENT AS $$
DECLARE
  n bigint;
  detail jsonb;
BEGIN
  IF TG_OP = 'DELETE' THEN
    SELECT count(*) INTO n FROM ended;
    detail := jsonb_build_object('operation', TG_OP);
  ELSIF TG_ARGV[0] = 'change_set' THEN
    SELECT count(*), jsonb_build_object('operation', TG_OP, 'changeSets',
             CASE WHEN min(change_set_id) = max(change_set_id) THEN to_jsonb(min(change_set_id))
                  ELSE jsonb_build_array(min(change_set_id), max(change_set_id)) END)
    INTO n, detail FROM written;
  ELSE
    SELECT count(*) INTO n FROM written;
    detail := jsonb_build_object('operation', TG_OP);
  END IF;
  IF n > 0 THEN
    PERFORM audit_write('WRITE', TG_TABLE_NAME, n, jsonb_strip_nulls(detail));
  END IF;
  RETURN NULL;
END
$$;

DO $$
DECLARE
  t text;
  kind text;
BEGIN
  FOREACH t IN ARRAY ARRAY['industrial_cluster', 'red_line', 'reserve_land', 'village_park', 'parcel',
                           'factory_building', 'factory_unit', 'renovation_plan', 'renovation_plan_park',
                           'grading_model', 'annual_indicator', 'parcel_efficiency'] LOOP
    kind := CASE WHEN t IN ('industrial_cluster', 'red_line', 'reserve_land', 'village_park', 'parcel')
                 THEN 'change_set' ELSE 'plain' END;
    EXECUTE format('CREATE TRIGGER %I AFTER INSERT ON %I REFERENCING NEW TABLE AS written
                    FOR EACH STATEMENT EXECUTE FUNCTION audit_statement(%L)', t || '_audited_inserts', t, kind);
    EXECUTE format('CREATE TRIGGER %I AFTER UPDATE ON %I REFERENCING NEW TABLE AS written
                    FOR EACH STATEMENT EXECUTE FUNCTION audit_statement(%L)', t || '_audited_updates', t, kind);
    EXECUTE format('CREATE TRIGGER %I AFTER DELETE ON %I REFERENCING OLD TABLE AS ended
                    FOR EACH STATEMENT EXECUTE FUNCTION audit_statement(%L)', t || '_audited_deletes', t, kind);
  END LOOP;
END
$$;
