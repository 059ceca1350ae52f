-- Revokes a standing designation (once; the row stays for the models made while it stood).
UPDATE enterprise_designation SET revoked_at = now(), revoked_by = actor_name()
WHERE id = :id AND revoked_at IS NULL
RETURNING id
