-- The districts' shares of the rolling reserve (储备用地, city.reserve_target_mu: 17,000 mu) as a
-- setting of the city that the bureau edits, not a constant of the code (issue 15).
--
-- The plan sets the city's 17,000 mu and no split by district. Until the bureau sets one, the split
-- is the assumption the service has always made: in proportion to each district's red-line minimum
-- (the land kept for industry being where a district must keep land ready for it). The bureau
-- sets its own as a whole — one share per district — under a change set committed with it (who,
-- why, which 文号), and may go back to the proportional split by removing it. The rules, held here
-- for every writer (the service, a person's own login, the owner):
--
--   * a row names a change set committed in the writer's own transaction, by the bureau or the
--     administrator (the owner writing without an actor, as for the layers: any committed one);
--   * at COMMIT (a deferred constraint trigger: no session setting skips it), the table is empty
--     (the proportional split) or holds every district, and the shares add up to at least the
--     city's target — a split that leaves part of the 17,000 mu to no district is refused;
--   * every write is kept in reserve_share_history (append-only, written by the trigger only).

CREATE TABLE reserve_share (
  district_code char(6)       PRIMARY KEY REFERENCES district (code),
  share_mu      numeric(10, 2) NOT NULL CHECK (share_mu >= 0),
  change_set_id bigint        NOT NULL REFERENCES change_set (id),
  updated_at    timestamptz   NOT NULL DEFAULT now(),
  updated_by    text          NOT NULL DEFAULT coalesce(actor_name(), current_user)
);

CREATE TABLE reserve_share_history (
  id            bigint        GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  district_code char(6)       NOT NULL,
  share_mu      numeric(10, 2),          -- null: removed (back to the proportional split)
  previous_mu   numeric(10, 2),          -- null: there was no share set
  change_set_id bigint        REFERENCES change_set (id),
  written_by    text          NOT NULL,
  written_at    timestamptz   NOT NULL DEFAULT now()
);

CREATE FUNCTION check_reserve_share_writer() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER
SET search_path FROM CURRENT AS $$
DECLARE
  c record;
  owner_alone boolean := is_owner() AND actor_name() IS NULL;
BEGIN
  IF NOT owner_alone AND actor_role() IS DISTINCT FROM 'BUREAU' AND actor_role() IS DISTINCT FROM 'ADMIN' THEN
    RAISE EXCEPTION '只有市自然资源局能设定各区储备份额（only the bureau sets the districts'' shares of the reserve）'
      USING ERRCODE = 'insufficient_privilege';
  END IF;
  IF TG_OP = 'DELETE' THEN
    RETURN OLD;
  END IF;
  SELECT * INTO c FROM change_set WHERE id = NEW.change_set_id;
  IF c.id IS NULL OR c.status <> 'COMMITTED' OR (NOT owner_alone AND c.committed_at <> now()) THEN
    RAISE EXCEPTION '储备份额须与其变更集（原因、文号）在同一事务中提交（a share is written with its change set, committed in the same transaction）'
      USING ERRCODE = 'check_violation';
  END IF;
  NEW.updated_at := now();
  NEW.updated_by := coalesce(actor_name(), current_user);
  RETURN NEW;
END
$$;

CREATE TRIGGER reserve_share_writer BEFORE INSERT OR UPDATE OR DELETE ON reserve_share
  FOR EACH ROW EXECUTE FUNCTION check_reserve_share_writer();

CREATE FUNCTION record_reserve_share() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER
SET search_path FROM CURRENT AS $$
BEGIN
  INSERT INTO reserve_share_history (district_code, share_mu, previous_mu, change_set_id, written_by)
  VALUES (CASE WHEN TG_OP = 'DELETE' THEN OLD.district_code ELSE NEW.district_code END,
          CASE WHEN TG_OP = 'DELETE' THEN NULL ELSE NEW.share_mu END,
          CASE WHEN TG_OP = 'INSERT' THEN NULL ELSE OLD.share_mu END,
          CASE WHEN TG_OP = 'DELETE' THEN nullif(current_setting('redline.change_set_id', true), '')::bigint
               ELSE NEW.change_set_id END,
          coalesce(actor_name(), current_user));
  RETURN NULL;
END
$$;

CREATE TRIGGER reserve_share_history AFTER INSERT OR UPDATE OR DELETE ON reserve_share
  FOR EACH ROW EXECUTE FUNCTION record_reserve_share();

-- At COMMIT: none (the proportional split), or every district with the shares adding up to at least
-- the city's target. Deferred, so a whole split is written row by row and checked once.
CREATE FUNCTION check_reserve_shares() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER
SET search_path FROM CURRENT AS $$
DECLARE
  missing text;
  total numeric;
  target numeric;
BEGIN
  IF NOT EXISTS (SELECT 1 FROM reserve_share) THEN
    RETURN NULL;
  END IF;
  SELECT string_agg(d.name, '、' ORDER BY d.code) INTO missing
  FROM district d WHERE NOT EXISTS (SELECT 1 FROM reserve_share s WHERE s.district_code = d.code);
  IF missing IS NOT NULL THEN
    RAISE EXCEPTION '各区储备份额须一并设定，缺少：%（every district has a share once any is set）', missing
      USING ERRCODE = 'check_violation';
  END IF;
  SELECT sum(share_mu) INTO total FROM reserve_share;
  SELECT reserve_target_mu INTO target FROM city;
  IF total < target THEN
    RAISE EXCEPTION '各区储备份额合计 % 亩，少于全市目标 % 亩（the shares add up to % mu, less than the city''s target of % mu）',
      total, target, total, target USING ERRCODE = 'check_violation';
  END IF;
  RETURN NULL;
END
$$;

CREATE CONSTRAINT TRIGGER reserve_shares_add_up AFTER INSERT OR UPDATE OR DELETE ON reserve_share
  DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION check_reserve_shares();

REVOKE ALL ON reserve_share, reserve_share_history FROM PUBLIC;
GRANT SELECT, INSERT, UPDATE, DELETE ON reserve_share TO redline_service, redline_editor;
GRANT SELECT ON reserve_share_history TO redline_service, redline_editor;

SELECT pin_search_paths();
