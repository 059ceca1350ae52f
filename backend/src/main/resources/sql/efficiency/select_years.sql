-- The years with indicators (the city's figures of the year are there), oldest first.
SELECT DISTINCT year FROM unit_efficiency WHERE level = 'city' ORDER BY year
