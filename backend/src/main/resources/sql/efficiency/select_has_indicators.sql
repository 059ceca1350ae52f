-- Whether a year has indicators (the city's figures of the year are there).
SELECT EXISTS (SELECT 1 FROM unit_efficiency WHERE year = :y AND level = 'city')
