-- Clears the derived rows of a year before they are computed again (grades stay with their models).
WITH e AS (DELETE FROM enterprise_efficiency WHERE year = :year),
     p AS (DELETE FROM parcel_efficiency WHERE year = :year),
     b AS (DELETE FROM parcel_breach WHERE year = :year),
     c AS (DELETE FROM cluster_district_efficiency WHERE year = :year)
DELETE FROM unit_efficiency WHERE year = :year
