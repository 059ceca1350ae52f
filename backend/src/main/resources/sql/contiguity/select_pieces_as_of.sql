-- The pieces of a layer as of :at, with the units they were reported under then: the versions then
-- current, as layer_as_of (V22) reads them (a current row written by then, or a kept version valid
-- then), without its per-row JSON of the current rows. A fragment of select_patches.sql.
SELECT t.district_code::text AS district_code, t.cluster_id::text AS cluster_id, t.geom, t.area_m2
FROM /*table*/ t
WHERE t.updated_at <= :at
UNION ALL
SELECT h.properties ->> 'district_code', h.properties ->> 'cluster_id', h.geom,
       (h.properties ->> 'area_m2')::float8
FROM feature_history h
WHERE h.layer = :layer AND h.valid_from <= :at AND h.valid_to > :at
