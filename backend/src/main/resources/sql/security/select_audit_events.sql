-- The audit log, latest first, filtered (each filter null for none), one page after a keyset:
-- the rows before id :before (null: from the latest). Row-level security shows them to an
-- administrator only (V20).
SELECT id, at, actor, actor_role, actor_district, db_user, client_addr, user_agent, action, object,
       rows, detail::text AS detail
FROM audit_event
WHERE (CAST(:from AS timestamptz) IS NULL OR at >= CAST(:from AS timestamptz))
  AND (CAST(:to AS timestamptz) IS NULL OR at < CAST(:to AS timestamptz))
  AND (CAST(:actor AS text) IS NULL OR actor = CAST(:actor AS text))
  AND (CAST(:action AS text) IS NULL OR action = CAST(:action AS text))
  AND (CAST(:before AS bigint) IS NULL OR id < CAST(:before AS bigint))
ORDER BY id DESC
LIMIT :limit
