-- The revisions of the named layers as one text ("cluster:3,district:5"): a write to a layer raises
-- its revision in the writer's own transaction (V22), so equal texts mean unchanged layers.
SELECT coalesce(string_agg(layer || ':' || revision, ',' ORDER BY layer), '')
FROM layer_revision
WHERE layer = ANY (:layers)
