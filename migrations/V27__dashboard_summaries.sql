-- Dashboards at 1,000,000 parcels (issue 17): what the renovation summary and the factory alerts
-- read from the big tables, kept beside them by the database's own triggers, so that every writer
-- (the service, an import, psql) keeps them right in the same transaction as its write: never
-- stale, and no plan of the dashboards depends on statistics of a million rows.
--
-- parcel_supply: the land supplied (parcels granted, with their floor area) per district and year, for the renovation
--   summary's 以增定改 balance (it scanned the year's parcels: ~25,000 heap rows at a million).
-- factory_building_context: each factory building's district (of its parcel) and its parcel's
--   supervision agreement (output per mu); factory_building_output: its parcel's output per mu in
--   each year with efficiency figures. The alerts joined the 18,000 buildings to the million
--   parcels, 380,000 agreements and 3 million parcel figures (1.99 s; 2–5 s on a loaded machine,
--   most of it random reads of parcel pages).
-- The triggers are statement-level with transition tables (one aggregate per statement, so an
-- import of 100,000 parcels costs one grouped statement), except parcel's district, which is a row
-- trigger that fires only when a parcel changes district. Sums are numeric, so adding and taking
-- away the same parcel leaves the sum as it was.

CREATE TABLE parcel_supply (
  district_code char(6)  NOT NULL REFERENCES district ON DELETE CASCADE,
  year          smallint NOT NULL,
  parcels       bigint   NOT NULL,
  area_m2       numeric  NOT NULL,
  floor_area_m2 numeric  NOT NULL,
  PRIMARY KEY (district_code, year)
);

CREATE FUNCTION keep_parcel_supply() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path FROM CURRENT AS $$
BEGIN
  IF TG_OP = 'TRUNCATE' THEN
    DELETE FROM parcel_supply;
    RETURN NULL;
  END IF;
  -- the change of each (district, year): the rows written counted in, the rows ended counted out;
  -- written in key order, so that two writers never wait for each other's rows crosswise (each
  -- branch names only the transition tables its trigger has)
  IF TG_OP = 'INSERT' THEN
    INSERT INTO parcel_supply AS s (district_code, year, parcels, area_m2, floor_area_m2)
    SELECT district_code, year, sum(parcels), sum(area_m2), sum(floor_area_m2)
    FROM (
      SELECT district_code, extract(year FROM granted_on)::smallint AS year, 1 AS parcels,
             area_m2::numeric AS area_m2, coalesce(floor_area_m2, 0)::numeric AS floor_area_m2
      FROM written
    ) d
    GROUP BY 1, 2
    HAVING sum(parcels) <> 0 OR sum(area_m2) <> 0 OR sum(floor_area_m2) <> 0
    ORDER BY 1, 2
    ON CONFLICT (district_code, year) DO UPDATE
      SET parcels = s.parcels + excluded.parcels, area_m2 = s.area_m2 + excluded.area_m2,
          floor_area_m2 = s.floor_area_m2 + excluded.floor_area_m2;
  ELSIF TG_OP = 'DELETE' THEN
    INSERT INTO parcel_supply AS s (district_code, year, parcels, area_m2, floor_area_m2)
    SELECT district_code, year, sum(parcels), sum(area_m2), sum(floor_area_m2)
    FROM (
      SELECT district_code, extract(year FROM granted_on)::smallint AS year, -1 AS parcels,
             -area_m2::numeric AS area_m2, -coalesce(floor_area_m2, 0)::numeric AS floor_area_m2
      FROM ended
    ) d
    GROUP BY 1, 2
    HAVING sum(parcels) <> 0 OR sum(area_m2) <> 0 OR sum(floor_area_m2) <> 0
    ORDER BY 1, 2
    ON CONFLICT (district_code, year) DO UPDATE
      SET parcels = s.parcels + excluded.parcels, area_m2 = s.area_m2 + excluded.area_m2,
          floor_area_m2 = s.floor_area_m2 + excluded.floor_area_m2;
  ELSE
    INSERT INTO parcel_supply AS s (district_code, year, parcels, area_m2, floor_area_m2)
    SELECT district_code, year, sum(parcels), sum(area_m2), sum(floor_area_m2)
    FROM (
      SELECT district_code, extract(year FROM granted_on)::smallint AS year, 1 AS parcels,
             area_m2::numeric AS area_m2, coalesce(floor_area_m2, 0)::numeric AS floor_area_m2
      FROM written
      UNION ALL
      SELECT district_code, extract(year FROM granted_on)::smallint AS year, -1 AS parcels,
             -area_m2::numeric AS area_m2, -coalesce(floor_area_m2, 0)::numeric AS floor_area_m2
      FROM ended
    ) d
    GROUP BY 1, 2
    HAVING sum(parcels) <> 0 OR sum(area_m2) <> 0 OR sum(floor_area_m2) <> 0
    ORDER BY 1, 2
    ON CONFLICT (district_code, year) DO UPDATE
      SET parcels = s.parcels + excluded.parcels, area_m2 = s.area_m2 + excluded.area_m2,
          floor_area_m2 = s.floor_area_m2 + excluded.floor_area_m2;
  END IF;
  IF TG_OP <> 'INSERT' THEN
    DELETE FROM parcel_supply WHERE parcels = 0;
  END IF;
  RETURN NULL;
