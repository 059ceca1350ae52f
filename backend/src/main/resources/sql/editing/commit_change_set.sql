-- Marks a change set committed (its edits are applied in the same transaction); a proposal records
-- who approved it. Returns the change set as committed, as select_change_sets.sql reads it.
UPDATE change_set
SET status = 'COMMITTED', committed_at = now(),
    reviewed_by = CASE WHEN status = 'PROPOSED' THEN :reviewer END,
    reviewed_at = CASE WHEN status = 'PROPOSED' THEN now() END,
    review_comment = CASE WHEN status = 'PROPOSED' THEN :comment END
WHERE id = :cs AND status IN ('DRAFT', 'PROPOSED')
RETURNING id, author, reason, document_number, status, district_code, created_at, submitted_at,
          committed_at, reviewed_by, reviewed_at, review_comment, reverts_change_set_id,
          (SELECT count(*) FROM change_set_edit e WHERE e.change_set_id = change_set.id) AS edits
