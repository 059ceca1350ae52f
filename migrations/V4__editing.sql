-- Editing: accounts, change sets with their pending edits, the history of every feature, and the
-- rules every committed change set must keep, enforced here so that no code path can skip them.
--
-- The editable layers are industrial_cluster, red_line, reserve_land, village_park and parcel.
-- A write to one of them belongs to a change set (change_set_id); the database then
--   * keeps the previous version in feature_history and raises version/updated_at;
--   * fills in derived places (district, town, cluster) left empty;
--   * at commit, checks the change set: no overlaps within a layer, containment in the containing
--     layer, and the red-line quota (每区下限 · 以增定改/不减有增 · 全市 450 km²).

-- Accounts ------------------------------------------------------------------------------------------

CREATE TABLE app_user (
  username       text        PRIMARY KEY CHECK (username ~ '^[a-z][a-z0-9_.-]{2,31}$'),
  display_name   text        NOT NULL,
  password_hash  text        NOT NULL,
  role           text        NOT NULL CHECK (role IN ('ADMIN', 'BUREAU', 'DISTRICT', 'PLANNER')),
  district_code  char(6)     REFERENCES district,
  enabled        boolean     NOT NULL DEFAULT true,
  created_at     timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT app_user_district_officer CHECK ((role = 'DISTRICT') = (district_code IS NOT NULL))
);
COMMENT ON TABLE app_user IS 'ADMIN; BUREAU 市自然资源局 editor (edits, approves); DISTRICT officer of one district (proposes); PLANNER (reads)';

-- Change sets and their pending edits ---------------------------------------------------------------

ALTER TABLE change_set
  ADD COLUMN district_code         char(6)     REFERENCES district,
  ADD COLUMN submitted_at          timestamptz,
  ADD COLUMN reviewed_by           text,
  ADD COLUMN reviewed_at           timestamptz,
  ADD COLUMN review_comment        text,
  ADD COLUMN reverts_change_set_id bigint      REFERENCES change_set;
COMMENT ON COLUMN change_set.district_code IS 'the district of the officer who proposed it (null for the bureau)';

-- What a change set will do, kept until it is committed (a DRAFT or PROPOSED change set touches no
-- layer table). geom is the new shape; properties the attributes given (JSON, column names).
-- CREATE makes a new feature (feature_id is filled in at commit); UPDATE and DELETE name the
-- version they were made against (base_version); RESTORE brings back a deleted feature under its
-- old id, as version base_version + 1 (a revert).
CREATE TABLE change_set_edit (
  change_set_id  bigint   NOT NULL REFERENCES change_set ON DELETE CASCADE,
  seq            integer  NOT NULL,
  layer          text     NOT NULL
                          CHECK (layer IN ('cluster', 'red_line', 'reserve_land', 'village_park', 'parcel')),
  action         text     NOT NULL CHECK (action IN ('CREATE', 'UPDATE', 'DELETE', 'RESTORE')),
  feature_id     bigint,
  base_version   integer,
  geom           geometry(MultiPolygon, 4490),
  properties     jsonb    NOT NULL DEFAULT '{}',
  PRIMARY KEY (change_set_id, seq),
  CONSTRAINT change_set_edit_target CHECK (
    (action = 'CREATE' AND base_version IS NULL)
    OR (action IN ('UPDATE', 'DELETE') AND feature_id IS NOT NULL AND base_version IS NOT NULL)
    OR (action = 'RESTORE' AND feature_id IS NOT NULL AND base_version IS NOT NULL)),
  CONSTRAINT change_set_edit_shape CHECK (
    (action IN ('CREATE', 'RESTORE') AND geom IS NOT NULL) OR (action = 'DELETE' AND geom IS NULL)
    OR action = 'UPDATE'),
  CONSTRAINT change_set_edit_geom_valid CHECK (geom IS NULL OR (ST_IsValid(geom) AND NOT ST_IsEmpty(geom)))
);
CREATE UNIQUE INDEX change_set_edit_one_per_feature ON change_set_edit (change_set_id, layer, feature_id)
  WHERE feature_id IS NOT NULL;

