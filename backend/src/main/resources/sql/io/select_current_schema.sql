-- The schema the service works in (its data's), for GDAL's connection.
SELECT current_schema()
