-- What shapes a staging table holds: how many features, how many without a shape, and the
-- geometry types other than polygons.
SELECT count(*) AS features,
       count(*) FILTER (WHERE geom IS NULL OR ST_IsEmpty(geom)) AS empty,
       coalesce(string_agg(DISTINCT GeometryType(geom), ', ')
                  FILTER (WHERE GeometryType(geom) NOT IN ('POLYGON', 'MULTIPOLYGON')), '') AS other_types,
       count(*) FILTER (WHERE GeometryType(geom) NOT IN ('POLYGON', 'MULTIPOLYGON')) AS others
FROM /*staging*/
