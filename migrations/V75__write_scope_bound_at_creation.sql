-- may_write_in, the write policies' question (V14: the bureau anywhere, a district officer in their
-- own district, nobody else), bound when it is made instead of when a statement is planned.
--
-- It was a SQL function with its body as text and no search path of its own (so that the planner
-- inlines it into every policy that asks it). An inlined body is parsed in the session that runs the
-- statement, with that session's search path: a person's login, which owns a scratch schema
-- (./redline user sql), could create an operator = on text that is always true there, put its
-- schema before pg_catalog in its search path, and have `role IN ('BUREAU', 'ADMIN')` answer true:
-- an UPDATE of another district's parcel then passed row-level security (found by trying it in
-- psql; the layer's triggers then stopped the write, but the policy itself was open).
--
-- A body in SQL-standard form (RETURN) is parsed once, here: its operators and functions are bound
-- by their identity, whatever a session's search path, and the planner still inlines it (the same
-- plans as before). CREATE OR REPLACE keeps the function the policies name.
CREATE OR REPLACE FUNCTION may_write_in(role text, own char(6), district char(6)) RETURNS boolean
LANGUAGE sql IMMUTABLE
RETURN CASE WHEN role IN ('BUREAU', 'ADMIN') THEN true
            WHEN role = 'DISTRICT' THEN district IS NOT NULL AND district = own
            ELSE false END;

-- The two trigger functions that still read their session's search path (V30: a designation is
-- only ever revoked, a grading model never changed) are pinned like every other: their comparisons
-- are then the catalog's, whoever writes. (Only the service's login may write those tables.)
ALTER FUNCTION enterprise_designation_append_only() SET search_path FROM CURRENT;
ALTER FUNCTION grading_model_immutable() SET search_path FROM CURRENT;
SELECT pin_search_paths();
