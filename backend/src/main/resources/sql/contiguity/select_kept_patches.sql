-- 集聚连片 contiguity from the kept labels (V51): per unit of a layer, the patches, pieces and area
-- kept in contiguity_unit, the largest patch and the area in patches of at least :big_m2 from
-- contiguity_patch by its index (layer, kind, unit, m2): what select_patches.sql computes afresh.
SELECT nullif(u.unit, '') AS unit, u.patches::int AS patches, u.pieces::int AS pieces,
       u.m2::float8 AS total_m2,
       (SELECT max(p.m2) FROM contiguity_patch p
        WHERE p.layer = u.layer AND p.kind = u.kind AND p.unit = u.unit) AS largest_m2,
       (SELECT coalesce(sum(p.m2), 0) FROM contiguity_patch p
        WHERE p.layer = u.layer AND p.kind = u.kind AND p.unit = u.unit AND p.m2 >= :big_m2) AS big_m2
FROM contiguity_unit u
WHERE u.layer = :layer AND u.kind = :kind
ORDER BY u.unit
