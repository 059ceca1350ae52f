-- 集聚连片 contiguity's trend kept (issue 15): the measure at the end of each past year, per layer,
-- kind of unit, gap and big-block size, computed once from the history and kept, instead of
-- clustering every year's pieces again on each trend request (at 1,000,000 parcels ~30 s a year,
-- over the service's statement timeout) and throwing the whole trend away on every edit.
--
-- The past does not change: feature_history is written only by the versioning triggers (V10, V13:
-- SECURITY DEFINER; no login but the owner may write it), each row ending a version now() that was
-- current from its updated_at; an UPDATE of a layer's row sets updated_at to now() (V10's
-- bump_feature_version). What can still change a past year end is guarded here:
--   * a row inserted into parcel or red_line with an updated_at in the past (the service's and an
--     editor's INSERT may name it: imports and tests of a history do): the kept years of that layer
--     from that moment on are forgotten, in the writer's statement;
--   * the owner writing feature_history by hand (a row inserted not by a versioning trigger, or any
--     UPDATE, DELETE or TRUNCATE), or truncating a layer: the layer's kept years are forgotten.
-- (With triggers switched off, session_replication_role = replica, nothing is guarded: whoever
-- does that deletes from contiguity_year himself.)
--
-- A year end is kept only once settled: a transaction open across it (a long import) commits rows
-- with its start time, before the year end, after it. The figures made within a day of the year
-- end are kept with that computed_at and made again after the day (contiguity_year_settled).

-- The one computation: per unit (district, or cluster: NULL outside every cluster) the patches of
-- a layer's land now (as_of NULL) or as of a moment, and their sizes. A piece is one polygon of the
-- layer (each part of a multipolygon on its own). Two pieces of one unit whose gap is at most gap
-- metres lie in one patch, and so does every piece linked to them by such gaps: the patches are
-- the connected components of the graph "within gap of each other" (ST_ClusterDBSCAN with
-- minpoints 1 is exactly that: single-linkage clustering; touching or overlapping pieces are at
-- distance 0). Distances are measured on CGCS2000 3-degree Gauss-Krüger CM 114°E (EPSG:4547), whose
-- scale error over Foshan (112.4°–113.4°E) is below 3.5e-4: under 2 mm on 5 m. A patch's area is
-- the sum of its pieces' ellipsoidal areas (the pieces of a layer do not overlap, the overlap rule;
-- the gaps between them are not its land). Per unit: patches, pieces, total, largest patch, and the
-- area in patches of at least big_from_m2. As of a moment, the pieces are the versions then current,
-- as layer_as_of (V22) reads them (a current row written by then, or a kept version valid then).
-- No JIT: ST_Dump and the DBSCAN window are estimated dear enough for it, and it then spent more
-- time compiling than the query ran (the red line: 0.9 s of JIT for 0.1 s of work).
CREATE FUNCTION contiguity_patches(layer_name text, kind text, as_of timestamptz, gap double precision,
                                   big_from_m2 double precision)
RETURNS TABLE (unit text, patches integer, pieces integer, total_m2 double precision,
               largest_m2 double precision, big_m2 double precision)
LANGUAGE plpgsql STABLE SET search_path FROM CURRENT SET jit = off AS $$
DECLARE
  pieces text;
