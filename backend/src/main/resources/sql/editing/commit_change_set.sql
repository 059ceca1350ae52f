-- Marks a change set committed (its edits are applied in the same transaction); a proposal records
-- who approved it.
UPDATE change_set
SET status = 'COMMITTED', committed_at = now(),
    reviewed_by = CASE WHEN status = 'PROPOSED' THEN :reviewer END,
    reviewed_at = CASE WHEN status = 'PROPOSED' THEN now() END,
    review_comment = CASE WHEN status = 'PROPOSED' THEN :comment END
WHERE id = :cs AND status IN ('DRAFT', 'PROPOSED')