-- Codes for features created without one: <prefix>-N000123.
CREATE SEQUENCE feature_code_seq;

-- Column names as the API writes attributes: district_code → districtCode.
CREATE FUNCTION camel_case(name text) RETURNS text LANGUAGE sql IMMUTABLE AS $$
  SELECT string_agg(CASE WHEN i = 1 THEN part ELSE upper(left(part, 1)) || substr(part, 2) END, '' ORDER BY i)
  FROM unnest(string_to_array(name, '_')) WITH ORDINALITY AS p(part, i)
$$;

-- A row's columns (or a kept version's) as API properties.
CREATE FUNCTION api_properties(columns jsonb) RETURNS jsonb LANGUAGE sql IMMUTABLE AS $$
  SELECT coalesce(jsonb_object_agg(camel_case(key), value), '{}') FROM jsonb_each(columns - 'geom')
$$;

-- History --------------------------------------------------------------------------------------------

-- Every version a feature had before its current one: shape, attributes, the change set that wrote
-- it and the one that ended it. The current version is the layer's row (valid from updated_at).
CREATE TABLE feature_history (
  layer                   text        NOT NULL,
  feature_id              bigint      NOT NULL,
  version                 integer     NOT NULL,
  geom                    geometry(MultiPolygon, 4490) NOT NULL,
  properties              jsonb       NOT NULL,
  change_set_id           bigint      NOT NULL REFERENCES change_set,
  valid_from              timestamptz NOT NULL,
  valid_to                timestamptz NOT NULL,
  ended_by_change_set_id  bigint      NOT NULL REFERENCES change_set,
  ended_by                text        NOT NULL CHECK (ended_by IN ('UPDATE', 'DELETE')),
  PRIMARY KEY (layer, feature_id, version)
);
CREATE INDEX feature_history_geom_idx ON feature_history USING gist (geom);
CREATE INDEX feature_history_ended_by_idx ON feature_history (ended_by_change_set_id);
CREATE INDEX feature_history_period_idx ON feature_history (layer, valid_from, valid_to);

-- Before a feature changes or goes: keep its version, raise version and updated_at. Every change
-- must come with a change set of its own (a new change_set_id on update; for a delete, the change
-- set named by SET LOCAL redline.change_set_id).
CREATE FUNCTION keep_feature_version() RETURNS trigger LANGUAGE plpgsql SET search_path FROM CURRENT AS $$
DECLARE
  ending bigint;
BEGIN
  IF TG_OP = 'UPDATE' THEN
    IF NEW.change_set_id = OLD.change_set_id THEN
      RAISE EXCEPTION 'a change to % % must belong to a change set of its own', TG_ARGV[0], OLD.id
        USING ERRCODE = 'check_violation';
    END IF;
    ending := NEW.change_set_id;
    NEW.version := OLD.version + 1;
    NEW.updated_at := now();
  ELSE
    ending := nullif(current_setting('redline.change_set_id', true), '')::bigint;
    IF ending IS NULL THEN
      RAISE EXCEPTION 'deleting % % needs its change set: SET LOCAL redline.change_set_id = …', TG_ARGV[0], OLD.id
        USING ERRCODE = 'check_violation';
    END IF;
  END IF;
  INSERT INTO feature_history (layer, feature_id, version, geom, properties, change_set_id, valid_from,
                               valid_to, ended_by_change_set_id, ended_by)
  VALUES (TG_ARGV[0], OLD.id, OLD.version, OLD.geom, to_jsonb(OLD) - 'geom', OLD.change_set_id,
          OLD.updated_at, now(), ending, TG_OP);
  RETURN CASE WHEN TG_OP = 'UPDATE' THEN NEW ELSE OLD END;
END
$$;

CREATE TRIGGER industrial_cluster_versions BEFORE UPDATE OR DELETE ON industrial_cluster
  FOR EACH ROW EXECUTE FUNCTION keep_feature_version('cluster');
CREATE TRIGGER red_line_versions BEFORE UPDATE OR DELETE ON red_line
  FOR EACH ROW EXECUTE FUNCTION keep_feature_version('red_line');
