-- The figure scope of V39 over what V32 and V33 added beside it: the grades in objections and
-- their decisions, the C/D cases and their follow-ups (an enterprise's grade and what is done about
-- it), a parcel's development progress and investment, its idle-land case and history, its
-- liquidated damages and their payments (amounts from the grant price). They were readable by every
-- login (USING (true)); now by the same rule as the figures they come from: every district's for a
-- role reading ALL, its own district's for OWN_DISTRICT (the enterprise's registered district, the
-- parcel's district), nothing for NONE. Writes keep V32's and V33's policies.
DROP POLICY grade_objection_read ON grade_objection;
CREATE POLICY grade_objection_read ON grade_objection FOR SELECT
  USING ((SELECT figures_everywhere())
         OR EXISTS (SELECT 1 FROM enterprise e
                    WHERE e.id = enterprise_id AND e.district_code = (SELECT figures_district())));

DROP POLICY grade_case_read ON grade_case;
CREATE POLICY grade_case_read ON grade_case FOR SELECT
  USING ((SELECT figures_everywhere())
         OR EXISTS (SELECT 1 FROM enterprise e
                    WHERE e.id = enterprise_id AND e.district_code = (SELECT figures_district())));

-- a decision or a follow-up as its objection or case (whose own policy applies in the subquery)
DROP POLICY grade_objection_decision_read ON grade_objection_decision;
CREATE POLICY grade_objection_decision_read ON grade_objection_decision FOR SELECT
  USING ((SELECT figures_everywhere())
         OR EXISTS (SELECT 1 FROM grade_objection o WHERE o.id = objection_id));

DROP POLICY grade_case_follow_up_read ON grade_case_follow_up;
CREATE POLICY grade_case_follow_up_read ON grade_case_follow_up FOR SELECT
  USING ((SELECT figures_everywhere())
         OR EXISTS (SELECT 1 FROM grade_case k WHERE k.id = case_id));

DROP POLICY parcel_progress_read ON parcel_progress;
CREATE POLICY parcel_progress_read ON parcel_progress FOR SELECT
  USING ((SELECT figures_everywhere())
         OR EXISTS (SELECT 1 FROM parcel p
                    WHERE p.id = parcel_id AND p.district_code = (SELECT figures_district())));

DROP POLICY idle_land_case_read ON idle_land_case;
CREATE POLICY idle_land_case_read ON idle_land_case FOR SELECT
  USING ((SELECT figures_everywhere()) OR district_code = (SELECT figures_district()));

DROP POLICY breach_damages_read ON breach_damages;
CREATE POLICY breach_damages_read ON breach_damages FOR SELECT
  USING ((SELECT figures_everywhere()) OR district_code = (SELECT figures_district()));

DROP POLICY idle_land_case_history_read ON idle_land_case_history;
CREATE POLICY idle_land_case_history_read ON idle_land_case_history FOR SELECT
  USING ((SELECT figures_everywhere())
         OR EXISTS (SELECT 1 FROM idle_land_case k WHERE k.id = case_id));

DROP POLICY breach_damages_payment_read ON breach_damages_payment;
CREATE POLICY breach_damages_payment_read ON breach_damages_payment FOR SELECT
  USING ((SELECT figures_everywhere())
         OR EXISTS (SELECT 1 FROM breach_damages d WHERE d.id = damages_id));
