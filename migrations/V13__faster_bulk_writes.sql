-- Two costs of a bulk write (a file import of 100,000 parcels into a million: a 27 s UPDATE, applied
-- once for the preview and once for the commit), made smaller without changing what is written.

-- 1. The district of a feature written without one: district_at tested a point against the whole
-- district boundary, ~1,000 vertices, for every feature (5.1 s of 100,000 lookups). The same test
-- against the boundaries cut into pieces of at most 64 vertices (ST_Subdivide: the pieces cover the
-- district exactly, so a point meets a district exactly when it meets one of its pieces) touches a
-- few small pieces (1.4 s; the same district for all 100,000). The pieces follow the districts: any
-- write to district (the demo city, a loader, a TRUNCATE) cuts them again in the same statement.
CREATE TABLE district_piece (
  code char(6) NOT NULL,
  geom geometry(Geometry, 4490) NOT NULL
);
CREATE INDEX district_piece_geom_idx ON district_piece USING gist (geom);

CREATE FUNCTION cut_district_pieces() RETURNS trigger LANGUAGE plpgsql SET search_path FROM CURRENT AS $$
BEGIN
  DELETE FROM district_piece;
  INSERT INTO district_piece (code, geom) SELECT code, ST_Subdivide(geom, 64) FROM district;
  RETURN NULL;
END
$$;
CREATE TRIGGER district_pieces AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON district
  FOR EACH STATEMENT EXECUTE FUNCTION cut_district_pieces();
INSERT INTO district_piece (code, geom) SELECT code, ST_Subdivide(geom, 64) FROM district;

CREATE OR REPLACE FUNCTION district_at(g geometry) RETURNS char(6) LANGUAGE sql STABLE
SET search_path FROM CURRENT AS $$
  SELECT code FROM district_piece WHERE ST_Intersects(geom, ST_PointOnSurface(g)) ORDER BY code LIMIT 1
$$;

-- 2. A previous version's properties: to_jsonb(o) - 'geom' wrote every shape out as GeoJSON only to
-- drop it again (about 2 of the 9 s that keeping 100,000 versions took). Its columns but the shape are
-- now listed from the catalogue instead; the JSON is the same. And no JIT: the planner, knowing
-- nothing of the transition tables, guessed 50 million rows and compiled for 0.27 s.
CREATE FUNCTION version_properties(t regclass) RETURNS text LANGUAGE sql STABLE
SET search_path FROM CURRENT AS $$
  SELECT string_agg(format('o.%I', attname), ', ' ORDER BY attnum)
  FROM pg_attribute
  WHERE attrelid = t AND attnum > 0 AND NOT attisdropped AND attname <> 'geom'
$$;

CREATE OR REPLACE FUNCTION keep_updated_versions() RETURNS trigger LANGUAGE plpgsql
SET search_path FROM CURRENT SET jit = off AS $$
BEGIN
  EXECUTE format(
    'INSERT INTO feature_history (layer, feature_id, version, geom, properties, change_set_id, valid_from,
                                  valid_to, ended_by_change_set_id, ended_by)
     SELECT %L, o.id, o.version, o.geom, (SELECT to_jsonb(p) FROM (SELECT %s) p), o.change_set_id,
            o.updated_at, now(), n.change_set_id, ''UPDATE''
     FROM ended o JOIN current n ON n.id = o.id',
    TG_ARGV[0], version_properties(TG_RELID));
  RETURN NULL;
END
$$;

CREATE OR REPLACE FUNCTION keep_deleted_versions() RETURNS trigger LANGUAGE plpgsql
SET search_path FROM CURRENT SET jit = off AS $$
DECLARE
  ending bigint := nullif(current_setting('redline.change_set_id', true), '')::bigint;
BEGIN
  IF ending IS NULL AND EXISTS (SELECT 1 FROM ended) THEN
    RAISE EXCEPTION 'deleting from % needs its change set: SET LOCAL redline.change_set_id = …', TG_ARGV[0]
      USING ERRCODE = 'check_violation';
  END IF;
  EXECUTE format(
    'INSERT INTO feature_history (layer, feature_id, version, geom, properties, change_set_id, valid_from,
                                  valid_to, ended_by_change_set_id, ended_by)
     SELECT %L, o.id, o.version, o.geom, (SELECT to_jsonb(p) FROM (SELECT %s) p), o.change_set_id,
            o.updated_at, now(), $1, ''DELETE''
     FROM ended o',
    TG_ARGV[0], version_properties(TG_RELID))
  USING ending;
  RETURN NULL;
END
$$;
