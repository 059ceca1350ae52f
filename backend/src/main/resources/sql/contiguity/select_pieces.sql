-- The pieces of a layer now (red_line or parcel), with the units they are reported under: a
-- fragment of select_patches.sql.
SELECT t.district_code::text AS district_code, t.cluster_id::text AS cluster_id, t.geom, t.area_m2
FROM /*table*/ t
