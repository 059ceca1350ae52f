-- The versioned layers, registered once (issue 14: a new layer is one package and one migration).
--
-- Until now each versioned layer was named in ten places: the history and version triggers (V10),
-- the places trigger (V4), the rules noted for the commit (V14), row security and grants (V14), the
-- audit (V20), the code pattern (V16), as-of reads (layer_as_of), the geometry of a feature
-- (feature_geom), the overlap and in-district rules (V4) and the layer lists of change_set_edit and
-- import_job. Now the layers are rows of versioned_layer: what reads layers reads that table, and
-- register_versioned_layer() gives a new layer's table everything every versioned layer has. A new
-- layer's migration creates its table (its own columns, CHECKs and comments) and calls it once.

CREATE TABLE versioned_layer (
  layer        text    PRIMARY KEY CHECK (layer ~ '^[a-z][a-z0-9_]{1,39}$'),
  tbl          text    NOT NULL UNIQUE,
  label        text    NOT NULL CHECK (char_length(label) BETWEEN 1 AND 40),
  in_district  boolean NOT NULL
);
COMMENT ON TABLE versioned_layer IS 'the layers edited through change sets and kept with their history: id (as in the API), table, what one feature is called, whether each feature must lie in its district';

INSERT INTO versioned_layer (layer, tbl, label, in_district) VALUES
  ('cluster', 'industrial_cluster', '工业集聚区', false),
  ('red_line', 'red_line', '红线', true),
  ('reserve_land', 'reserve_land', '储备用地', true),
  ('village_park', 'village_park', '村级工业园', true),
  ('parcel', 'parcel', '宗地', true);
GRANT SELECT ON versioned_layer TO redline_service, redline_editor;

-- The layer lists of pending edits and import jobs become references to the registry.
ALTER TABLE change_set_edit DROP CONSTRAINT change_set_edit_layer_check,
  ADD CONSTRAINT change_set_edit_layer_fkey FOREIGN KEY (layer) REFERENCES versioned_layer;
ALTER TABLE import_job DROP CONSTRAINT import_job_layer_check,
  ADD CONSTRAINT import_job_layer_fkey FOREIGN KEY (layer) REFERENCES versioned_layer;

-- Places left empty follow from the shape: the district always, the town and the cluster where the
-- trigger is asked for them (derive_places('town', 'cluster')), so that no table list is needed here.
CREATE OR REPLACE FUNCTION derive_places() RETURNS trigger LANGUAGE plpgsql SET search_path FROM CURRENT AS $$
BEGIN
  IF NEW.district_code IS NULL THEN
    NEW.district_code := district_at(NEW.geom);
  END IF;
  -- (nested: a table without the column must never have the expression prepared)
  IF 'town' = ANY (TG_ARGV) THEN
    IF NEW.town_code IS NULL THEN
      NEW.town_code := town_at(NEW.geom);
    END IF;
  END IF;
  IF 'cluster' = ANY (TG_ARGV) THEN
    IF NEW.cluster_id IS NULL THEN
      NEW.cluster_id := cluster_at(NEW.geom);
    END IF;
  END IF;
  RETURN NEW;
END
$$;
DROP TRIGGER red_line_places ON red_line;
CREATE TRIGGER red_line_places BEFORE INSERT OR UPDATE ON red_line
  FOR EACH ROW EXECUTE FUNCTION derive_places('cluster');
DROP TRIGGER reserve_land_places ON reserve_land;
CREATE TRIGGER reserve_land_places BEFORE INSERT OR UPDATE ON reserve_land
  FOR EACH ROW EXECUTE FUNCTION derive_places();
DROP TRIGGER village_park_places ON village_park;
CREATE TRIGGER village_park_places BEFORE INSERT OR UPDATE ON village_park
  FOR EACH ROW EXECUTE FUNCTION derive_places('town');
DROP TRIGGER parcel_places ON parcel;
CREATE TRIGGER parcel_places BEFORE INSERT OR UPDATE ON parcel
  FOR EACH ROW EXECUTE FUNCTION derive_places('town', 'cluster');

