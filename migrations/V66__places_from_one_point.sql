-- The places of a shape written without them (issue 17): the district, town and cluster that a
-- layer's row trigger (derive_places) fills in. It called district_at, town_at and cluster_at, three
-- SQL functions each taking the shape's point on surface again and each entered with its own
-- search path, for every row: in an import of 2,000 parcels that trigger was 240-390 ms of the
-- 770 ms UPDATE that applies them (auto_explain, 20,000-parcel city), and the UPDATE runs twice,
-- once for the preview and once at commit.
--
-- places_at takes the point once and looks up only the places asked for; derive_places asks it, in
-- one statement, for the places the row leaves empty. It is a plain SQL function (no search path of
-- its own), so that the planner writes its body into the statement that calls it, planned once per
-- session in the trigger, whose search path is pinned, as are district_at's, town_at's and
-- cluster_at's, which answer from it: the lookups are written once. What is derived is the same:
-- the lowest code (id) of the districts, towns and clusters the point on surface meets, districts
-- through their pieces (V13). Measured (2,000 parcels, EXPLAIN ANALYZE, four rounds each, the
-- trigger's time): 210-400 ms before, 165-250 ms after; the whole UPDATE 550-970 ms, 500-830 ms.

CREATE FUNCTION places_at(g geometry, want_district boolean, want_town boolean, want_cluster boolean)
RETURNS TABLE (district_code char(6), town_code char(9), cluster_id bigint)
LANGUAGE sql STABLE AS $$
  SELECT CASE WHEN want_district THEN
           (SELECT d.code FROM district_piece d WHERE ST_Intersects(d.geom, x.p) ORDER BY d.code LIMIT 1) END,
         CASE WHEN want_town THEN
           (SELECT t.code FROM town t WHERE ST_Intersects(t.geom, x.p) ORDER BY t.code LIMIT 1) END,
         CASE WHEN want_cluster THEN
           (SELECT c.id FROM industrial_cluster c WHERE ST_Intersects(c.geom, x.p) ORDER BY c.id LIMIT 1) END
  FROM (SELECT ST_PointOnSurface(g) AS p OFFSET 0) x -- (OFFSET 0: the point is taken once)
$$;
COMMENT ON FUNCTION places_at(geometry, boolean, boolean, boolean) IS
  'the district, town and cluster (those asked for) that a shape''s point on surface lies in: the lowest code (id) where it meets several; NULL where it meets none';

CREATE OR REPLACE FUNCTION district_at(g geometry) RETURNS char(6) LANGUAGE sql STABLE
SET search_path FROM CURRENT AS $$
  SELECT district_code FROM places_at(g, true, false, false)
$$;
CREATE OR REPLACE FUNCTION town_at(g geometry) RETURNS char(9) LANGUAGE sql STABLE
SET search_path FROM CURRENT AS $$
  SELECT town_code FROM places_at(g, false, true, false)
$$;
CREATE OR REPLACE FUNCTION cluster_at(g geometry) RETURNS bigint LANGUAGE sql STABLE
SET search_path FROM CURRENT AS $$
  SELECT cluster_id FROM places_at(g, false, false, true)
$$;

-- Places left empty follow from the shape: the district always, the town and the cluster where the
-- trigger is asked for them (derive_places('town', 'cluster')); one lookup of those left empty.
-- (A table without the column never has its expression prepared: each is behind its argument.)
CREATE OR REPLACE FUNCTION derive_places() RETURNS trigger
LANGUAGE plpgsql SET search_path FROM CURRENT AS $$
DECLARE
  want_district boolean := NEW.district_code IS NULL;
  want_town boolean := false;
  want_cluster boolean := false;
  at record;
BEGIN
  IF 'town' = ANY (TG_ARGV) THEN
    want_town := NEW.town_code IS NULL;
  END IF;
  IF 'cluster' = ANY (TG_ARGV) THEN
    want_cluster := NEW.cluster_id IS NULL;
  END IF;
  IF NOT (want_district OR want_town OR want_cluster) THEN
    RETURN NEW;
  END IF;
  SELECT * INTO at FROM places_at(NEW.geom, want_district, want_town, want_cluster);
  IF want_district THEN
    NEW.district_code := at.district_code;
  END IF;
  IF want_town THEN
    NEW.town_code := at.town_code;
  END IF;
  IF want_cluster THEN
    NEW.cluster_id := at.cluster_id;
  END IF;
  RETURN NEW;
END
$$;

SELECT pin_search_paths();