BEGIN
  IF layer_name NOT IN ('parcel', 'red_line') OR kind NOT IN ('district', 'cluster') THEN
    RAISE EXCEPTION 'contiguity_patches: layer % kind %', layer_name, kind
      USING ERRCODE = 'invalid_parameter_value';
  END IF;
  pieces := format(
    'SELECT t.district_code::text AS district_code, t.cluster_id::text AS cluster_id, t.geom,'
    ' t.area_m2 FROM %I t', layer_name);
  IF as_of IS NOT NULL THEN
    pieces := pieces || $p$
      WHERE t.updated_at <= $1
      UNION ALL
      SELECT h.properties ->> 'district_code', h.properties ->> 'cluster_id', h.geom,
             (h.properties ->> 'area_m2')::float8
      FROM feature_history h
      WHERE h.layer = $4 AND h.valid_from <= $1 AND h.valid_to > $1 $p$;
  END IF;
  RETURN QUERY EXECUTE format($q$
    WITH pieces AS (%s),
    parts AS (
      SELECT p.%I AS unit, d.geom,
             CASE WHEN ST_NumGeometries(p.geom) = 1 THEN p.area_m2
                  ELSE ST_Area(d.geom::geography) END AS m2
      FROM pieces p
      CROSS JOIN LATERAL ST_Dump(p.geom) d
    ),
    labelled AS (
      SELECT unit, m2,
             ST_ClusterDBSCAN(ST_Transform(geom, 4547), eps := $2, minpoints := 1)
               OVER (PARTITION BY unit) AS patch
      FROM parts
    ),
    patches AS (
      SELECT unit, count(*) AS pieces, sum(m2) AS m2
      FROM labelled
      GROUP BY unit, patch
    )
    SELECT unit, count(*)::int, sum(pieces)::int, sum(m2), max(m2),
           coalesce(sum(m2) FILTER (WHERE m2 >= $3), 0)
    FROM patches
    GROUP BY unit
    ORDER BY unit
  $q$, pieces, CASE kind WHEN 'district' THEN 'district_code' ELSE 'cluster_id' END)
  USING as_of, gap, big_from_m2, layer_name;
END
$$;

-- A kept year end: the key, and when its figures were made.
CREATE TABLE contiguity_year (
  layer       text             NOT NULL CHECK (layer IN ('parcel', 'red_line')),
  kind        text             NOT NULL CHECK (kind IN ('district', 'cluster')),
  year_end    timestamptz      NOT NULL,
  gap_m       double precision NOT NULL,
  big_m2      double precision NOT NULL,
  computed_at timestamptz      NOT NULL,
  PRIMARY KEY (layer, kind, year_end, gap_m, big_m2)
);
COMMENT ON TABLE contiguity_year IS
  'a year end whose contiguity figures are kept (contiguity_year_unit), made by keep_contiguity_year (V60) from the history; forgotten when the past of its layer is written';

-- Its figures per unit ('' outside every cluster): what contiguity_patches answered.
CREATE TABLE contiguity_year_unit (
  layer      text             NOT NULL,
  kind       text             NOT NULL,
  year_end   timestamptz      NOT NULL,
  gap_m      double precision NOT NULL,
  big_m2     double precision NOT NULL,
  unit       text             NOT NULL,
  patches    integer          NOT NULL,
  pieces     integer          NOT NULL,
  total_m2   double precision NOT NULL,
  largest_m2 double precision NOT NULL,
  big_area_m2 double precision NOT NULL,
  PRIMARY KEY (layer, kind, year_end, gap_m, big_m2, unit),
  FOREIGN KEY (layer, kind, year_end, gap_m, big_m2) REFERENCES contiguity_year ON DELETE CASCADE
);

-- Whether kept figures of a year end, made at computed_at, are final: made a day or more after it.
CREATE FUNCTION contiguity_year_settled(year_end timestamptz, computed_at timestamptz)
RETURNS boolean LANGUAGE sql IMMUTABLE AS $$
  SELECT computed_at >= year_end + interval '1 day'
$$;