END
$$;

CREATE TRIGGER parcel_supply_insert AFTER INSERT ON parcel REFERENCING NEW TABLE AS written
  FOR EACH STATEMENT EXECUTE FUNCTION keep_parcel_supply();
CREATE TRIGGER parcel_supply_update AFTER UPDATE ON parcel
  REFERENCING OLD TABLE AS ended NEW TABLE AS written
  FOR EACH STATEMENT EXECUTE FUNCTION keep_parcel_supply();
CREATE TRIGGER parcel_supply_delete AFTER DELETE ON parcel REFERENCING OLD TABLE AS ended
  FOR EACH STATEMENT EXECUTE FUNCTION keep_parcel_supply();
CREATE TRIGGER parcel_supply_truncate AFTER TRUNCATE ON parcel
  FOR EACH STATEMENT EXECUTE FUNCTION keep_parcel_supply();

INSERT INTO parcel_supply (district_code, year, parcels, area_m2, floor_area_m2)
SELECT district_code, extract(year FROM granted_on)::smallint, count(*), sum(area_m2::numeric),
       coalesce(sum(floor_area_m2::numeric), 0)
FROM parcel GROUP BY 1, 2;


CREATE TABLE factory_building_context (
  factory_building_id     bigint  PRIMARY KEY REFERENCES factory_building ON DELETE CASCADE,
  district_code           char(6) NOT NULL,
  agreement_output_per_mu numeric(10, 2)
);

CREATE TABLE factory_building_output (
  year                smallint NOT NULL,
  factory_building_id bigint   NOT NULL REFERENCES factory_building ON DELETE CASCADE,
  output_per_mu       double precision,
  PRIMARY KEY (year, factory_building_id)
);

-- the context and the outputs of these buildings, made again from their parcels
CREATE FUNCTION refresh_factory_building_context(buildings bigint[]) RETURNS void
LANGUAGE sql SECURITY DEFINER SET search_path FROM CURRENT AS $$
  DELETE FROM factory_building_context WHERE factory_building_id = ANY (buildings);
  DELETE FROM factory_building_output WHERE factory_building_id = ANY (buildings);
  INSERT INTO factory_building_context (factory_building_id, district_code, agreement_output_per_mu)
  SELECT f.id, p.district_code, sa.output_per_mu
  FROM factory_building f
  JOIN parcel p ON p.id = f.parcel_id
  LEFT JOIN supervision_agreement sa ON sa.parcel_id = f.parcel_id
  WHERE f.id = ANY (buildings)
  ORDER BY f.id;
  -- the years with parcel figures, found by skipping along the primary key
  WITH RECURSIVE y(year) AS (
    SELECT min(year) FROM parcel_efficiency
    UNION ALL
    SELECT (SELECT min(e.year) FROM parcel_efficiency e WHERE e.year > y.year) FROM y
    WHERE y.year IS NOT NULL
  )
  INSERT INTO factory_building_output (year, factory_building_id, output_per_mu)
  SELECT pe.year, f.id, pe.output_per_mu
  FROM factory_building f
  JOIN y ON y.year IS NOT NULL
  JOIN parcel_efficiency pe ON pe.year = y.year AND pe.parcel_id = f.parcel_id
  WHERE f.id = ANY (buildings)
  ORDER BY 1, 2;
$$;

CREATE FUNCTION keep_factory_building_context() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path FROM CURRENT AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    PERFORM refresh_factory_building_context(ARRAY(SELECT id FROM written));
  ELSE
    PERFORM refresh_factory_building_context(ARRAY(
      SELECT w.id FROM written w JOIN ended e ON e.id = w.id WHERE e.parcel_id <> w.parcel_id
      UNION SELECT w.id FROM written w WHERE NOT EXISTS (SELECT 1 FROM ended e WHERE e.id = w.id)));
  END IF;
  RETURN NULL;
END
$$;

CREATE TRIGGER factory_building_context_insert AFTER INSERT ON factory_building
  REFERENCING NEW TABLE AS written
  FOR EACH STATEMENT EXECUTE FUNCTION keep_factory_building_context();
CREATE TRIGGER factory_building_context_update AFTER UPDATE ON factory_building
  REFERENCING OLD TABLE AS ended NEW TABLE AS written
  FOR EACH STATEMENT EXECUTE FUNCTION keep_factory_building_context();

-- a parcel that changes district takes its buildings along
CREATE FUNCTION keep_factory_building_district() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path FROM CURRENT AS $$
BEGIN
  UPDATE factory_building_context c SET district_code = NEW.district_code
  FROM factory_building f
  WHERE f.parcel_id = NEW.id AND c.factory_building_id = f.id;
  RETURN NULL;
END
$$;

