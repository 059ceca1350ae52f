INSERT INTO change_set (author, reason, document_number, status, district_code, reverts_change_set_id)
VALUES (:author, :reason, :document_number, 'DRAFT', :district_code, :reverts)
RETURNING id
