-- Dashboards at 1,000,000 parcels (issue 17): the planner's grade changes (how the city's enterprises
-- or parcels moved from the previous year's grade to this year's) joined two models' grades in full,
-- ~400,000 enterprises or ~700,000 parcels a model at a million parcels (3.5 s, bare 2.9 s on the
-- loaded machine). The counts per pair of grades are now kept beside the grades, for the pairs the
-- endpoint asks for (the active model of a year and the active model of the year before), by the
-- database's own triggers in the writer's transaction: never stale, for every writer (the
-- recompute, psql).
--
-- grade_change_pair: the pairs (previous_model, model) kept: those of each year with an active model
--   whose previous year has one too, made when a model is activated, made, or deactivated
--   (grading_model's statement trigger: the new pair counted in full once, the pairs no longer
--   active dropped).
-- grade_change: per subject (enterprise, parcel) and kept pair, the subjects per (from_grade,
--   to_grade) as select_grade_changes.sql counts them for the whole city: a subject graded by either
--   model, its grade null where it was not graded or not there. Kept by statement triggers with
--   transition tables on enterprise_grade and parcel_grade: each statement adds the counts of the
--   subjects it touched as they are now and takes away the same subjects as they were (one grouped
--   upsert per statement).
-- The counts of a district or a cluster are counted from the grades as before.

CREATE TABLE grade_change_pair (
  previous_model bigint NOT NULL,
  model          bigint NOT NULL,
  PRIMARY KEY (previous_model, model)
);
COMMENT ON TABLE grade_change_pair IS
  'the pairs of grading models (the previous year''s active one, the year''s active one) whose grade changes grade_change keeps';

CREATE TABLE grade_change (
  subject        text    NOT NULL CHECK (subject IN ('enterprise', 'parcel')),
  previous_model bigint  NOT NULL,
  model          bigint  NOT NULL,
  from_grade     char(1),
  to_grade       char(1),
  subjects       bigint  NOT NULL,
  FOREIGN KEY (previous_model, model) REFERENCES grade_change_pair ON DELETE CASCADE,
  CONSTRAINT grade_change_key UNIQUE NULLS NOT DISTINCT (subject, previous_model, model, from_grade, to_grade)
);
COMMENT ON TABLE grade_change IS
  'the city''s enterprises or parcels per pair of grades (null: not graded or not there) from previous_model to model; kept by triggers on the grades';

-- the counts of one subject between two models, in full (as select_grade_changes.sql for the city)
CREATE FUNCTION count_grade_changes(subject text, previous_model bigint, model bigint) RETURNS void
LANGUAGE plpgsql SECURITY DEFINER SET search_path FROM CURRENT AS $$
BEGIN
  EXECUTE format(
    'INSERT INTO grade_change (subject, previous_model, model, from_grade, to_grade, subjects)
     SELECT %1$L, %3$s, %4$s, p.grade, c.grade, count(*)
     FROM (SELECT %2$I AS id, grade FROM %5$I WHERE model_id = %4$s) c
     FULL JOIN (SELECT %2$I AS id, grade FROM %5$I WHERE model_id = %3$s) p ON p.id = c.id
     GROUP BY p.grade, c.grade
     ORDER BY 4, 5',
    subject, subject || '_id', previous_model, model, subject || '_grade');
END
$$;

-- the pairs of the active models, each counted in full when it becomes one
CREATE FUNCTION keep_grade_change_pairs() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path FROM CURRENT AS $$
DECLARE
  pair record;
BEGIN
  DELETE FROM grade_change_pair k
  WHERE NOT EXISTS (SELECT 1 FROM grading_model c JOIN grading_model p ON p.year = c.year - 1 AND p.active
                    WHERE c.active AND c.id = k.model AND p.id = k.previous_model);
  FOR pair IN
    INSERT INTO grade_change_pair (previous_model, model)
    SELECT p.id, c.id FROM grading_model c JOIN grading_model p ON p.year = c.year - 1 AND p.active
    WHERE c.active
    ORDER BY 1, 2
    ON CONFLICT DO NOTHING
    RETURNING previous_model, model
  LOOP
    PERFORM count_grade_changes('enterprise', pair.previous_model, pair.model);
    PERFORM count_grade_changes('parcel', pair.previous_model, pair.model);
  END LOOP;
  RETURN NULL;
