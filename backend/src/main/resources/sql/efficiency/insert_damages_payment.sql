-- A payment of liquidated damages (the database refuses more than is due: V33).
INSERT INTO breach_damages_payment (damages_id, paid_on, amount_10k_cny, receipt_number, recorded_by)
VALUES (:id, :paid_on, :amount, :receipt_number, '')
RETURNING id