-- A registered layer's table, or an error naming the registered layers.
CREATE FUNCTION versioned_table(layer text) RETURNS text LANGUAGE plpgsql STABLE
SET search_path FROM CURRENT AS $$
DECLARE
  t text;
BEGIN
  SELECT v.tbl INTO t FROM versioned_layer v WHERE v.layer = versioned_table.layer;
  IF t IS NULL THEN
    RAISE EXCEPTION '图层 % 不保留历史（layer % keeps no history; versioned layers: %）', layer, layer,
      (SELECT string_agg(v.layer, ', ' ORDER BY v.layer) FROM versioned_layer v)
      USING ERRCODE = 'invalid_parameter_value';
  END IF;
  RETURN t;
END
$$;

CREATE OR REPLACE FUNCTION layer_as_of(layer text, at timestamptz, box geometry)
  RETURNS TABLE (id bigint, version integer, geom geometry, properties jsonb)
LANGUAGE plpgsql STABLE SET search_path FROM CURRENT AS $$
BEGIN
  RETURN QUERY EXECUTE format(
    'SELECT t.id, t.version, t.geom, to_jsonb(t) - ''geom'' FROM %I t
     WHERE t.geom && $2 AND t.updated_at <= $1
     UNION ALL
     SELECT h.feature_id, h.version, h.geom, h.properties FROM feature_history h
     WHERE h.layer = %L AND h.geom && $2 AND h.valid_from <= $1 AND h.valid_to > $1',
    versioned_table(layer), layer)
  USING at, box;
END
$$;

CREATE OR REPLACE FUNCTION feature_geom(layer text, id bigint) RETURNS geometry
LANGUAGE plpgsql STABLE SET search_path FROM CURRENT AS $$
DECLARE
  g geometry;
BEGIN
  EXECUTE format('SELECT geom FROM %I WHERE id = $1', versioned_table(layer)) INTO g USING id;
  RETURN g;
END
$$;

-- Overlaps: a feature written by the change set may not share more than 1 m² of interior with
-- another feature of its layer. Every versioned layer.
CREATE OR REPLACE FUNCTION check_overlaps(cs bigint) RETURNS SETOF rule_violation
LANGUAGE plpgsql STABLE SET search_path FROM CURRENT AS $$
DECLARE
  t record;
BEGIN
  FOR t IN SELECT * FROM versioned_layer ORDER BY layer LOOP
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

-- In its district: a feature of a layer registered in_district, written by the change set, lies in
-- the district it names (0.001° tolerance, district boundaries being ~100 m precise).
CREATE FUNCTION check_in_district(cs bigint) RETURNS SETOF rule_violation
LANGUAGE plpgsql STABLE SET search_path FROM CURRENT AS $$
DECLARE
  t record;
BEGIN
  FOR t IN SELECT * FROM versioned_layer WHERE in_district ORDER BY layer LOOP
    RETURN QUERY EXECUTE format(
      'SELECT ''contained''::text, %L::text, f.id, NULL::bigint,
              format(''%s %%s 超出%%s（%s %%s reaches outside district %%s）'', f.code, d.name, f.code, d.code),
              ST_CollectionExtract(ST_Difference(f.geom, d.geom), 3)
       FROM %I f JOIN district d ON d.code = f.district_code
       WHERE f.change_set_id = $1 AND NOT ST_Covers(d.tolerance_geom, f.geom)',
      t.layer, t.label, t.layer, t.tbl)
    USING cs;
  END LOOP;
END
$$;

-- Containment across layers: red line in its cluster, reserve land in the red line, clusters in the
-- city (each layer in its district is check_in_district).
CREATE OR REPLACE FUNCTION check_containment(cs bigint) RETURNS SETOF rule_violation
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