CREATE TRIGGER factory_building_district AFTER UPDATE ON parcel
  FOR EACH ROW WHEN (OLD.district_code IS DISTINCT FROM NEW.district_code)
  EXECUTE FUNCTION keep_factory_building_district();

-- an agreement written, changed or gone: the agreement of the buildings on its parcel
CREATE FUNCTION keep_factory_building_agreement() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path FROM CURRENT AS $$
BEGIN
  IF TG_OP = 'TRUNCATE' THEN
    UPDATE factory_building_context SET agreement_output_per_mu = NULL
    WHERE agreement_output_per_mu IS NOT NULL;
    RETURN NULL;
  END IF;
  IF TG_OP = 'INSERT' THEN
    UPDATE factory_building_context c
    SET agreement_output_per_mu =
          (SELECT sa.output_per_mu FROM supervision_agreement sa WHERE sa.parcel_id = f.parcel_id)
    FROM factory_building f
    WHERE c.factory_building_id = f.id AND f.parcel_id IN (SELECT parcel_id FROM written);
  ELSIF TG_OP = 'DELETE' THEN
    UPDATE factory_building_context c
    SET agreement_output_per_mu =
          (SELECT sa.output_per_mu FROM supervision_agreement sa WHERE sa.parcel_id = f.parcel_id)
    FROM factory_building f
    WHERE c.factory_building_id = f.id AND f.parcel_id IN (SELECT parcel_id FROM ended);
  ELSE
    UPDATE factory_building_context c
    SET agreement_output_per_mu =
          (SELECT sa.output_per_mu FROM supervision_agreement sa WHERE sa.parcel_id = f.parcel_id)
    FROM factory_building f
    WHERE c.factory_building_id = f.id AND f.parcel_id IN (SELECT parcel_id FROM written UNION ALL SELECT parcel_id FROM ended);
  END IF;
  RETURN NULL;
END
$$;

CREATE TRIGGER factory_agreement_insert AFTER INSERT ON supervision_agreement
  REFERENCING NEW TABLE AS written
  FOR EACH STATEMENT EXECUTE FUNCTION keep_factory_building_agreement();
CREATE TRIGGER factory_agreement_update AFTER UPDATE ON supervision_agreement
  REFERENCING OLD TABLE AS ended NEW TABLE AS written
  FOR EACH STATEMENT EXECUTE FUNCTION keep_factory_building_agreement();
CREATE TRIGGER factory_agreement_delete AFTER DELETE ON supervision_agreement
  REFERENCING OLD TABLE AS ended
  FOR EACH STATEMENT EXECUTE FUNCTION keep_factory_building_agreement();
CREATE TRIGGER factory_agreement_truncate AFTER TRUNCATE ON supervision_agreement
  FOR EACH STATEMENT EXECUTE FUNCTION keep_factory_building_agreement();

-- a year's parcel figures written or deleted (Recompute): the outputs of the buildings on them
CREATE FUNCTION keep_factory_building_output() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path FROM CURRENT AS $$
BEGIN
  IF TG_OP = 'TRUNCATE' THEN
    DELETE FROM factory_building_output;
    RETURN NULL;
  END IF;
  IF TG_OP IN ('UPDATE', 'DELETE') THEN
    DELETE FROM factory_building_output o
    USING ended e, factory_building f
    WHERE f.parcel_id = e.parcel_id AND o.year = e.year AND o.factory_building_id = f.id;
  END IF;
  IF TG_OP IN ('INSERT', 'UPDATE') THEN
    INSERT INTO factory_building_output (year, factory_building_id, output_per_mu)
    SELECT w.year, f.id, w.output_per_mu
    FROM written w JOIN factory_building f ON f.parcel_id = w.parcel_id
    ORDER BY 1, 2
    ON CONFLICT (year, factory_building_id) DO UPDATE SET output_per_mu = excluded.output_per_mu;
  END IF;
  RETURN NULL;
END
$$;

CREATE TRIGGER factory_output_insert AFTER INSERT ON parcel_efficiency
  REFERENCING NEW TABLE AS written
  FOR EACH STATEMENT EXECUTE FUNCTION keep_factory_building_output();
CREATE TRIGGER factory_output_update AFTER UPDATE ON parcel_efficiency
  REFERENCING OLD TABLE AS ended NEW TABLE AS written
  FOR EACH STATEMENT EXECUTE FUNCTION keep_factory_building_output();
CREATE TRIGGER factory_output_delete AFTER DELETE ON parcel_efficiency
  REFERENCING OLD TABLE AS ended
  FOR EACH STATEMENT EXECUTE FUNCTION keep_factory_building_output();
CREATE TRIGGER factory_output_truncate AFTER TRUNCATE ON parcel_efficiency
  FOR EACH STATEMENT EXECUTE FUNCTION keep_factory_building_output();

SELECT refresh_factory_building_context(ARRAY(SELECT id FROM factory_building));

CREATE INDEX factory_building_context_district_idx ON factory_building_context (district_code);

-- only the triggers call it (as the owner)
REVOKE EXECUTE ON FUNCTION refresh_factory_building_context(bigint[]) FROM PUBLIC;
