-- The reference layers (or the one :id) with their provenance and extent (CGCS2000: west, south,
-- east, north), by name; at most :limit.
SELECT l.id, l.name, l.file_name, l.file_sha256, l.file_layer, l.source_crs, l.geometry_type,
       l.feature_count, l.source_note, l.created_by, l.created_at, l.updated_by, l.updated_at,
       l.bbox[1] AS west, l.bbox[2] AS south, l.bbox[3] AS east, l.bbox[4] AS north
FROM reference_layer l
WHERE (CAST(:id AS bigint) IS NULL OR l.id = :id)
ORDER BY l.name, l.id
LIMIT :limit
