-- Bulk path: fills a draft with the rows of a relation (columns ord, geom: MultiPolygon 4490, valid;
-- properties: jsonb of the layer's columns), in one statement. A row whose code names a feature of
-- the layer becomes an UPDATE of it (against its version now), any other a CREATE.
INSERT INTO change_set_edit (change_set_id, seq, layer, action, feature_id, base_version, geom, properties)
SELECT :cs, row_number() OVER (ORDER BY src.ord), :layer,
       CASE WHEN t.id IS NULL THEN 'CREATE' ELSE 'UPDATE' END, t.id, t.version, src.geom, src.properties
FROM (/*relation*/) src
LEFT JOIN /*table*/ t ON t.code = src.properties ->> 'code'
