-- A new name and note of a reference layer (its provenance never changes: V35).
UPDATE reference_layer SET name = :name, source_note = :note WHERE id = :id
