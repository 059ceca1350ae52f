-- A versioned layer's table over a time, from :time_from to :time_to (timestamptz given as text:
-- equal for an instant, -infinity and infinity for open ends): every feature that existed at some
-- moment of that time, in the version it had at the latest such moment, as rows of the table. The
-- current rows are valid from updated_at on; the kept versions (feature_history) from valid_from
-- until valid_to, and become rows of the table again from their attributes and shape. A kept
-- version is the one shown when the next version began after the time's end, or when it was the
-- feature's last (deleted) and the feature did not come back (a revert restores it under its old
-- id) by the time's end. For an instant this is the layer as it was then. The service fills the
-- slots with the table and the layer's id (plain names from the layer's definition, never from a
-- request); the layer's features query reads this in place of its table, so conditions on the
-- features reach both parts (current rows through the table's indexes).
SELECT t.*
FROM /*table*/ t
WHERE t.updated_at <= CAST(:time_to AS timestamptz)
UNION ALL
SELECT r.*
FROM feature_history h
CROSS JOIN LATERAL jsonb_populate_record(NULL::/*table*/, h.properties || jsonb_build_object('geom', h.geom::text)) r
WHERE h.layer = '/*layer*/'
  AND h.valid_from <= CAST(:time_to AS timestamptz)
  AND h.valid_to > CAST(:time_from AS timestamptz)
  AND (h.valid_to > CAST(:time_to AS timestamptz)
       OR (h.ended_by = 'DELETE'
           AND NOT EXISTS (SELECT 1 FROM feature_history later
                           WHERE later.layer = h.layer AND later.feature_id = h.feature_id
                             AND later.version > h.version
                             AND later.valid_from <= CAST(:time_to AS timestamptz))
           AND NOT EXISTS (SELECT 1 FROM /*table*/ back
                           WHERE back.id = h.feature_id AND back.updated_at <= CAST(:time_to AS timestamptz))))
