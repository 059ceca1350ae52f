-- What is done about the enterprise and its listed parcels (:parcels), newest first, each kind at
-- most :limit: C/D grade cases (帮扶整治 IMPROVEMENT / 淘汰关停 EXIT) of the enterprise, idle-land cases
-- (闲置土地) of its parcels, liquidated damages (违约金) assessed on their agreements with what is paid.
(SELECT 'GRADE' AS kind, c.id, gp.year, NULL::bigint AS parcel_id, NULL::text AS parcel_code,
        jsonb_build_object('kind', c.kind, 'grade', c.grade, 'plan', c.plan, 'deadline', c.deadline,
                           'status', c.status, 'outcomeReason', c.outcome_reason,
                           'openedAt', c.opened_at, 'closedAt', c.closed_at,
                           'followUps', (SELECT count(*) FROM grade_case_follow_up f WHERE f.case_id = c.id)) AS detail
 FROM grade_case c
 JOIN grade_publication gp ON gp.id = c.publication_id
 WHERE c.enterprise_id = :enterprise
 ORDER BY c.opened_at DESC, c.id DESC
 LIMIT :limit)
UNION ALL
(SELECT 'IDLE_LAND', k.id, extract(year FROM k.notice_on)::int, k.parcel_id, p.code,
        jsonb_build_object('clause', k.clause, 'idleSince', k.idle_since, 'status', k.status,
                           'cause', k.cause, 'noticeOn', k.notice_on, 'noticeNumber', k.notice_number,
                           'decidedOn', k.decided_on, 'decisionNumber', k.decision_number,
                           'disposal', k.disposal, 'fee10kCny', k.fee_10k_cny,
                           'closedOn', k.closed_on)
 FROM idle_land_case k
 JOIN parcel p ON p.id = k.parcel_id
 WHERE k.parcel_id = ANY(:parcels)
 ORDER BY k.notice_on DESC, k.id DESC
 LIMIT :limit)
UNION ALL
(SELECT 'DAMAGES', d.id, d.year, d.parcel_id, p.code,
        jsonb_build_object('documentNumber', d.document_number, 'assessedOn', d.assessed_on,
                           'dueOn', d.due_on, 'amountDue10kCny', d.amount_due_10k_cny,
                           'paid10kCny',
                           (SELECT coalesce(sum(x.amount_10k_cny), 0) FROM breach_damages_payment x
                            WHERE x.damages_id = d.id))
 FROM supervision_agreement a
 JOIN breach_damages d ON d.agreement_id = a.id
 JOIN parcel p ON p.id = d.parcel_id
 WHERE a.parcel_id = ANY(:parcels)
 ORDER BY d.year DESC, d.id DESC
 LIMIT :limit)
