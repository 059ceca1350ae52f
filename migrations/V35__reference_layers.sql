-- Reference layers (参考图层, issue 16): files the bureau loads as read-only layers drawn under the
-- editable ones (roads, rivers, 三调 land use, a planning zoning map), for orientation, snapping and
-- identification. A layer keeps its provenance (file, SHA-256, the CRS found, who loaded it when,
-- how many features, a note on its source); its features keep their shape in CGCS2000 and their
-- attributes as a JSON object, and never change: a layer is loaded whole, renamed, or deleted whole.
--
-- Who may do what, for every writer (the service acts for a user, V14):
--   * only the bureau and administrators load, rename and delete reference layers;
--   * a layer's provenance never changes; only its name and its note do;
--   * a feature is written once, with its layer's load (in that transaction), never changed, and
--     goes with its layer; a layer holds at most 200,000 features (the service's own limit may be
--     lower).

CREATE TABLE reference_layer (
  id            bigserial   PRIMARY KEY,
  name          text        NOT NULL CHECK (length(btrim(name)) BETWEEN 1 AND 100 AND name = btrim(name)),
  file_name     text        NOT NULL CHECK (length(file_name) BETWEEN 1 AND 200),
  file_sha256   text        NOT NULL CHECK (file_sha256 ~ '^[0-9a-f]{64}$'),
  file_layer    text        CHECK (length(file_layer) <= 200),
  source_crs    text        NOT NULL CHECK (source_crs ~ '^EPSG:[0-9]{4,6}$'),
  geometry_type text        NOT NULL CHECK (geometry_type IN ('POINT', 'LINE', 'POLYGON', 'MIXED')),
  feature_count integer     NOT NULL CHECK (feature_count BETWEEN 1 AND 200000),
  source_note   text        CHECK (length(source_note) <= 1000),
  -- the extent of its features in CGCS2000: west, south, east, north
  bbox          float8[]    NOT NULL CHECK (array_length(bbox, 1) = 4 AND bbox[1] <= bbox[3] AND bbox[2] <= bbox[4]),
  created_by    text        NOT NULL DEFAULT actor_name(),
  created_at    timestamptz NOT NULL DEFAULT now(),
  updated_by    text,
  updated_at    timestamptz,
  -- the transaction that loaded the layer: its features go in with it, in that one
  loaded_xact   xid8        NOT NULL DEFAULT pg_current_xact_id()
);
CREATE UNIQUE INDEX reference_layer_name_key ON reference_layer (lower(name));
COMMENT ON TABLE reference_layer IS 'Reference layers (参考图层): read-only layers loaded from files, with their provenance';

CREATE TABLE reference_feature (
  layer_id   bigint  NOT NULL REFERENCES reference_layer ON DELETE CASCADE,
  id         integer NOT NULL CHECK (id > 0),
  attributes jsonb   NOT NULL DEFAULT '{}'
             CHECK (jsonb_typeof(attributes) = 'object' AND octet_length(attributes::text) <= 8192),
  geom       geometry(Geometry, 4490) NOT NULL CHECK (NOT ST_IsEmpty(geom) AND ST_NPoints(geom) <= 100000),
  PRIMARY KEY (layer_id, id)
);
-- the tiles, identification and snapping look features up by place (then by layer)
CREATE INDEX reference_feature_geom_idx ON reference_feature USING gist (geom);
COMMENT ON TABLE reference_feature IS 'The features of the reference layers (CGCS2000), attributes as read from the file';

