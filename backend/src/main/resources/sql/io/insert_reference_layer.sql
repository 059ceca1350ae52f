-- A reference layer's provenance (its author and time are the database's: V35).
INSERT INTO reference_layer (name, file_name, file_sha256, file_layer, source_crs, geometry_type,
                             feature_count, source_note, bbox)
VALUES (:name, :file_name, :sha256, :file_layer, :crs, :geometry_type, :features, :note,
        ARRAY[:west, :south, :east, :north]::float8[])
RETURNING id
