-- Adds an edit to a draft; a second edit of the same feature replaces the first, keeping the
-- version the draft was made against and merging the attributes.
INSERT INTO change_set_edit (change_set_id, seq, layer, action, feature_id, base_version, geom, properties)
VALUES (:cs,
        (SELECT coalesce(max(seq), 0) + 1 FROM change_set_edit WHERE change_set_id = :cs),
        :layer, :action, :feature_id, :base_version,
        ST_Multi(ST_SetSRID(ST_GeomFromGeoJSON(CAST(:geojson AS text)), 4490)),
        CAST(:properties AS jsonb))
ON CONFLICT (change_set_id, layer, feature_id) WHERE feature_id IS NOT NULL DO UPDATE
  SET action = EXCLUDED.action,
      geom = CASE WHEN EXCLUDED.action = 'DELETE' THEN NULL
                  ELSE coalesce(EXCLUDED.geom, change_set_edit.geom) END,
      properties = change_set_edit.properties || EXCLUDED.properties
RETURNING seq
