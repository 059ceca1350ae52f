-- 集聚连片 contiguity kept (issue 15): each piece of the parcels and of the red line carries its
-- patch label, kept by the database's own triggers in the writer's transaction (the service, an
-- import, psql), so that GET /api/contiguity sums labels instead of clustering a million pieces.
--
-- A piece is one polygon of a feature (ST_Dump), in EPSG:4547 metres; two pieces of one unit (a
-- district, or a cluster: '' outside every cluster) at most contiguity_setting.gap_m apart are in
-- one patch, and so is every piece linked to them by such gaps (sql/contiguity/select_patches.sql,
-- the on-request computation: ST_ClusterDBSCAN with minpoints 1). A patch's label is the smallest
-- piece id in it, so a patch clustered again gets the same label whatever DBSCAN numbers it.
--
-- On a write (statement triggers with transition tables, one pass per statement), per kind of unit:
-- the pieces of the features written or ended go (their patches' labels noted), the new pieces
-- come in unlabelled, and the touched patches are those noted plus those holding a piece of the
-- same unit within gap_m of a new piece. Those patches' pieces and the new ones are clustered
-- again, and nothing else can change: a piece outside them within gap_m of one inside would have
-- been in the same patch (old shapes), or is within gap_m of a new piece (new shapes). So merges
-- (a new piece bridging two patches) and splits (a piece gone from the middle of one) both come
-- out right. contiguity_patch keeps each patch's pieces and area, contiguity_unit each unit's
-- number of patches, pieces and area (numeric: adding and taking away the same patch leaves the
-- sum as it was); the largest patch and the area in big blocks come from contiguity_patch by index.
--
-- Writers of one layer that change shapes or units take a transaction-level advisory lock on it:
-- two of them clustering the same patch at once would each see the other's pieces half-labelled.

CREATE TABLE contiguity_setting (
  only_row boolean          PRIMARY KEY DEFAULT true CHECK (only_row),
  gap_m    double precision NOT NULL CHECK (gap_m >= 0 AND gap_m <= 1000)
);
INSERT INTO contiguity_setting (gap_m) VALUES (5);
COMMENT ON TABLE contiguity_setting IS
  'The gap (m) the kept patches are made with; the service reads the kept patches only when its redline.contiguity.gap-m is this';

CREATE TABLE contiguity_piece (
  id             bigint           GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  layer          text             NOT NULL CHECK (layer IN ('parcel', 'red_line')),
  feature_id     bigint           NOT NULL,
  district       text             NOT NULL,
  cluster        text             NOT NULL,
  geom           geometry         NOT NULL CHECK (ST_SRID(geom) = 4547),
  m2             double precision NOT NULL,
  district_patch bigint,
  cluster_patch  bigint
);
CREATE INDEX contiguity_piece_feature_idx ON contiguity_piece (layer, feature_id);
CREATE INDEX contiguity_piece_geom_idx ON contiguity_piece USING gist (geom);
CREATE INDEX contiguity_piece_district_patch_idx ON contiguity_piece (district_patch);
CREATE INDEX contiguity_piece_cluster_patch_idx ON contiguity_piece (cluster_patch);
CREATE INDEX contiguity_piece_district_new_idx ON contiguity_piece (layer) WHERE district_patch IS NULL;
CREATE INDEX contiguity_piece_cluster_new_idx ON contiguity_piece (layer) WHERE cluster_patch IS NULL;

CREATE TABLE contiguity_patch (
  kind   text             NOT NULL CHECK (kind IN ('district', 'cluster')),
  patch  bigint           NOT NULL,
  layer  text             NOT NULL,
  unit   text             NOT NULL,
  pieces integer          NOT NULL,
  m2     double precision NOT NULL,
  PRIMARY KEY (kind, patch)
);
CREATE INDEX contiguity_patch_size_idx ON contiguity_patch (layer, kind, unit, m2);

CREATE TABLE contiguity_unit (
  layer   text    NOT NULL,
  kind    text    NOT NULL,
  unit    text    NOT NULL,
  patches bigint  NOT NULL,
  pieces  bigint  NOT NULL,
  m2      numeric NOT NULL,
  PRIMARY KEY (layer, kind, unit)
);

-- the touched patches of one kind (stale: the labels of the pieces gone) and the unlabelled pieces
-- of the layer, clustered again; the patch and unit figures moved from the old patches to the new
CREATE FUNCTION contiguity_recluster(layer_name text, kind text, stale bigint[])
RETURNS void
LANGUAGE plpgsql SECURITY DEFINER SET search_path FROM CURRENT AS $$
DECLARE
  gap double precision := (SELECT gap_m FROM contiguity_setting);
  touched bigint[];
BEGIN
  IF kind NOT IN ('district', 'cluster') THEN
    RAISE EXCEPTION 'contiguity_recluster: kind %', kind;
  END IF;
  -- the noted patches, and those with a piece of the same unit within the gap of a new piece
  EXECUTE format($q$
    WITH fresh AS MATERIALIZED (
      SELECT f.%1$I AS unit, f.geom FROM contiguity_piece f WHERE f.layer = $1 AND f.%2$I IS NULL
    )
    SELECT ARRAY(
      SELECT s FROM unnest($2) s WHERE s IS NOT NULL
      UNION
      SELECT n.patch
      FROM fresh f
      CROSS JOIN LATERAL (
        SELECT q.%2$I AS patch FROM contiguity_piece q
        WHERE ST_DWithin(q.geom, f.geom, $3) AND q.layer = $1 AND q.%1$I = f.unit
          AND q.%2$I IS NOT NULL) n)
  $q$, kind, kind || '_patch') INTO touched USING layer_name, stale, gap;
  -- the old patches out of the units' figures
  EXECUTE $q$
    WITH gone AS (
      DELETE FROM contiguity_patch p
      WHERE p.kind = $2 AND p.patch IN (SELECT unnest($3))
      RETURNING p.unit, p.pieces, p.m2
    )
    INSERT INTO contiguity_unit AS u (layer, kind, unit, patches, pieces, m2)
    SELECT $1, $2, unit, -count(*), -sum(pieces), -sum(m2::numeric)
    FROM gone GROUP BY unit ORDER BY unit
    ON CONFLICT (layer, kind, unit) DO UPDATE
      SET patches = u.patches + excluded.patches, pieces = u.pieces + excluded.pieces,
          m2 = u.m2 + excluded.m2
  $q$ USING layer_name, kind, touched;
  -- their pieces and the new ones clustered again, labelled, and the new patches in
  EXECUTE format($q$
    WITH members AS (
      SELECT c.id, c.%1$I AS unit, c.geom, c.m2
      FROM contiguity_piece c WHERE c.%2$I IN (SELECT unnest($2))
      UNION ALL
      SELECT c.id, c.%1$I, c.geom, c.m2
      FROM contiguity_piece c WHERE c.layer = $1 AND c.%2$I IS NULL
    ),
    clustered AS (
      SELECT id, unit, m2,
             ST_ClusterDBSCAN(geom, eps := $3, minpoints := 1) OVER (PARTITION BY unit) AS cid
      FROM members
    ),
    labelled AS (
      SELECT id, unit, m2, min(id) OVER (PARTITION BY unit, cid) AS patch FROM clustered
    ),
    relabelled AS (
      UPDATE contiguity_piece c SET %2$I = l.patch
      FROM labelled l
      WHERE c.id = l.id AND c.%2$I IS DISTINCT FROM l.patch
    ),
    made AS (
      INSERT INTO contiguity_patch (kind, patch, layer, unit, pieces, m2)
      SELECT %3$L, patch, $1, unit, count(*), sum(m2)
      FROM labelled GROUP BY patch, unit
      RETURNING unit, pieces, m2
    )
    INSERT INTO contiguity_unit AS u (layer, kind, unit, patches, pieces, m2)
    SELECT $1, %3$L, unit, count(*), sum(pieces), sum(m2::numeric)
    FROM made GROUP BY unit ORDER BY unit
    ON CONFLICT (layer, kind, unit) DO UPDATE
      SET patches = u.patches + excluded.patches, pieces = u.pieces + excluded.pieces,
          m2 = u.m2 + excluded.m2
  $q$, kind, kind || '_patch', kind) USING layer_name, touched, gap;
  DELETE FROM contiguity_unit u WHERE u.layer = layer_name AND u.kind = contiguity_recluster.kind
    AND u.patches = 0;
END
$$;

-- the pieces of a layer's features, unlabelled (a fragment shared by the trigger and the first fill)
CREATE FUNCTION keep_contiguity() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path FROM CURRENT AS $$
DECLARE
  layer_name text := TG_TABLE_NAME::text; -- text, as contiguity_piece.layer (TG_TABLE_NAME is a name)
  changed bigint[] := '{}';
  stale_district bigint[];
  stale_cluster bigint[];
BEGIN
  IF TG_OP = 'TRUNCATE' THEN
    PERFORM pg_advisory_xact_lock(hashtext('contiguity'), hashtext(layer_name));
    DELETE FROM contiguity_piece WHERE layer = layer_name;
    DELETE FROM contiguity_patch WHERE layer = layer_name;
    DELETE FROM contiguity_unit WHERE layer = layer_name;
    RETURN NULL;
  END IF;
  -- the features whose pieces go: ended, or written with another shape or unit
  IF TG_OP = 'DELETE' THEN
    changed := ARRAY(SELECT id FROM ended);
  ELSIF TG_OP = 'UPDATE' THEN
    changed := ARRAY(
      SELECT e.id FROM ended e LEFT JOIN written w ON w.id = e.id
      WHERE w.id IS NULL OR e.geom IS DISTINCT FROM w.geom
         OR e.district_code IS DISTINCT FROM w.district_code
         OR e.cluster_id IS DISTINCT FROM w.cluster_id);
    IF cardinality(changed) = 0
       AND NOT EXISTS (SELECT 1 FROM written w WHERE NOT EXISTS (SELECT 1 FROM ended e WHERE e.id = w.id)) THEN
      RETURN NULL; -- attributes only: no patch changes
    END IF;
  END IF;
  PERFORM pg_advisory_xact_lock(hashtext('contiguity'), hashtext(layer_name));
  IF cardinality(changed) > 0 THEN
    WITH gone AS (
      DELETE FROM contiguity_piece c
      WHERE c.layer = layer_name AND c.feature_id IN (SELECT unnest(changed))
      RETURNING c.district_patch, c.cluster_patch
    )
    SELECT array_agg(DISTINCT district_patch), array_agg(DISTINCT cluster_patch)
    INTO stale_district, stale_cluster FROM gone;
  END IF;
  IF TG_OP = 'INSERT' THEN
    INSERT INTO contiguity_piece (layer, feature_id, district, cluster, geom, m2)
    SELECT layer_name, w.id, w.district_code::text, coalesce(w.cluster_id::text, ''),
           ST_Transform(d.geom, 4547),
           CASE WHEN ST_NumGeometries(w.geom) = 1 THEN w.area_m2 ELSE ST_Area(d.geom::geography) END
    FROM written w CROSS JOIN LATERAL ST_Dump(w.geom) d
    ORDER BY w.id, d.path;
  ELSIF TG_OP = 'UPDATE' THEN
    INSERT INTO contiguity_piece (layer, feature_id, district, cluster, geom, m2)
    SELECT layer_name, w.id, w.district_code::text, coalesce(w.cluster_id::text, ''),
           ST_Transform(d.geom, 4547),
           CASE WHEN ST_NumGeometries(w.geom) = 1 THEN w.area_m2 ELSE ST_Area(d.geom::geography) END
    FROM written w CROSS JOIN LATERAL ST_Dump(w.geom) d
    WHERE w.id IN (SELECT unnest(changed))
       OR NOT EXISTS (SELECT 1 FROM ended e WHERE e.id = w.id)
    ORDER BY w.id, d.path;
  END IF;
  PERFORM contiguity_recluster(layer_name, 'district', coalesce(stale_district, '{}'));
  PERFORM contiguity_recluster(layer_name, 'cluster', coalesce(stale_cluster, '{}'));
  RETURN NULL;
END
$$;

-- the first labels: every piece of both layers, clustered whole (as the triggers would on an
-- import of everything)
INSERT INTO contiguity_piece (layer, feature_id, district, cluster, geom, m2)
SELECT 'red_line', t.id, t.district_code::text, coalesce(t.cluster_id::text, ''),
       ST_Transform(d.geom, 4547),
       CASE WHEN ST_NumGeometries(t.geom) = 1 THEN t.area_m2 ELSE ST_Area(d.geom::geography) END
FROM red_line t CROSS JOIN LATERAL ST_Dump(t.geom) d
ORDER BY t.id, d.path;
INSERT INTO contiguity_piece (layer, feature_id, district, cluster, geom, m2)
SELECT 'parcel', t.id, t.district_code::text, coalesce(t.cluster_id::text, ''),
       ST_Transform(d.geom, 4547),
       CASE WHEN ST_NumGeometries(t.geom) = 1 THEN t.area_m2 ELSE ST_Area(d.geom::geography) END
FROM parcel t CROSS JOIN LATERAL ST_Dump(t.geom) d
ORDER BY t.id, d.path;
ANALYZE contiguity_piece;
SELECT contiguity_recluster(l, k, '{}')
FROM (VALUES ('red_line'), ('parcel')) l(l), (VALUES ('district'), ('cluster')) k(k);
-- statistics of the labelled pieces: the triggers' plans look pieces up by label and by shape
ANALYZE contiguity_piece, contiguity_patch, contiguity_unit;

CREATE TRIGGER contiguity_insert AFTER INSERT ON parcel REFERENCING NEW TABLE AS written
  FOR EACH STATEMENT EXECUTE FUNCTION keep_contiguity();
CREATE TRIGGER contiguity_update AFTER UPDATE ON parcel
  REFERENCING OLD TABLE AS ended NEW TABLE AS written
  FOR EACH STATEMENT EXECUTE FUNCTION keep_contiguity();
CREATE TRIGGER contiguity_delete AFTER DELETE ON parcel REFERENCING OLD TABLE AS ended
  FOR EACH STATEMENT EXECUTE FUNCTION keep_contiguity();
CREATE TRIGGER contiguity_truncate AFTER TRUNCATE ON parcel
  FOR EACH STATEMENT EXECUTE FUNCTION keep_contiguity();

CREATE TRIGGER contiguity_insert AFTER INSERT ON red_line REFERENCING NEW TABLE AS written
  FOR EACH STATEMENT EXECUTE FUNCTION keep_contiguity();
CREATE TRIGGER contiguity_update AFTER UPDATE ON red_line
  REFERENCING OLD TABLE AS ended NEW TABLE AS written
  FOR EACH STATEMENT EXECUTE FUNCTION keep_contiguity();
CREATE TRIGGER contiguity_delete AFTER DELETE ON red_line REFERENCING OLD TABLE AS ended
  FOR EACH STATEMENT EXECUTE FUNCTION keep_contiguity();
CREATE TRIGGER contiguity_truncate AFTER TRUNCATE ON red_line
  FOR EACH STATEMENT EXECUTE FUNCTION keep_contiguity();

REVOKE ALL ON FUNCTION contiguity_recluster(text, text, bigint[]) FROM PUBLIC;
REVOKE ALL ON FUNCTION keep_contiguity() FROM PUBLIC;
REVOKE ALL ON contiguity_setting, contiguity_piece, contiguity_patch, contiguity_unit FROM PUBLIC;
GRANT SELECT ON contiguity_setting, contiguity_patch, contiguity_unit TO redline_service;

SELECT pin_search_paths();
