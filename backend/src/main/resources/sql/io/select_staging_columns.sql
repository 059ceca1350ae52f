-- The fields of a staging table as ogr2ogr made it (the file's fields), in the file's order.
SELECT column_name AS name, data_type AS type
FROM information_schema.columns
WHERE table_schema = :schema AND table_name = :table AND column_name NOT IN ('fid', 'geom')
ORDER BY ordinal_position
