-- How many rows of figures a year has (those an import would replace).
SELECT count(*) FROM annual_indicator WHERE year = :y
