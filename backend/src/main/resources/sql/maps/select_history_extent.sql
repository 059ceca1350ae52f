-- When a versioned layer's history starts (its earliest version, kept or current) and ends (open:
-- it goes on now). The service puts the table and the layer's name in place of the comments.
SELECT least((SELECT min(h.valid_from) FROM feature_history h WHERE h.layer = '/*layer*/'),
             (SELECT min(t.updated_at) FROM /*table*/ t)) AS start,
       NULL::timestamptz AS "end"
