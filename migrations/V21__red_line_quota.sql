-- One computation of the red-line quota (issue 14): the red line of every district against its
-- minimum, in one function that the quota endpoint (sql/redline/select_quota.sql), a change set's
-- preview (sql/redline/select_red_line_totals.sql) and the rule check_red_line_quota all read, so
-- that what the map shows, what a preview says and what the database refuses cannot drift apart.

-- Every district in code order: its minimum (km², as district.red_line_minimum_km2), the
-- ellipsoidal area of its red line (m², 0 without any) and how many polygons it has. With the
-- caller's rights (a reader sees the same rows as from the tables; inside check_red_line_quota,
-- the owner's).
CREATE FUNCTION red_line_quota()
RETURNS TABLE (code char(6), name text, name_en text, minimum_km2 numeric, red_line_m2 double precision,
               polygons bigint)
LANGUAGE sql STABLE SET search_path FROM CURRENT AS $$
  SELECT d.code, d.name, d.name_en, d.red_line_minimum_km2, coalesce(sum(r.area_m2), 0), count(r.id)
  FROM district d
  LEFT JOIN red_line r ON r.district_code = d.code
  GROUP BY d.code
  ORDER BY d.code
$$;
COMMENT ON FUNCTION red_line_quota() IS 'the red line per district against its minimum: the one computation of the quota';

-- The rule as in V4, its districts' figures now from red_line_quota(); still with the owner's rights
-- (V14: it locks the city's row), which CREATE OR REPLACE must name again.
CREATE OR REPLACE FUNCTION check_red_line_quota(cs bigint, lock boolean) RETURNS SETOF rule_violation
LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path FROM CURRENT AS $$
DECLARE
  city_row record;
  put_in double precision;
  taken_out double precision;
  city_after double precision;
BEGIN
  IF NOT EXISTS (SELECT 1 FROM red_line WHERE change_set_id = cs)
     AND NOT EXISTS (SELECT 1 FROM feature_history WHERE ended_by_change_set_id = cs AND layer = 'red_line') THEN
    RETURN;
  END IF;
  IF lock THEN
    PERFORM 1 FROM city FOR UPDATE;
  END IF;
  SELECT * INTO city_row FROM city;
  -- area put in and taken out, from the shapes the change set wrote and the ones it ended
  WITH after AS (SELECT ST_Union(geom) AS g FROM red_line WHERE change_set_id = cs),
       before AS (SELECT ST_Union(geom) AS g FROM feature_history
                  WHERE ended_by_change_set_id = cs AND layer = 'red_line')
  SELECT coalesce(ST_Area(ST_Difference(after.g, coalesce(before.g, 'SRID=4490;POLYGON EMPTY'))::geography), 0),
         coalesce(ST_Area(ST_Difference(before.g, coalesce(after.g, 'SRID=4490;POLYGON EMPTY'))::geography), 0)
  INTO put_in, taken_out
  FROM after, before;
  IF put_in - taken_out < -1.0 THEN
    RETURN NEXT ('balance', 'red_line', NULL, NULL,
                 format('以增定改：调出 %s 亩多于调入 %s 亩，全市红线将减少 %s 亩（area taken out, %s mu, exceeds area put in, %s mu: the city''s red line would fall by %s mu）',
                        round((taken_out / 666.667)::numeric, 2), round((put_in / 666.667)::numeric, 2),
                        round(((taken_out - put_in) / 666.667)::numeric, 2),
                        round((taken_out / 666.667)::numeric, 2), round((put_in / 666.667)::numeric, 2),
                        round(((taken_out - put_in) / 666.667)::numeric, 2)),
                 NULL)::rule_violation;
  END IF;
  -- every district: after the change, against its minimum and against before
  RETURN QUERY
  WITH after AS (SELECT district_code AS code, sum(area_m2) AS m2 FROM red_line WHERE change_set_id = cs GROUP BY 1),
       before AS (SELECT properties ->> 'district_code' AS code, sum((properties ->> 'area_m2')::float8) AS m2
                  FROM feature_history WHERE ended_by_change_set_id = cs AND layer = 'red_line' GROUP BY 1),
       delta AS (SELECT coalesce(a.code, b.code) AS code, coalesce(a.m2, 0) - coalesce(b.m2, 0) AS m2
                 FROM after a FULL JOIN before b ON a.code = b.code),
       total AS (SELECT q.code, q.name, q.name_en, q.minimum_km2 * 1e6 AS minimum, q.red_line_m2 AS m2
                 FROM red_line_quota() q)
  SELECT (('minimum', 'red_line', NULL, NULL,
          format('%s红线将为 %s km²，低于下限 %s km²（%s: red line would be %s km², below its minimum of %s km²）',
                 t.name, round((t.m2 / 1e6)::numeric, 3), round((t.minimum / 1e6)::numeric, 2),
                 t.name_en, round((t.m2 / 1e6)::numeric, 3), round((t.minimum / 1e6)::numeric, 2)),
          NULL)::rule_violation).*
  FROM total t JOIN delta x ON x.code = t.code
  WHERE t.m2 < t.minimum AND x.m2 < 0;
  -- the city's red line: the districts' (none at all: no figure, so no verdict, as before)
  SELECT sum(q.red_line_m2) FILTER (WHERE q.polygons > 0) INTO city_after FROM red_line_quota() q;
  IF city_after < city_row.red_line_minimum_km2 * 1e6 AND put_in < taken_out THEN
    RETURN NEXT ('minimum', 'red_line', NULL, NULL,
                 format('全市红线将为 %s km²，低于 %s km²（the city''s red line would be %s km², below %s km²）',
                        round((city_after / 1e6)::numeric, 3), city_row.red_line_minimum_km2,
                        round((city_after / 1e6)::numeric, 3), city_row.red_line_minimum_km2),
                 NULL)::rule_violation;
  END IF;
END
$$;
