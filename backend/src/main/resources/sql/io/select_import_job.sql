SELECT id, author, layer, file_name, file_layer, format, source_srid, encoding, change_set_id, status,
       fields::text AS fields, mapping::text AS mapping, repair_invalid, preview::text AS preview,
       created_at, updated_at, finished_at
FROM import_job
WHERE id = :id
