-- When a versioned layer's history starts (its earliest version, kept or current) and ends (open:
-- it goes on now). The service fills the slots with the table and the layer's id.
SELECT least((SELECT min(h.valid_from) FROM feature_history h WHERE h.layer = '/*layer*/'),
             (SELECT min(t.updated_at) FROM /*table*/ t)) AS start,
       NULL::timestamptz AS "end"
