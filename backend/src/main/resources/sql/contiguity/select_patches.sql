-- 集聚连片 contiguity: the patches of a layer's land per unit (district or cluster) and their sizes.
--
-- A piece is one polygon of the layer (each part of a multipolygon on its own). Two pieces of one
-- unit whose gap is at most :gap_m metres lie in one patch, and so does every piece linked to them
-- by such gaps: the patches are the connected components of the graph "within :gap_m of each
-- other" (ST_ClusterDBSCAN with minpoints 1 is exactly that: single-linkage clustering; touching
-- or overlapping pieces are at distance 0). Distances are measured on CGCS2000 3-degree
-- Gauss-Krüger CM 114°E (EPSG:4547), whose scale error over Foshan (112.4°–113.4°E) is below
-- 3.5e-4: under 2 mm on 5 m. A patch's area is the sum of its pieces' ellipsoidal areas (the
-- pieces of a layer do not overlap, the overlap rule; the gaps between them are not its land).
-- Per unit: patches, pieces, total, largest patch, and the area in patches of at least :big_m2.
WITH pieces AS (
/*pieces*/
),
parts AS (
  SELECT p./*unit*/ AS unit, d.geom,
         CASE WHEN ST_NumGeometries(p.geom) = 1 THEN p.area_m2
              ELSE ST_Area(d.geom::geography) END AS m2
  FROM pieces p
  CROSS JOIN LATERAL ST_Dump(p.geom) d
),
labelled AS (
  SELECT unit, m2,
         ST_ClusterDBSCAN(ST_Transform(geom, 4547), eps := :gap_m, minpoints := 1)
           OVER (PARTITION BY unit) AS patch
  FROM parts
),
patches AS (
  SELECT unit, count(*) AS pieces, sum(m2) AS m2
  FROM labelled
  GROUP BY unit, patch
)
SELECT unit, count(*)::int AS patches, sum(pieces)::int AS pieces, sum(m2) AS total_m2,
       max(m2) AS largest_m2, coalesce(sum(m2) FILTER (WHERE m2 >= :big_m2), 0) AS big_m2
FROM patches
GROUP BY unit
ORDER BY unit
