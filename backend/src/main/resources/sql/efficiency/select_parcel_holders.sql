-- The parcels an import's rows name, each with the credit codes of the enterprises on it (null: none).
SELECT p.code, e.credit_code
FROM parcel p
LEFT JOIN parcel_enterprise l ON l.parcel_id = p.id
LEFT JOIN enterprise e ON e.id = l.enterprise_id
WHERE p.code IN (:codes)
