-- The latest year with enterprises' indicators, the factory alerts' default year (issue 17). Read by
-- the service under V39's row-level security, max(year) of annual_indicator cannot take its index
-- (each row's policy is checked first) and read every row: 0.7–0.9 s of a factory alerts request at
-- a million parcels, where the owner's same statement takes 8 ms. The year itself is no one's
-- figure, so the owner's function answers it.
CREATE FUNCTION latest_indicator_year() RETURNS integer
LANGUAGE sql STABLE SECURITY DEFINER SET search_path FROM CURRENT AS $$
  SELECT coalesce(max(year), 0)::integer FROM annual_indicator
$$;

REVOKE ALL ON FUNCTION latest_indicator_year() FROM PUBLIC;
GRANT EXECUTE ON FUNCTION latest_indicator_year() TO redline_service;

SELECT pin_search_paths();
