-- Freezes a publication: its list becomes the final one (the database checks the period and the
-- objections, and sets who and when).
UPDATE grade_publication SET frozen_at = now(), frozen_by = '' WHERE id = :id
RETURNING id
