-- Only the version the client read: a stale one changes nothing (412).
UPDATE renovation_plan
SET name = :name, target_demolish_mu = :target_demolish_mu, target_floor_area_m2 = :target_floor_area_m2,
    document_number = :document_number, updated_by = :user, version = version + 1, updated_at = now()
WHERE id = :id AND version = :version
