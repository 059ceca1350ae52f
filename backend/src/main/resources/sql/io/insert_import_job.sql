INSERT INTO import_job (author, layer, file_name, file_layer, format, source_srid, encoding, change_set_id,
                        fields, mapping, repair_invalid, preview)
VALUES (:author, :layer, :file_name, :file_layer, :format, :srid, :encoding, :cs,
        CAST(:fields AS jsonb), CAST(:mapping AS jsonb), :repair, CAST(:preview AS jsonb))
RETURNING id
