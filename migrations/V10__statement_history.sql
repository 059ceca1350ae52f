-- Previous versions are kept once per statement, not once per row: a bulk write (a file import of
-- 100,000 parcels) inserts its 100,000 history rows in one INSERT … SELECT from the statement's
-- transition tables instead of 100,000 single-row INSERTs. What is kept, and when, is unchanged
-- (V4's keep_feature_version): the version before, with the change set that ended it.

DROP TRIGGER industrial_cluster_versions ON industrial_cluster;
DROP TRIGGER red_line_versions ON red_line;
DROP TRIGGER reserve_land_versions ON reserve_land;
DROP TRIGGER village_park_versions ON village_park;
DROP TRIGGER parcel_versions ON parcel;
DROP FUNCTION keep_feature_version();

-- Before a feature changes: it must come with a change set of its own; its version and updated_at
-- move on.
CREATE FUNCTION bump_feature_version() RETURNS trigger LANGUAGE plpgsql SET search_path FROM CURRENT AS $$
BEGIN
  IF NEW.change_set_id = OLD.change_set_id THEN
    RAISE EXCEPTION 'a change to % % must belong to a change set of its own', TG_ARGV[0], OLD.id
      USING ERRCODE = 'check_violation';
  END IF;
  NEW.version := OLD.version + 1;
  NEW.updated_at := now();
  RETURN NEW;
END
$$;

-- After an UPDATE statement: the versions it ended, each ended by its row's new change set.
CREATE FUNCTION keep_updated_versions() RETURNS trigger LANGUAGE plpgsql SET search_path FROM CURRENT AS $$
BEGIN
  INSERT INTO feature_history (layer, feature_id, version, geom, properties, change_set_id, valid_from,
                               valid_to, ended_by_change_set_id, ended_by)
  SELECT TG_ARGV[0], o.id, o.version, o.geom, to_jsonb(o) - 'geom', o.change_set_id, o.updated_at, now(),
         n.change_set_id, 'UPDATE'
  FROM ended o JOIN current n ON n.id = o.id;
  RETURN NULL;
END
$$;

-- After a DELETE statement: the versions it ended, by the change set that deletes (named by SET LOCAL
-- redline.change_set_id, or the statement fails).
CREATE FUNCTION keep_deleted_versions() RETURNS trigger LANGUAGE plpgsql SET search_path FROM CURRENT AS $$
DECLARE
  ending bigint := nullif(current_setting('redline.change_set_id', true), '')::bigint;
BEGIN
  IF ending IS NULL AND EXISTS (SELECT 1 FROM ended) THEN
    RAISE EXCEPTION 'deleting from % needs its change set: SET LOCAL redline.change_set_id = …', TG_ARGV[0]
      USING ERRCODE = 'check_violation';
  END IF;
  INSERT INTO feature_history (layer, feature_id, version, geom, properties, change_set_id, valid_from,
                               valid_to, ended_by_change_set_id, ended_by)
  SELECT TG_ARGV[0], o.id, o.version, o.geom, to_jsonb(o) - 'geom', o.change_set_id, o.updated_at, now(),
         ending, 'DELETE'
  FROM ended o;
  RETURN NULL;
END
$$;

DO $$
DECLARE
  layer record;
BEGIN
  FOR layer IN SELECT * FROM (VALUES ('industrial_cluster', 'cluster'), ('red_line', 'red_line'),
                                     ('reserve_land', 'reserve_land'), ('village_park', 'village_park'),
                                     ('parcel', 'parcel')) AS l(tbl, id) LOOP
    EXECUTE format('CREATE TRIGGER %1$I BEFORE UPDATE ON %2$I FOR EACH ROW EXECUTE FUNCTION bump_feature_version(%3$L)',
                   layer.tbl || '_version', layer.tbl, layer.id);
    EXECUTE format('CREATE TRIGGER %1$I AFTER UPDATE ON %2$I REFERENCING OLD TABLE AS ended NEW TABLE AS current
                    FOR EACH STATEMENT EXECUTE FUNCTION keep_updated_versions(%3$L)',
                   layer.tbl || '_updated_versions', layer.tbl, layer.id);
    EXECUTE format('CREATE TRIGGER %1$I AFTER DELETE ON %2$I REFERENCING OLD TABLE AS ended
                    FOR EACH STATEMENT EXECUTE FUNCTION keep_deleted_versions(%3$L)',
                   layer.tbl || '_deleted_versions', layer.tbl, layer.id);
  END LOOP;
END
$$;
