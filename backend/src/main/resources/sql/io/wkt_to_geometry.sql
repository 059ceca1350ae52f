-- A file with its shapes as WKT text (CSV, XLSX): the text column read as the staging table's
-- geometry, in the stated CRS.
ALTER TABLE /*staging*/ ADD COLUMN geom geometry;
UPDATE /*staging*/ s SET geom = ST_GeomFromText(nullif(btrim(CAST(/*wkt*/ AS text)), ''), CAST(:srid AS integer));
