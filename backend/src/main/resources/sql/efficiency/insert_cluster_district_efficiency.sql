-- The year's figures and industrial land per district and cluster (cluster_id NULL: outside the
-- clusters), for the park assessment's two readings. Figures: the reporting parcels of the year
-- (parcel_efficiency), each wholly in its district (the database holds a parcel in its district) and in
-- its cluster (cluster_id, derived from its shape). Land, ellipsoidal m² (ST_Area on the GRS80
-- ellipsoid): every parcel, reporting or not, and of it the part inside the red line (the red line's
-- polygons drive the join, each probing the parcels' index); every village park, split by its overlap
-- with each cluster (the rest outside the clusters), and of it the part inside the red line (which lies
-- in the red line's cluster).
WITH figures AS (
  SELECT district_code, cluster_id, count(*) AS parcels, sum(area_mu) AS area_mu, sum(output) AS output,
         sum(revenue) AS revenue, sum(tax) AS tax, sum(exports) AS exports, sum(investment) AS investment,
         sum(employees) AS employees
  FROM parcel_efficiency WHERE year = :year
  GROUP BY district_code, cluster_id
), parcel_land AS (
  SELECT district_code, cluster_id, sum(area_m2) AS m2 FROM parcel GROUP BY district_code, cluster_id
), parcel_red_line AS (
  SELECT p.district_code, p.cluster_id,
         sum(CASE WHEN ST_Covers(r.geom, p.geom) THEN p.area_m2
                  ELSE ST_Area(ST_Intersection(p.geom, r.geom)::geography) END) AS m2
  FROM red_line r
  JOIN parcel p ON p.geom && r.geom AND ST_Intersects(r.geom, p.geom)
  GROUP BY p.district_code, p.cluster_id
), park_in_cluster AS (
  SELECT v.id, v.district_code, c.id AS cluster_id,
         CASE WHEN ST_Covers(c.geom, v.geom) THEN v.area_m2
              ELSE ST_Area(ST_Intersection(v.geom, c.geom)::geography) END AS m2
  FROM village_park v
  JOIN industrial_cluster c ON c.geom && v.geom AND ST_Intersects(c.geom, v.geom)
), park_land AS (
  SELECT district_code, cluster_id, sum(m2) AS m2 FROM park_in_cluster GROUP BY district_code, cluster_id
  UNION ALL
  SELECT v.district_code, NULL, sum(greatest(v.area_m2 - coalesce(pc.m2, 0), 0))
  FROM village_park v
  LEFT JOIN (SELECT id, sum(m2) AS m2 FROM park_in_cluster GROUP BY id) pc ON pc.id = v.id
  GROUP BY v.district_code
), park_red_line AS (
  SELECT v.district_code, r.cluster_id,
         sum(CASE WHEN ST_Covers(r.geom, v.geom) THEN v.area_m2
                  ELSE ST_Area(ST_Intersection(v.geom, r.geom)::geography) END) AS m2
  FROM red_line r
  JOIN village_park v ON v.geom && r.geom AND ST_Intersects(r.geom, v.geom)
  GROUP BY v.district_code, r.cluster_id
), part AS (
  SELECT district_code, cluster_id FROM figures
  UNION SELECT district_code, cluster_id FROM parcel_land
  UNION SELECT district_code, cluster_id FROM park_land
  UNION SELECT district_code, cluster_id FROM park_red_line
)
INSERT INTO cluster_district_efficiency (year, district_code, cluster_id, parcels, area_mu, output, revenue, tax,
                                         exports, investment, employees, parcel_m2, red_line_m2,
                                         village_park_m2, village_park_red_line_m2)
SELECT :year, part.district_code, part.cluster_id, coalesce(f.parcels, 0), coalesce(f.area_mu, 0),
       coalesce(f.output, 0), coalesce(f.revenue, 0), coalesce(f.tax, 0), f.exports,
       coalesce(f.investment, 0), coalesce(f.employees, 0), coalesce(pl.m2, 0), coalesce(pr.m2, 0),
       coalesce(vl.m2, 0), coalesce(vr.m2, 0)
FROM part
LEFT JOIN figures f ON f.district_code = part.district_code AND f.cluster_id IS NOT DISTINCT FROM part.cluster_id
LEFT JOIN parcel_land pl ON pl.district_code = part.district_code AND pl.cluster_id IS NOT DISTINCT FROM part.cluster_id
LEFT JOIN parcel_red_line pr ON pr.district_code = part.district_code AND pr.cluster_id IS NOT DISTINCT FROM part.cluster_id
LEFT JOIN park_land vl ON vl.district_code = part.district_code AND vl.cluster_id IS NOT DISTINCT FROM part.cluster_id
LEFT JOIN park_red_line vr ON vr.district_code = part.district_code AND vr.cluster_id IS NOT DISTINCT FROM part.cluster_id