CREATE TRIGGER reserve_land_versions BEFORE UPDATE OR DELETE ON reserve_land
  FOR EACH ROW EXECUTE FUNCTION keep_feature_version('reserve_land');
CREATE TRIGGER village_park_versions BEFORE UPDATE OR DELETE ON village_park
  FOR EACH ROW EXECUTE FUNCTION keep_feature_version('village_park');
CREATE TRIGGER parcel_versions BEFORE UPDATE OR DELETE ON parcel
  FOR EACH ROW EXECUTE FUNCTION keep_feature_version('parcel');

CREATE INDEX industrial_cluster_change_set_idx ON industrial_cluster (change_set_id);
CREATE INDEX red_line_change_set_idx ON red_line (change_set_id);
CREATE INDEX reserve_land_change_set_idx ON reserve_land (change_set_id);
CREATE INDEX village_park_change_set_idx ON village_park (change_set_id);
CREATE INDEX parcel_change_set_idx ON parcel (change_set_id);

-- A layer as it was at a moment: the versions valid then, from the history and the current rows,
-- within a bounding box (so that the GiST indexes serve). properties holds the attributes (JSON).
CREATE FUNCTION layer_as_of(layer text, at timestamptz, box geometry)
  RETURNS TABLE (id bigint, version integer, geom geometry, properties jsonb)
LANGUAGE plpgsql STABLE SET search_path FROM CURRENT AS $$
DECLARE
  tbl text := CASE layer WHEN 'cluster' THEN 'industrial_cluster' WHEN 'red_line' THEN 'red_line'
                         WHEN 'reserve_land' THEN 'reserve_land' WHEN 'village_park' THEN 'village_park'
                         WHEN 'parcel' THEN 'parcel' END;
