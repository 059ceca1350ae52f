-- A shape read from a file, in CGCS2000 (EPSG:4490), from the CRS the file was found to be in
-- (file_srid). The staging tables GDAL writes may carry a stand-in SRID (ImportStaging.read loads a
-- one-layer file while its CRS is still being read), so the shape's own SRID is not trusted: it is
-- set to file_srid first. EPSG:4326 is taken as it is (WGS 84 and CGCS2000 agree to centimetres).
-- One definition for the import's staged shapes and the reference layers' check and features,
-- which each had a copy of this CASE. A single-statement SQL function without SET clauses: the
-- planner inlines it where its shape is a column (as in all three), and folds the CASE for the
-- SRID given, so a staged table of 100,000 shapes costs what the CASE cost (EXPLAIN VERBOSE shows
-- st_transform(st_setsrid(s.geom, 4547), 4490), no call of this function).
CREATE FUNCTION in_cgcs2000(shape geometry, file_srid integer) RETURNS geometry
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT CASE WHEN file_srid IN (4326, 4490) THEN ST_SetSRID(shape, 4490)
              ELSE ST_Transform(ST_SetSRID(shape, file_srid), 4490) END
$$;
