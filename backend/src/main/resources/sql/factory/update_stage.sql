-- Only the version the client read: a stale one changes nothing (412). The database checks the order.
UPDATE factory_building
SET stage = :stage, stage_since = coalesce(CAST(:since AS date), stage_since), change_set_id = :cs
WHERE id = :id AND version = :version