BEGIN
  IF tbl IS NULL THEN
    RAISE EXCEPTION 'layer % keeps no history', layer USING ERRCODE = 'invalid_parameter_value';
  END IF;
  RETURN QUERY EXECUTE format(
    'SELECT t.id, t.version, t.geom, to_jsonb(t) - ''geom'' FROM %I t
     WHERE t.geom && $2 AND t.updated_at <= $1
     UNION ALL
     SELECT h.feature_id, h.version, h.geom, h.properties FROM feature_history h
     WHERE h.layer = %L AND h.geom && $2 AND h.valid_from <= $1 AND h.valid_to > $1', tbl, layer)
  USING at, box;
END
$$;

-- Places ---------------------------------------------------------------------------------------------

-- District boundaries are ~100 m precise: containment in a district allows 0.001° (≈ 100–111 m).
ALTER TABLE district
  ADD COLUMN tolerance_geom geometry(MultiPolygon, 4490)
    GENERATED ALWAYS AS (ST_Multi(ST_Buffer(geom, 0.001))) STORED;

CREATE FUNCTION district_at(g geometry) RETURNS char(6) LANGUAGE sql STABLE SET search_path FROM CURRENT AS $$
  SELECT code FROM district WHERE ST_Intersects(geom, ST_PointOnSurface(g)) ORDER BY code LIMIT 1
$$;
CREATE FUNCTION town_at(g geometry) RETURNS char(9) LANGUAGE sql STABLE SET search_path FROM CURRENT AS $$
  SELECT code FROM town WHERE ST_Intersects(geom, ST_PointOnSurface(g)) ORDER BY code LIMIT 1
$$;
CREATE FUNCTION cluster_at(g geometry) RETURNS bigint LANGUAGE sql STABLE SET search_path FROM CURRENT AS $$
  SELECT id FROM industrial_cluster WHERE ST_Intersects(geom, ST_PointOnSurface(g)) ORDER BY id LIMIT 1
$$;

-- Places left empty by a writer follow from the shape.
CREATE FUNCTION derive_places() RETURNS trigger LANGUAGE plpgsql SET search_path FROM CURRENT AS $$
BEGIN
  IF NEW.district_code IS NULL THEN
    NEW.district_code := district_at(NEW.geom);
  END IF;
  -- (nested: a table without the column must never have the expression prepared)
  IF TG_TABLE_NAME IN ('parcel', 'village_park') THEN
    IF NEW.town_code IS NULL THEN
      NEW.town_code := town_at(NEW.geom);
    END IF;
  END IF;
  IF TG_TABLE_NAME IN ('parcel', 'red_line') THEN
    IF NEW.cluster_id IS NULL THEN
      NEW.cluster_id := cluster_at(NEW.geom);
    END IF;
  END IF;
  RETURN NEW;
END
$$;
CREATE TRIGGER red_line_places BEFORE INSERT OR UPDATE ON red_line
  FOR EACH ROW EXECUTE FUNCTION derive_places();
CREATE TRIGGER reserve_land_places BEFORE INSERT OR UPDATE ON reserve_land
  FOR EACH ROW EXECUTE FUNCTION derive_places();
CREATE TRIGGER village_park_places BEFORE INSERT OR UPDATE ON village_park
  FOR EACH ROW EXECUTE FUNCTION derive_places();
CREATE TRIGGER parcel_places BEFORE INSERT OR UPDATE ON parcel
  FOR EACH ROW EXECUTE FUNCTION derive_places();

-- Sane shapes ----------------------------------------------------------------------------------------

ALTER TABLE industrial_cluster ADD CONSTRAINT industrial_cluster_sane_size
  CHECK (area_m2 BETWEEN 1 AND 500e6 AND ST_NPoints(geom) <= 50000);
ALTER TABLE red_line ADD CONSTRAINT red_line_sane_size
  CHECK (area_m2 BETWEEN 1 AND 300e6 AND ST_NPoints(geom) <= 50000);
ALTER TABLE reserve_land ADD CONSTRAINT reserve_land_sane_size
  CHECK (area_m2 BETWEEN 1 AND 20e6 AND ST_NPoints(geom) <= 20000);
ALTER TABLE village_park ADD CONSTRAINT village_park_sane_size
  CHECK (area_m2 BETWEEN 1 AND 20e6 AND ST_NPoints(geom) <= 20000);
ALTER TABLE parcel ADD CONSTRAINT parcel_sane_size
  CHECK (area_m2 BETWEEN 1 AND 20e6 AND ST_NPoints(geom) <= 20000);

-- The rules of a change set --------------------------------------------------------------------------

-- One violation of the rules: which rule, the feature (and the other feature) involved, a message
-- in Chinese and English, and the shape at fault (the overlap, the part outside) where there is one.
CREATE TYPE rule_violation AS (
  rule        text,
  layer       text,
  feature_id  bigint,
  other_id    bigint,
  message     text,
  geom        geometry
);

-- Overlaps: a feature written by the change set may not share more than 1 m² of interior with
-- another feature of its layer.
CREATE FUNCTION check_overlaps(cs bigint) RETURNS SETOF rule_violation
LANGUAGE plpgsql STABLE SET search_path FROM CURRENT AS $$
DECLARE
  t record;
BEGIN
  FOR t IN SELECT * FROM (VALUES ('industrial_cluster', 'cluster', '工业集聚区'), ('red_line', 'red_line', '红线'),
                                 ('reserve_land', 'reserve_land', '储备用地'), ('village_park', 'village_park', '村级工业园'),
                                 ('parcel', 'parcel', '宗地')) AS l(tbl, layer, label)
  LOOP
    RETURN QUERY EXECUTE format(
      'SELECT ''overlap''::text, %L::text, n.id, o.id,
              format(''%s %%s 与 %%s 重叠 %%s m²（%s %%s overlaps %%s by %%s m²）'',
                     n.code, o.code, round(x.m2::numeric, 1), n.code, o.code, round(x.m2::numeric, 1)),
              x.g::geometry
       FROM %I n
       JOIN %I o ON o.geom && n.geom AND o.id <> n.id
       CROSS JOIN LATERAL (SELECT ST_CollectionExtract(ST_Intersection(n.geom, o.geom), 3) AS g) i
       CROSS JOIN LATERAL (SELECT i.g, ST_Area(i.g::geography) AS m2) x
       WHERE n.change_set_id = $1
         AND (o.change_set_id <> $1 OR o.id > n.id)
         AND ST_Relate(n.geom, o.geom, ''2********'')
         AND x.m2 > 1.0',
      t.layer, t.label, t.layer, t.tbl, t.tbl)
    USING cs;
  END LOOP;
END
$$;

-- Containment, with tolerances: red line in its cluster (1e-5° ≈ 1 m) and in its district
-- (0.001°); reserve land in the red line (1e-5°); parcels and village parks in their district
-- (0.001°); clusters in the city (0.001°). Checked for what the change set wrote, and for what lies
-- in a container it changed or removed.
CREATE FUNCTION check_containment(cs bigint) RETURNS SETOF rule_violation
LANGUAGE plpgsql STABLE SET search_path FROM CURRENT AS $$
BEGIN
  -- dynamic SQL, planned for this change set: a generic plan would expect the size of the
  -- largest one (the initial load) and scan whole layers
  RETURN QUERY EXECUTE $q$
SELECT (v).* FROM (
  -- red line in its cluster
  SELECT ('contained', 'red_line', r.id, c.id,
          CASE WHEN c.id IS NULL
               THEN format('红线 %s 不在任何工业集聚区内（red line %s lies in no industrial cluster）', r.code, r.code)
               ELSE format('红线 %s 超出工业集聚区 %s（red line %s reaches outside cluster %s）', r.code, c.code, r.code, c.code) END,
          CASE WHEN c.id IS NULL THEN r.geom ELSE ST_CollectionExtract(ST_Difference(r.geom, c.geom), 3) END)::rule_violation AS v
  FROM red_line r
  LEFT JOIN industrial_cluster c ON c.id = r.cluster_id
  WHERE (r.change_set_id = $1 OR c.change_set_id = $1)
    AND (c.id IS NULL OR NOT ST_Covers(ST_Buffer(c.geom, 1e-5), r.geom))
  UNION ALL
  -- red line, parcels, village parks and reserve land in their district
  SELECT ('contained', f.layer, f.id, NULL,
          format('%s %s 超出%s（%s %s reaches outside district %s）', f.label, f.code, d.name, f.layer, f.code, d.code),
          ST_CollectionExtract(ST_Difference(f.geom, d.geom), 3))::rule_violation AS v
  FROM (SELECT 'red_line' AS layer, '红线' AS label, id, code, geom, district_code FROM red_line WHERE change_set_id = $1
        UNION ALL SELECT 'parcel', '宗地', id, code, geom, district_code FROM parcel WHERE change_set_id = $1
        UNION ALL SELECT 'village_park', '村级工业园', id, code, geom, district_code FROM village_park WHERE change_set_id = $1
        UNION ALL SELECT 'reserve_land', '储备用地', id, code, geom, district_code FROM reserve_land WHERE change_set_id = $1) f
  JOIN district d ON d.code = f.district_code
  WHERE NOT ST_Covers(d.tolerance_geom, f.geom)
  UNION ALL
  -- reserve land in the red line: what the change set wrote, and what lies where it changed the red line
  SELECT ('contained', 'reserve_land', s.id, NULL,
          format('储备用地 %s 超出工业用地红线（reserve land %s reaches outside the red line）', s.code, s.code),
          ST_CollectionExtract(ST_Difference(s.geom, coalesce(u.geom, 'SRID=4490;POLYGON EMPTY'::geometry)), 3))::rule_violation AS v
  FROM reserve_land s
  CROSS JOIN LATERAL (SELECT ST_Union(r.geom) AS geom FROM red_line r WHERE r.geom && s.geom) u
  WHERE (s.change_set_id = $1
         OR EXISTS (SELECT 1 FROM red_line r WHERE r.change_set_id = $1 AND r.geom && s.geom)
         OR EXISTS (SELECT 1 FROM feature_history h
                    WHERE h.ended_by_change_set_id = $1 AND h.layer = 'red_line' AND h.geom && s.geom))
    AND (u.geom IS NULL OR NOT ST_Covers(ST_Buffer(u.geom, 1e-5), s.geom))
  UNION ALL
  -- clusters in the city
  SELECT ('contained', 'cluster', c.id, NULL,
          format('工业集聚区 %s 超出佛山市域（cluster %s reaches outside Foshan）', c.code, c.code),
          ST_CollectionExtract(ST_Difference(c.geom, coalesce(city.geom, 'SRID=4490;POLYGON EMPTY'::geometry)), 3))::rule_violation AS v
  FROM industrial_cluster c
  CROSS JOIN LATERAL (SELECT ST_Union(d.tolerance_geom) AS geom FROM district d WHERE d.tolerance_geom && c.geom) city
  WHERE c.change_set_id = $1 AND (city.geom IS NULL OR NOT ST_Covers(city.geom, c.geom))
) checks
  $q$ USING cs;
END
$$;

-- The red-line quota: no district may fall below its minimum (nor further below it), the city's
-- red line may not fall (以增定改 · 不减有增: area put in ≥ area taken out, 1 m² tolerance for
-- rounding), and the city keeps 450 km². With lock, waits for any other change set of the red line
-- to finish first (a lock on the city row), so that two change sets fine alone cannot together go
-- below a floor.
CREATE FUNCTION check_red_line_quota(cs bigint, lock boolean) RETURNS SETOF rule_violation
LANGUAGE plpgsql VOLATILE SET search_path FROM CURRENT AS $$
DECLARE
  city_row record;
  put_in double precision;
  taken_out double precision;
  city_after double precision;
BEGIN
  IF NOT EXISTS (SELECT 1 FROM red_line WHERE change_set_id = cs)
     AND NOT EXISTS (SELECT 1 FROM feature_history WHERE ended_by_change_set_id = cs AND layer = 'red_line') THEN
    RETURN;
  END IF;
  IF lock THEN
    PERFORM 1 FROM city FOR UPDATE;
  END IF;
  SELECT * INTO city_row FROM city;
  -- area put in and taken out, from the shapes the change set wrote and the ones it ended
  WITH after AS (SELECT ST_Union(geom) AS g FROM red_line WHERE change_set_id = cs),
       before AS (SELECT ST_Union(geom) AS g FROM feature_history
                  WHERE ended_by_change_set_id = cs AND layer = 'red_line')
  SELECT coalesce(ST_Area(ST_Difference(after.g, coalesce(before.g, 'SRID=4490;POLYGON EMPTY'))::geography), 0),
         coalesce(ST_Area(ST_Difference(before.g, coalesce(after.g, 'SRID=4490;POLYGON EMPTY'))::geography), 0)
  INTO put_in, taken_out
  FROM after, before;
  IF put_in - taken_out < -1.0 THEN
    RETURN NEXT ('balance', 'red_line', NULL, NULL,
                 format('以增定改：调出 %s 亩多于调入 %s 亩，全市红线将减少 %s 亩（area taken out, %s mu, exceeds area put in, %s mu: the city''s red line would fall by %s mu）',
                        round((taken_out / 666.667)::numeric, 2), round((put_in / 666.667)::numeric, 2),
                        round(((taken_out - put_in) / 666.667)::numeric, 2),
                        round((taken_out / 666.667)::numeric, 2), round((put_in / 666.667)::numeric, 2),
                        round(((taken_out - put_in) / 666.667)::numeric, 2)),
                 NULL)::rule_violation;
  END IF;
  -- every district: after the change, against its minimum and against before
  RETURN QUERY
  WITH after AS (SELECT district_code AS code, sum(area_m2) AS m2 FROM red_line WHERE change_set_id = cs GROUP BY 1),
       before AS (SELECT properties ->> 'district_code' AS code, sum((properties ->> 'area_m2')::float8) AS m2
                  FROM feature_history WHERE ended_by_change_set_id = cs AND layer = 'red_line' GROUP BY 1),
       delta AS (SELECT coalesce(a.code, b.code) AS code, coalesce(a.m2, 0) - coalesce(b.m2, 0) AS m2
                 FROM after a FULL JOIN before b ON a.code = b.code),
       total AS (SELECT d.code, d.name, d.name_en, d.red_line_minimum_km2 * 1e6 AS minimum,
                        (SELECT coalesce(sum(r.area_m2), 0) FROM red_line r WHERE r.district_code = d.code) AS m2
                 FROM district d)
  SELECT (('minimum', 'red_line', NULL, NULL,
          format('%s红线将为 %s km²，低于下限 %s km²（%s: red line would be %s km², below its minimum of %s km²）',
                 t.name, round((t.m2 / 1e6)::numeric, 3), round((t.minimum / 1e6)::numeric, 2),
                 t.name_en, round((t.m2 / 1e6)::numeric, 3), round((t.minimum / 1e6)::numeric, 2)),
          NULL)::rule_violation).*
  FROM total t JOIN delta x ON x.code = t.code
  WHERE t.m2 < t.minimum AND x.m2 < 0;
  SELECT sum(area_m2) INTO city_after FROM red_line;
  IF city_after < city_row.red_line_minimum_km2 * 1e6 AND put_in < taken_out THEN
    RETURN NEXT ('minimum', 'red_line', NULL, NULL,
                 format('全市红线将为 %s km²，低于 %s km²（the city''s red line would be %s km², below %s km²）',
                        round((city_after / 1e6)::numeric, 3), city_row.red_line_minimum_km2,
                        round((city_after / 1e6)::numeric, 3), city_row.red_line_minimum_km2),
                 NULL)::rule_violation;
  END IF;
END
$$;

CREATE FUNCTION check_change_set(cs bigint, lock boolean) RETURNS SETOF rule_violation
LANGUAGE sql VOLATILE SET search_path FROM CURRENT AS $$
  SELECT * FROM check_overlaps(cs)
  UNION ALL SELECT * FROM check_containment(cs)
  UNION ALL SELECT * FROM check_red_line_quota(cs, lock)
$$;

-- At commit, once per change set: it must be committed (not a draft), and keep every rule.
CREATE FUNCTION guard_change_set() RETURNS trigger LANGUAGE plpgsql SET search_path FROM CURRENT AS $$
DECLARE
  cs bigint;
  v rule_violation;
BEGIN
  cs := CASE WHEN TG_OP = 'DELETE' THEN nullif(current_setting('redline.change_set_id', true), '')::bigint
             ELSE NEW.change_set_id END;
  IF cs IS NULL OR current_setting('redline.checked_' || cs, true) = 'yes' THEN
    RETURN NULL;
  END IF;
  PERFORM set_config('redline.checked_' || cs, 'yes', true);
  IF NOT EXISTS (SELECT 1 FROM change_set WHERE id = cs AND status = 'COMMITTED') THEN
    RAISE EXCEPTION 'change set % is not committed: layers change only through committed change sets', cs
      USING ERRCODE = 'check_violation';
  END IF;
  FOR v IN SELECT * FROM check_change_set(cs, true) LOOP
    RAISE EXCEPTION '%', v.message USING ERRCODE = 'check_violation', DETAIL = 'rule ' || v.rule;
  END LOOP;
  RETURN NULL;
END
$$;

CREATE CONSTRAINT TRIGGER industrial_cluster_rules AFTER INSERT OR UPDATE OR DELETE ON industrial_cluster
  DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION guard_change_set();
CREATE CONSTRAINT TRIGGER red_line_rules AFTER INSERT OR UPDATE OR DELETE ON red_line
  DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION guard_change_set();
CREATE CONSTRAINT TRIGGER reserve_land_rules AFTER INSERT OR UPDATE OR DELETE ON reserve_land
  DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION guard_change_set();
CREATE CONSTRAINT TRIGGER village_park_rules AFTER INSERT OR UPDATE OR DELETE ON village_park
  DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION guard_change_set();
CREATE CONSTRAINT TRIGGER parcel_rules AFTER INSERT OR UPDATE OR DELETE ON parcel
  DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION guard_change_set();
