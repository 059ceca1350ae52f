-- Applies a CREATE (or, with the id and version given, a RESTORE) edit: the attributes given, a code if none
-- was, the shape; derived places are filled in by the database.
INSERT INTO /*table*/ (/*id*/ /*columns*/ code, geom, change_set_id)
SELECT /*id_values*/ /*values*/ coalesce(r.code, :code), e.geom, :cs
FROM change_set_edit e, jsonb_populate_record(NULL::/*table*/, e.properties) r
WHERE e.change_set_id = :cs AND e.seq = :seq
RETURNING id