END
$$;

CREATE TRIGGER grade_change_pairs AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON grading_model
  FOR EACH STATEMENT EXECUTE FUNCTION keep_grade_change_pairs();

-- a statement on enterprise_grade or parcel_grade: for each kept pair with a model it wrote, the
-- subjects it touched counted in as they are now and out as they were before it (a subject's row of
-- a model before the statement: its ended row if it has one, none if only written, else as now)
CREATE FUNCTION keep_grade_changes() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path FROM CURRENT AS $$
DECLARE
  graded text := CASE TG_TABLE_NAME WHEN 'enterprise_grade' THEN 'enterprise' ELSE 'parcel' END;
  nothing text := '(SELECT NULL::bigint AS model_id, NULL::bigint AS id, NULL::char(1) AS grade WHERE false)';
BEGIN
  IF TG_OP = 'TRUNCATE' THEN
    DELETE FROM grade_change g WHERE g.subject = graded;
    RETURN NULL;
  END IF;
  -- each branch names only the transition tables its trigger has
  EXECUTE format(
    'WITH w AS (%3$s), e AS (%4$s),
     touched AS (SELECT model_id, id FROM w UNION SELECT model_id, id FROM e),
     ids AS (
       SELECT DISTINCT k.previous_model, k.model, t.id
       FROM grade_change_pair k JOIN touched t ON t.model_id IN (k.previous_model, k.model)
     ), counted AS (
       SELECT i.previous_model, i.model, gp.grade AS from_grade, gc.grade AS to_grade, 1 AS n
       FROM ids i
       LEFT JOIN %1$I gp ON gp.model_id = i.previous_model AND gp.%2$I = i.id
       LEFT JOIN %1$I gc ON gc.model_id = i.model AND gc.%2$I = i.id
       WHERE gp.model_id IS NOT NULL OR gc.model_id IS NOT NULL
       UNION ALL
       SELECT i.previous_model, i.model, b.from_grade, b.to_grade, -1
       FROM ids i
       LEFT JOIN e ep ON ep.model_id = i.previous_model AND ep.id = i.id
       LEFT JOIN w wp ON wp.model_id = i.previous_model AND wp.id = i.id
       LEFT JOIN %1$I gp ON gp.model_id = i.previous_model AND gp.%2$I = i.id
       LEFT JOIN e ec ON ec.model_id = i.model AND ec.id = i.id
       LEFT JOIN w wc ON wc.model_id = i.model AND wc.id = i.id
       LEFT JOIN %1$I gc ON gc.model_id = i.model AND gc.%2$I = i.id
       CROSS JOIN LATERAL (SELECT
         CASE WHEN ep.id IS NOT NULL THEN true WHEN wp.id IS NOT NULL THEN false
              ELSE gp.model_id IS NOT NULL END AS in_previous,
         CASE WHEN ep.id IS NOT NULL THEN ep.grade WHEN wp.id IS NOT NULL THEN NULL
              ELSE gp.grade END AS from_grade,
         CASE WHEN ec.id IS NOT NULL THEN true WHEN wc.id IS NOT NULL THEN false
              ELSE gc.model_id IS NOT NULL END AS in_model,
         CASE WHEN ec.id IS NOT NULL THEN ec.grade WHEN wc.id IS NOT NULL THEN NULL
              ELSE gc.grade END AS to_grade) b
       WHERE b.in_previous OR b.in_model
     )
     INSERT INTO grade_change AS g (subject, previous_model, model, from_grade, to_grade, subjects)
     SELECT %5$L, previous_model, model, from_grade, to_grade, sum(n)
     FROM counted
     GROUP BY previous_model, model, from_grade, to_grade
     HAVING sum(n) <> 0
     ORDER BY 2, 3, 4, 5
     ON CONFLICT ON CONSTRAINT grade_change_key DO UPDATE SET subjects = g.subjects + excluded.subjects',
    graded || '_grade', graded || '_id',
    CASE WHEN TG_OP = 'DELETE' THEN nothing ELSE format('SELECT model_id, %I AS id, grade FROM written', graded || '_id') END,
    CASE WHEN TG_OP = 'INSERT' THEN nothing ELSE format('SELECT model_id, %I AS id, grade FROM ended', graded || '_id') END,
    graded);
  -- an insert too takes subjects away from a pair of grades (graded by one model, now by both)
  DELETE FROM grade_change g WHERE g.subject = graded AND g.subjects = 0;
  RETURN NULL;
