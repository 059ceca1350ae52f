-- The version a feature is at now (none: there is no such feature), for a write's If-Match.
SELECT version FROM /*table*/ WHERE id = :id
