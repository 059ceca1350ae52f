-- The codes of the districts (the district table is the one list of them), in order.
SELECT code FROM district ORDER BY code
