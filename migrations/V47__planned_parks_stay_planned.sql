-- A plan takes only parks that are planned (V26 checks it when a park is put in a plan). It must
-- also hold the other way round: a park in a plan cannot go back to NOT_PLANNED — a revert of the
-- change set that planned it is the one move that steps back — while a plan still holds it. Take
-- it out of the plan first, then revert its planning.
CREATE FUNCTION check_planned_park_in_plan() RETURNS trigger LANGUAGE plpgsql SET search_path FROM CURRENT AS $$
DECLARE
  plan record;
BEGIN
  SELECT p.year, p.batch, p.name INTO plan
  FROM renovation_plan_park pp JOIN renovation_plan p ON p.id = pp.plan_id
  WHERE pp.village_park_id = NEW.id
  ORDER BY p.year, p.batch
  LIMIT 1;
  IF FOUND THEN
    RAISE EXCEPTION '村级工业园 % 已列入 % 年第 % 批年度计划「%」，不能退回未计划：先把它从计划中移出（village park % is in the % plan "%", batch %: it cannot go back to NOT_PLANNED while a plan holds it; take it out of the plan first）',
      NEW.code, plan.year, plan.batch, plan.name, NEW.code, plan.year, plan.name, plan.batch
      USING ERRCODE = 'check_violation';
  END IF;
  RETURN NULL;
END
$$;
CREATE TRIGGER village_park_planned_in_plan AFTER UPDATE OF status ON village_park
  FOR EACH ROW WHEN (NEW.status = 'NOT_PLANNED' AND OLD.status IS DISTINCT FROM 'NOT_PLANNED')
  EXECUTE FUNCTION check_planned_park_in_plan();

-- pg_temp last in the new functions' search path (V31)
SELECT pin_search_paths();
