-- The year's figures of every parcel with at least one reporting enterprise: each enterprise's figures
-- allocated to its parcels by f = (parcel mu × floor-area share) ÷ the enterprise's land in mu, so an
-- enterprise's parcels add up to the enterprise (counted once) and a shared parcel sums its holders.
-- The parcel's main industry is the industry with the largest floor-area share among its holders.
WITH alloc AS MATERIALIZED (
  SELECT pe.parcel_id, pe.floor_area_share AS share, ee.industry_code,
         p.area_m2 / (10000.0 / 15) * pe.floor_area_share / ee.land_mu AS f,
         ee.tax, ee.output, ee.value_added, ee.revenue, ee.investment, ee.energy, ee.emissions,
         ee.employees, ee.rd, ee.electricity, ee.exports
  FROM enterprise_efficiency ee
  JOIN parcel_enterprise pe ON pe.enterprise_id = ee.enterprise_id
  JOIN parcel p ON p.id = pe.parcel_id
  WHERE ee.year = :year
), main AS (
  SELECT DISTINCT ON (parcel_id) parcel_id, industry_code
  FROM (SELECT parcel_id, industry_code, sum(share) AS share FROM alloc GROUP BY parcel_id, industry_code) s
  ORDER BY parcel_id, share DESC, industry_code
)
INSERT INTO parcel_efficiency (year, parcel_id, district_code, town_code, cluster_id, industry_code, area_mu,
                               enterprises, tax, output, value_added, revenue, investment, energy, emissions,
                               employees, rd, electricity, exports)
SELECT :year, p.id, p.district_code, p.town_code, p.cluster_id, main.industry_code, p.area_m2 / (10000.0 / 15),
       a.enterprises, a.tax, a.output, a.value_added, a.revenue, a.investment, a.energy, a.emissions,
       a.employees, a.rd, a.electricity, a.exports
FROM (SELECT parcel_id, count(*) AS enterprises, sum(tax * f) AS tax, sum(output * f) AS output,
             sum(value_added * f) AS value_added, sum(revenue * f) AS revenue,
             sum(investment * f) AS investment, sum(energy * f) AS energy, sum(emissions * f) AS emissions,
             sum(employees * f) AS employees, sum(rd * f) AS rd,
             sum(electricity * f) AS electricity, sum(exports * f) AS exports
      FROM alloc GROUP BY parcel_id) a
JOIN parcel p ON p.id = a.parcel_id
JOIN main ON main.parcel_id = a.parcel_id
