-- A reference layer and its features (ON DELETE CASCADE).
DELETE FROM reference_layer WHERE id = :id
