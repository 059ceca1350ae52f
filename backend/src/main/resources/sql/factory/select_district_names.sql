-- The districts' names by code, for the alerts' rows.
SELECT code, name FROM district