-- The service reads everything (V14's default grants) and writes what a load, a rename and a delete
-- need; nothing updates a feature.
REVOKE ALL ON reference_layer, reference_feature FROM PUBLIC, redline_editor;
REVOKE ALL ON reference_layer, reference_feature FROM redline_service;
GRANT SELECT, INSERT, DELETE ON reference_layer TO redline_service;
GRANT UPDATE (name, source_note) ON reference_layer TO redline_service;
GRANT SELECT, INSERT ON reference_feature TO redline_service;
GRANT USAGE, SELECT ON SEQUENCE reference_layer_id_seq TO redline_service;
REVOKE ALL ON SEQUENCE reference_layer_id_seq FROM redline_editor;

-- Whether the actor may change reference layers: the bureau or an administrator (the schema's owner
-- acting for nobody, as for the demo city, too).
CREATE FUNCTION may_change_reference_layers() RETURNS boolean LANGUAGE sql STABLE
SET search_path FROM CURRENT AS $$
  SELECT coalesce((SELECT actor_role()) IN ('BUREAU', 'ADMIN'), false)
         OR (is_owner() AND actor_name() IS NULL)
$$;

ALTER TABLE reference_layer ENABLE ROW LEVEL SECURITY;
CREATE POLICY reference_layer_read ON reference_layer FOR SELECT USING (true);
CREATE POLICY reference_layer_create ON reference_layer FOR INSERT
  WITH CHECK ((SELECT may_change_reference_layers()));
CREATE POLICY reference_layer_change ON reference_layer FOR UPDATE
  USING ((SELECT may_change_reference_layers())) WITH CHECK ((SELECT may_change_reference_layers()));
CREATE POLICY reference_layer_delete ON reference_layer FOR DELETE
  USING ((SELECT may_change_reference_layers()));

ALTER TABLE reference_feature ENABLE ROW LEVEL SECURITY;
CREATE POLICY reference_feature_read ON reference_feature FOR SELECT USING (true);
CREATE POLICY reference_feature_create ON reference_feature FOR INSERT
  WITH CHECK ((SELECT may_change_reference_layers()));

-- A new layer is its actor's, now; its provenance never changes; a rename or a new note names its
-- actor and time.
CREATE FUNCTION guard_reference_layer() RETURNS trigger LANGUAGE plpgsql SET search_path FROM CURRENT AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    NEW.created_by := coalesce(actor_name(), session_user::text);
    NEW.created_at := now();
    NEW.loaded_xact := pg_current_xact_id();
    NEW.updated_by := NULL;
    NEW.updated_at := NULL;
    RETURN NEW;
  END IF;
  IF NEW.id <> OLD.id OR NEW.file_name <> OLD.file_name OR NEW.file_sha256 <> OLD.file_sha256
     OR NEW.file_layer IS DISTINCT FROM OLD.file_layer OR NEW.source_crs <> OLD.source_crs
     OR NEW.geometry_type <> OLD.geometry_type OR NEW.feature_count <> OLD.feature_count
     OR NEW.bbox <> OLD.bbox
     OR NEW.created_by <> OLD.created_by OR NEW.created_at <> OLD.created_at
     OR NEW.loaded_xact <> OLD.loaded_xact THEN
    RAISE EXCEPTION '参考图层“%”的来源信息不能修改（the provenance of reference layer % cannot be changed）', OLD.name, OLD.name
      USING ERRCODE = 'insufficient_privilege';
  END IF;
  NEW.updated_by := coalesce(actor_name(), session_user::text);
  NEW.updated_at := now();
  RETURN NEW;
END
$$;
CREATE TRIGGER reference_layer_guard BEFORE INSERT OR UPDATE ON reference_layer
  FOR EACH ROW EXECUTE FUNCTION guard_reference_layer();

-- A feature goes in only with its layer's load: in the transaction that made the layer, and never
-- beyond its layer's count.
CREATE FUNCTION guard_reference_feature() RETURNS trigger LANGUAGE plpgsql SET search_path FROM CURRENT AS $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM reference_layer l
                 WHERE l.id = NEW.layer_id AND l.loaded_xact = pg_current_xact_id()
                   AND NEW.id <= l.feature_count) THEN
    RAISE EXCEPTION '参考图层 % 的要素只能随图层一起导入（the features of reference layer % are loaded with it, once）', NEW.layer_id, NEW.layer_id
      USING ERRCODE = 'insufficient_privilege';
  END IF;
  RETURN NEW;
END
$$;
CREATE TRIGGER reference_feature_guard BEFORE INSERT ON reference_feature
  FOR EACH ROW EXECUTE FUNCTION guard_reference_feature();
CREATE TRIGGER reference_feature_no_update BEFORE UPDATE ON reference_feature
  FOR EACH ROW EXECUTE FUNCTION guard_reference_feature();

-- The audit log (V20): a layer loaded, renamed, deleted.
CREATE FUNCTION audit_reference_layer() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER
SET search_path FROM CURRENT AS $$
DECLARE
  r reference_layer;
BEGIN
  r := CASE WHEN TG_OP = 'DELETE' THEN OLD ELSE NEW END;
  PERFORM audit_write(
    'REFERENCE_LAYER_' || CASE TG_OP WHEN 'INSERT' THEN 'LOADED' WHEN 'UPDATE' THEN 'CHANGED' ELSE 'DELETED' END,
    'reference_layer/' || r.id, r.feature_count,
    jsonb_strip_nulls(jsonb_build_object(
      'name', left(r.name, 100), 'from', CASE WHEN TG_OP = 'UPDATE' AND OLD.name <> NEW.name THEN left(OLD.name, 100) END,
      'fileName', left(r.file_name, 200), 'sha256', r.file_sha256, 'crs', r.source_crs)));
  RETURN NULL;
END
$$;
CREATE TRIGGER reference_layer_audited AFTER INSERT OR UPDATE OR DELETE ON reference_layer
  FOR EACH ROW EXECUTE FUNCTION audit_reference_layer();

SELECT pin_search_paths();
