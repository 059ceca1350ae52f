-- Imports (package io): an import job's state follows its change set's, in the same transaction,
-- whoever moves the change set (the import API, the change-set API, psql): the job is committed or
-- proposed with it, and discarded when its draft is deleted. So no crash between two writes can
-- leave a job STAGED whose change set was committed (its discard then refused for ever), and no
-- writer has to remember to keep the two in step.
CREATE FUNCTION import_job_follows_change_set() RETURNS trigger LANGUAGE plpgsql SET search_path FROM CURRENT AS $$
BEGIN
  IF TG_OP = 'DELETE' THEN
    UPDATE import_job SET status = 'DISCARDED', finished_at = now(), updated_at = now()
    WHERE change_set_id = OLD.id AND status = 'STAGED';
    RETURN OLD;
  END IF;
  UPDATE import_job SET status = NEW.status, finished_at = now(), updated_at = now()
  WHERE change_set_id = NEW.id AND status = 'STAGED';
  RETURN NULL;
END
$$;

-- (BEFORE: the job is found by its change set before the foreign key's ON DELETE SET NULL)
CREATE TRIGGER import_job_discarded_with_draft BEFORE DELETE ON change_set
  FOR EACH ROW EXECUTE FUNCTION import_job_follows_change_set();
CREATE TRIGGER import_job_finished_with_change_set AFTER UPDATE OF status ON change_set
  FOR EACH ROW WHEN (OLD.status = 'DRAFT' AND NEW.status IN ('COMMITTED', 'PROPOSED'))
  EXECUTE FUNCTION import_job_follows_change_set();
CREATE INDEX import_job_change_set_idx ON import_job (change_set_id);

-- Jobs a crash left behind before this: STAGED with their change set committed or proposed, or
-- with their draft gone.
UPDATE import_job j
SET status = c.status, finished_at = coalesce(c.committed_at, c.submitted_at, now()), updated_at = now()
FROM change_set c
WHERE j.change_set_id = c.id AND j.status = 'STAGED' AND c.status IN ('COMMITTED', 'PROPOSED');
UPDATE import_job SET status = 'DISCARDED', finished_at = now(), updated_at = now()
WHERE status = 'STAGED' AND change_set_id IS NULL;