END
$$;

CREATE TRIGGER enterprise_grade_changes_insert AFTER INSERT ON enterprise_grade
  REFERENCING NEW TABLE AS written FOR EACH STATEMENT EXECUTE FUNCTION keep_grade_changes();
CREATE TRIGGER enterprise_grade_changes_update AFTER UPDATE ON enterprise_grade
  REFERENCING OLD TABLE AS ended NEW TABLE AS written FOR EACH STATEMENT EXECUTE FUNCTION keep_grade_changes();
CREATE TRIGGER enterprise_grade_changes_delete AFTER DELETE ON enterprise_grade
  REFERENCING OLD TABLE AS ended FOR EACH STATEMENT EXECUTE FUNCTION keep_grade_changes();
CREATE TRIGGER enterprise_grade_changes_truncate AFTER TRUNCATE ON enterprise_grade
  FOR EACH STATEMENT EXECUTE FUNCTION keep_grade_changes();
CREATE TRIGGER parcel_grade_changes_insert AFTER INSERT ON parcel_grade
  REFERENCING NEW TABLE AS written FOR EACH STATEMENT EXECUTE FUNCTION keep_grade_changes();
CREATE TRIGGER parcel_grade_changes_update AFTER UPDATE ON parcel_grade
  REFERENCING OLD TABLE AS ended NEW TABLE AS written FOR EACH STATEMENT EXECUTE FUNCTION keep_grade_changes();
CREATE TRIGGER parcel_grade_changes_delete AFTER DELETE ON parcel_grade
  REFERENCING OLD TABLE AS ended FOR EACH STATEMENT EXECUTE FUNCTION keep_grade_changes();
CREATE TRIGGER parcel_grade_changes_truncate AFTER TRUNCATE ON parcel_grade
  FOR EACH STATEMENT EXECUTE FUNCTION keep_grade_changes();

-- the pairs of the models active now, counted
INSERT INTO grade_change_pair (previous_model, model)
SELECT p.id, c.id FROM grading_model c JOIN grading_model p ON p.year = c.year - 1 AND p.active
WHERE c.active;
SELECT count_grade_changes(s, k.previous_model, k.model)
FROM grade_change_pair k CROSS JOIN (VALUES ('enterprise'), ('parcel')) AS s(s);

-- The city's counts tell of every district's enterprises: read by those who read every district's
-- figures (V39), as the kept distributions (V46); written only by the functions above (the owner's).
ALTER TABLE grade_change ENABLE ROW LEVEL SECURITY;
CREATE POLICY grade_change_read ON grade_change FOR SELECT USING ((SELECT figures_everywhere()));
REVOKE ALL ON grade_change_pair, grade_change FROM PUBLIC, redline_service, redline_editor;
GRANT SELECT ON grade_change_pair, grade_change TO redline_service, redline_editor;
REVOKE EXECUTE ON FUNCTION count_grade_changes(text, bigint, bigint) FROM PUBLIC;

-- The one-page summary's 10 enterprises with the highest tax per mu in a district or cluster
-- (select_top_enterprises.sql) found every enterprise with land in the unit first and sorted them
-- (1.5–1.7 s at a million parcels on the loaded machine); walking the year's enterprises down by tax
-- per mu and stopping at the tenth with land in the unit reads a few hundred (130 ms cold for 禅城, 9
-- ms for cluster 1), as the weakest parcels already do on parcel_efficiency_tax_idx.
CREATE INDEX enterprise_efficiency_tax_idx ON enterprise_efficiency (year, tax_per_mu);

SELECT pin_search_paths();
