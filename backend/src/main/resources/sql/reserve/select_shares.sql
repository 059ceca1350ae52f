-- The districts' shares of the reserve target (V65): each district with its red-line minimum and
-- the share the bureau set (null: none set, the proportional split), with the change set that set
-- it (who, why, which 文号) and the latest write of the setting (its version for If-Match: 0 when
-- never written).
SELECT c.reserve_target_mu AS target_mu,
       d.code, d.name, d.name_en, d.red_line_minimum_km2,
       rs.share_mu, rs.updated_at, rs.updated_by,
       cs.id AS change_set_id, cs.reason, cs.document_number,
       (SELECT coalesce(max(h.id), 0) FROM reserve_share_history h) AS version
FROM city c
JOIN district d ON true
LEFT JOIN reserve_share rs ON rs.district_code = d.code
LEFT JOIN change_set cs ON cs.id = rs.change_set_id
ORDER BY d.code
