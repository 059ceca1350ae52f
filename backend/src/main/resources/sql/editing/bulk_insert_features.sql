-- Bulk path: applies every CREATE edit of a change set in one statement, under the ids the edits
-- were given: the attributes given, a code if none was (<prefix>-N000123, a number of its own for
-- each feature: the subquery names the row, so it is run for each one, and only for a row without
-- a code), the shape; derived places not given are looked up here for all the rows (places_at, as
-- the layer's trigger would for each row left without them).
INSERT INTO /*table*/ (id, /*columns*/ code, geom, change_set_id)
SELECT e.feature_id, /*values*/
       coalesce(r.code, :prefix || '-N' || lpad(k.n::text, greatest(6, length(k.n::text)), '0')),
       e.geom, :cs
FROM change_set_edit e
CROSS JOIN LATERAL jsonb_populate_record(NULL::/*table*/, e.properties) r
CROSS JOIN LATERAL /*places*/ at
CROSS JOIN LATERAL (SELECT CASE WHEN r.code IS NULL THEN nextval('feature_code_seq') END AS n
                    OFFSET 0) k
WHERE e.change_set_id = :cs AND e.action = 'CREATE'
ORDER BY e.seq
