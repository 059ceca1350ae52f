-- Moves a disposal case one step (the database checks the step, its dates and 文号, and computes the
-- years, the disposal and the fee at the decision: V33).
UPDATE idle_land_case
SET status = :status,
    cause = coalesce(CAST(:cause AS text), cause),
    government_reason = coalesce(CAST(:government_reason AS text), government_reason),
    hearing_on = CASE WHEN :status = 'HEARING' THEN CAST(:date AS date) ELSE hearing_on END,
    hearing_number = CASE WHEN :status = 'HEARING' THEN CAST(:document_number AS text) ELSE hearing_number END,
    decided_on = CASE WHEN :status = 'DECIDED' THEN CAST(:date AS date) ELSE decided_on END,
    decision_number = CASE WHEN :status = 'DECIDED' THEN CAST(:document_number AS text) ELSE decision_number END,
    remedy = CASE WHEN :status = 'DECIDED' THEN CAST(:remedy AS text) ELSE remedy END,
    remedy_note = CASE WHEN :status = 'DECIDED' THEN CAST(:remedy_note AS text) ELSE remedy_note END,
    closed_on = CASE WHEN :status = 'CLOSED' THEN CAST(:date AS date) ELSE closed_on END,
    fee_paid_10k_cny = CASE WHEN :status = 'CLOSED' THEN CAST(:fee_paid AS numeric) ELSE fee_paid_10k_cny END
WHERE id = :id
