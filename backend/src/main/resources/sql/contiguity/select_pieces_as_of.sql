-- The pieces of a layer as of :at (the versions then current, from the layer and feature_history:
-- layer_as_of, V22), with the units they were reported under then: a fragment of
-- select_patches.sql.
SELECT a.properties ->> 'district_code' AS district_code, a.properties ->> 'cluster_id' AS cluster_id,
       a.geom, (a.properties ->> 'area_m2')::float8 AS area_m2
FROM layer_as_of(:layer, :at, ST_MakeEnvelope(-180, -90, 180, 90, 4490)) a
