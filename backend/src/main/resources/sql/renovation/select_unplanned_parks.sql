-- The parks among :parks that are not planned yet (a plan cannot take them before they are).
SELECT code FROM village_park WHERE id = ANY (CAST(:parks AS bigint[])) AND status = 'NOT_PLANNED' ORDER BY code
