-- The clusters a change set touches: those its edits' shapes (new and old) meet. The function (V25)
-- starts from the change set's own rows (its edits, the versions it ended), never from the clusters
-- into the whole history.
SELECT c.id, c.code, c.name, c.name_en
FROM change_set_clusters(:cs) c
ORDER BY c.code