-- The figures of a layer by a kind of unit at a past year end (1 January 00:00 in Foshan), for a
-- gap and a big-block size, made from the history and kept, unless kept and settled already. Only
-- this function writes them (with the owner's rights): no caller can put in figures of its own.
-- One maker per key at a time (a transaction-scoped lock): the second finds the first's figures.
CREATE FUNCTION keep_contiguity_year(layer_name text, unit_kind text, at_end timestamptz,
                                     gap double precision, big_from_m2 double precision)
RETURNS void
LANGUAGE plpgsql SECURITY DEFINER SET search_path FROM CURRENT AS $$
BEGIN
  IF at_end <> date_trunc('year', at_end AT TIME ZONE 'Asia/Shanghai') AT TIME ZONE 'Asia/Shanghai'
     OR at_end >= now() THEN
    RAISE EXCEPTION 'keep_contiguity_year: % is not a past year end in Foshan', at_end
      USING ERRCODE = 'invalid_parameter_value';
  END IF;
  IF NOT (gap >= 0 AND gap <= 1000) OR NOT (big_from_m2 > 0) THEN
    RAISE EXCEPTION 'keep_contiguity_year: gap % m, big block % m²', gap, big_from_m2
      USING ERRCODE = 'invalid_parameter_value';
  END IF;
  PERFORM pg_advisory_xact_lock(hashtext('contiguity_year'),
                                hashtext(concat_ws('/', layer_name, unit_kind, extract(epoch FROM at_end), gap, big_from_m2)));
  IF EXISTS (SELECT 1 FROM contiguity_year y
             WHERE (y.layer, y.kind, y.year_end, y.gap_m, y.big_m2)
                   = (layer_name, unit_kind, at_end, gap, big_from_m2)
               AND contiguity_year_settled(y.year_end, y.computed_at)) THEN
    RETURN;
  END IF;
  DELETE FROM contiguity_year y
  WHERE (y.layer, y.kind, y.year_end, y.gap_m, y.big_m2)
        = (layer_name, unit_kind, at_end, gap, big_from_m2);
  INSERT INTO contiguity_year (layer, kind, year_end, gap_m, big_m2, computed_at)
  VALUES (layer_name, unit_kind, at_end, gap, big_from_m2, now());
  INSERT INTO contiguity_year_unit (layer, kind, year_end, gap_m, big_m2, unit, patches, pieces,
                                    total_m2, largest_m2, big_area_m2)
  SELECT layer_name, unit_kind, at_end, gap, big_from_m2, coalesce(p.unit, ''),
         p.patches, p.pieces, p.total_m2, p.largest_m2, p.big_m2
  FROM contiguity_patches(layer_name, unit_kind, at_end, gap, big_from_m2) p;
END
$$;

-- Forgetting the kept years whose past a statement wrote (see the top).
CREATE FUNCTION forget_contiguity_years() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path FROM CURRENT AS $$
DECLARE
  since timestamptz;
BEGIN
  IF TG_TABLE_NAME = 'feature_history' THEN
    -- the versioning triggers' own inserts (a trigger's statement, depth 2) end versions now
    IF TG_OP = 'INSERT' AND pg_trigger_depth() > 1 THEN
      RETURN NULL;
    END IF;
    DELETE FROM contiguity_year;
  ELSIF TG_OP = 'TRUNCATE' THEN
    DELETE FROM contiguity_year WHERE layer = TG_TABLE_NAME;
  ELSE
    SELECT min(updated_at) INTO since FROM written;
    IF since < now() THEN
      DELETE FROM contiguity_year WHERE layer = TG_TABLE_NAME AND year_end >= since;
    END IF;
  END IF;
  RETURN NULL;
END
$$;

CREATE TRIGGER parcel_past_written AFTER INSERT ON parcel
  REFERENCING NEW TABLE AS written FOR EACH STATEMENT EXECUTE FUNCTION forget_contiguity_years();
CREATE TRIGGER red_line_past_written AFTER INSERT ON red_line
  REFERENCING NEW TABLE AS written FOR EACH STATEMENT EXECUTE FUNCTION forget_contiguity_years();
CREATE TRIGGER parcel_truncated_contiguity_years AFTER TRUNCATE ON parcel
  FOR EACH STATEMENT EXECUTE FUNCTION forget_contiguity_years();
CREATE TRIGGER red_line_truncated_contiguity_years AFTER TRUNCATE ON red_line
  FOR EACH STATEMENT EXECUTE FUNCTION forget_contiguity_years();
CREATE TRIGGER feature_history_past_written AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE
  ON feature_history FOR EACH STATEMENT EXECUTE FUNCTION forget_contiguity_years();

REVOKE ALL ON FUNCTION keep_contiguity_year(text, text, timestamptz, double precision, double precision)
  FROM PUBLIC;
REVOKE ALL ON FUNCTION forget_contiguity_years() FROM PUBLIC;
REVOKE ALL ON contiguity_year, contiguity_year_unit FROM PUBLIC;
GRANT EXECUTE ON FUNCTION keep_contiguity_year(text, text, timestamptz, double precision, double precision)
  TO redline_service;
GRANT SELECT ON contiguity_year, contiguity_year_unit TO redline_service;

-- a migration that adds functions pins their search paths, pg_temp last (V31)
SELECT pin_search_paths();
