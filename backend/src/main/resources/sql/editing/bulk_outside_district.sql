-- Bulk path: how many rows of a relation (as bulk_insert_edits reads it) a district officer may not
-- propose: a new shape, or the current shape of the feature it changes, that belongs to another
-- district by most of its area (V14 district_of, the database's own rule).
SELECT count(*)
FROM (/*relation*/) src
LEFT JOIN /*table*/ t ON t.code = src.properties ->> 'code'
WHERE district_of(src.geom) IS DISTINCT FROM :district
   OR (t.id IS NOT NULL AND district_of(t.geom) IS DISTINCT FROM :district)