CREATE OR REPLACE FUNCTION check_change_set(cs bigint, lock boolean) RETURNS SETOF rule_violation
LANGUAGE sql VOLATILE SET search_path FROM CURRENT AS $$
  SELECT * FROM check_overlaps(cs)
  UNION ALL SELECT * FROM check_in_district(cs)
  UNION ALL SELECT * FROM check_containment(cs)
  UNION ALL SELECT * FROM check_red_line_quota(cs, lock)
$$;

-- Everything every versioned layer has, given to a new layer's table: the registry row, its
-- revision, indexes (shape, change set, update time), the version and history triggers, places, the
-- rules noted for the commit, the audit, the code pattern, row security and the grants. The table
-- must have the columns every versioned layer has: id bigint, code text, geom
-- geometry(MultiPolygon, 4490), version integer, updated_at timestamptz, change_set_id bigint (and
-- district_code when in_district). Places are derived for the columns it has (district_code,
-- town_code, cluster_id).
CREATE FUNCTION register_versioned_layer(layer text, tbl regclass, label text, in_district boolean)
RETURNS void LANGUAGE plpgsql SET search_path FROM CURRENT AS $$
DECLARE
  t text := tbl::text;
  missing text;
  places text[] := '{}';
  id_sequence text;
BEGIN
  SELECT string_agg(format('%s %s', c.name, c.type), ', ') INTO missing
  FROM (VALUES ('id', 'bigint'), ('code', 'text'), ('geom', 'geometry(MultiPolygon,4490)'),
               ('version', 'integer'), ('updated_at', 'timestamp with time zone'),
               ('change_set_id', 'bigint')) AS c(name, type)
  WHERE NOT EXISTS (SELECT 1 FROM pg_attribute a
                    WHERE a.attrelid = tbl AND a.attname = c.name AND NOT a.attisdropped
                      AND format_type(a.atttypid, a.atttypmod) = c.type);
  IF missing IS NOT NULL THEN
    RAISE EXCEPTION 'register_versioned_layer: % lacks the columns of a versioned layer: %', t, missing;
  END IF;
  IF EXISTS (SELECT 1 FROM pg_attribute WHERE attrelid = tbl AND attname = 'district_code' AND NOT attisdropped) THEN
    places := places || 'district'::text;
  ELSIF in_district THEN
    RAISE EXCEPTION 'register_versioned_layer: % is to lie in its district but has no district_code', t;
  END IF;
  IF EXISTS (SELECT 1 FROM pg_attribute WHERE attrelid = tbl AND attname = 'town_code' AND NOT attisdropped) THEN
    places := places || 'town'::text;
  END IF;
  IF EXISTS (SELECT 1 FROM pg_attribute WHERE attrelid = tbl AND attname = 'cluster_id' AND NOT attisdropped) THEN
    places := places || 'cluster'::text;
  END IF;

  INSERT INTO versioned_layer VALUES (layer, t, label, in_district);
  INSERT INTO layer_revision (layer) VALUES (layer);
  EXECUTE format('CREATE TRIGGER %I AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON %I
                  FOR EACH STATEMENT EXECUTE FUNCTION bump_layer_revision(%L)', t || '_revision', t, layer);

  EXECUTE format('CREATE INDEX %I ON %I USING gist (geom)', t || '_geom_idx', t);
  EXECUTE format('CREATE INDEX %I ON %I (change_set_id)', t || '_change_set_idx', t);
  EXECUTE format('CREATE INDEX %I ON %I (updated_at)', t || '_updated_at_idx', t);
  EXECUTE format('ALTER TABLE %I ADD CONSTRAINT %I CHECK (code ~ %L)', t, t || '_code_pattern',
                 '^[A-Za-z0-9\u3400-\u4DBF\u4E00-\u9FFF][-A-Za-z0-9\u3400-\u4DBF\u4E00-\u9FFF_.]{0,63}$');

  -- versions and history (V10, V13)
  EXECUTE format('CREATE TRIGGER %I BEFORE UPDATE ON %I FOR EACH ROW EXECUTE FUNCTION bump_feature_version(%L)',
                 t || '_version', t, layer);
  EXECUTE format('CREATE TRIGGER %I AFTER UPDATE ON %I REFERENCING OLD TABLE AS ended NEW TABLE AS current
                  FOR EACH STATEMENT EXECUTE FUNCTION keep_updated_versions(%L)', t || '_updated_versions', t, layer);
  EXECUTE format('CREATE TRIGGER %I AFTER DELETE ON %I REFERENCING OLD TABLE AS ended
                  FOR EACH STATEMENT EXECUTE FUNCTION keep_deleted_versions(%L)', t || '_deleted_versions', t, layer);
  -- places (V4)
  IF 'district' = ANY (places) THEN
    EXECUTE format('CREATE TRIGGER %I BEFORE INSERT OR UPDATE ON %I FOR EACH ROW EXECUTE FUNCTION derive_places(%s)',
                   t || '_places', t,
                   (SELECT coalesce(string_agg(quote_literal(p), ', '), '') FROM unnest(places) p WHERE p <> 'district'));
  END IF;
  -- the rules, checked at commit (V14)
  EXECUTE format('CREATE TRIGGER %I AFTER INSERT ON %I REFERENCING NEW TABLE AS written
                  FOR EACH STATEMENT EXECUTE FUNCTION note_written_change_sets()', t || '_noted_inserts', t);
  EXECUTE format('CREATE TRIGGER %I AFTER UPDATE ON %I REFERENCING NEW TABLE AS written
                  FOR EACH STATEMENT EXECUTE FUNCTION note_written_change_sets()', t || '_noted_updates', t);
  EXECUTE format('CREATE TRIGGER %I AFTER DELETE ON %I REFERENCING OLD TABLE AS ended
                  FOR EACH STATEMENT EXECUTE FUNCTION note_written_change_sets()', t || '_noted_deletes', t);
  -- the audit (V20)
  EXECUTE format('CREATE TRIGGER %I AFTER INSERT ON %I REFERENCING NEW TABLE AS written
                  FOR EACH STATEMENT EXECUTE FUNCTION audit_statement(''change_set'')', t || '_audited_inserts', t);
  EXECUTE format('CREATE TRIGGER %I AFTER UPDATE ON %I REFERENCING NEW TABLE AS written
                  FOR EACH STATEMENT EXECUTE FUNCTION audit_statement(''change_set'')', t || '_audited_updates', t);
  EXECUTE format('CREATE TRIGGER %I AFTER DELETE ON %I REFERENCING OLD TABLE AS ended
                  FOR EACH STATEMENT EXECUTE FUNCTION audit_statement(''change_set'')', t || '_audited_deletes', t);
  -- row security and grants (V14)
  EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t);
  EXECUTE format('CREATE POLICY %I ON %I FOR SELECT USING (true)', t || '_read', t);
  EXECUTE format(
    'CREATE POLICY %I ON %I FOR ALL
       USING (may_write_in((SELECT actor_role()), (SELECT actor_district()),
                           CASE WHEN (SELECT actor_role()) = ''DISTRICT'' THEN district_of(geom) END))
       WITH CHECK (may_write_in((SELECT actor_role()), (SELECT actor_district()),
                                CASE WHEN (SELECT actor_role()) = ''DISTRICT'' THEN district_of(geom) END))',
    t || '_write', t);
  EXECUTE format('GRANT SELECT, INSERT, UPDATE, DELETE ON %I TO redline_service, redline_editor', t);
  id_sequence := pg_get_serial_sequence(t, 'id');
  IF id_sequence IS NOT NULL THEN
    EXECUTE format('GRANT USAGE, SELECT ON SEQUENCE %s TO redline_service, redline_editor', id_sequence);
  END IF;
END
$$;
REVOKE ALL ON FUNCTION register_versioned_layer(text, regclass, text, boolean) FROM PUBLIC;
COMMENT ON FUNCTION register_versioned_layer(text, regclass, text, boolean) IS
  'makes a table a versioned layer: history, versions, places, rules at commit, audit, code pattern, row security, grants';
