-- Bulk path, preview on a copy (V28): the edits applied to the copy, its references checked as the
-- layer's foreign keys would, its shape index built.
SELECT staged_rows_applied(:layer)
