-- Temporary tables cannot stand in for the schema's tables inside its functions. A function made with
-- SET search_path FROM CURRENT searches pg_temp FIRST when pg_temp is not named in its path, so a
-- psql session (any role may create temporary tables) could create a temporary table called
-- parcel, write the real one, and have the rules at COMMIT read the empty temporary one. Naming
-- pg_temp last closes that (PostgreSQL's advice for SECURITY DEFINER functions, and as true for the
-- triggers the rules run in). pin_search_paths() does it for every function of the schema that
-- sets a search_path; a migration that adds functions calls it at its end (MigrationTest checks).
CREATE FUNCTION pin_search_paths() RETURNS integer LANGUAGE plpgsql AS $$
DECLARE
  f record;
  pinned integer := 0;
BEGIN
  FOR f IN SELECT p.oid::regprocedure AS sig, substr(c.cfg, length('search_path=') + 1) AS path
           FROM pg_proc p CROSS JOIN LATERAL unnest(p.proconfig) c(cfg)
           WHERE p.pronamespace = current_schema()::regnamespace AND c.cfg LIKE 'search_path=%'
             AND c.cfg !~ 'pg_temp' LOOP
    EXECUTE format('ALTER FUNCTION %s SET search_path = %s, pg_temp', f.sig, f.path);
    pinned := pinned + 1;
  END LOOP;
  RETURN pinned;
END
$$;

SELECT pin_search_paths();
