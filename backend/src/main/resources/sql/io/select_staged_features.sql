-- The staged features as the relation the bulk path of editing takes (ord, geom, properties): the
-- file's feature number, its shape as staged, and the layer's fields as mapped (each a JSON value
-- of its field's type; nulls left out).
SELECT s.fid AS ord, g.shape AS geom, jsonb_strip_nulls(jsonb_build_object(/*properties*/)) AS properties
FROM /*staging*/ s
JOIN /*shapes*/ g ON g.fid = s.fid
