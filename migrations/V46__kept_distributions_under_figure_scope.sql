-- The distributions the recompute keeps (V37) are figures too: a histogram of the city's or a
-- cluster's tax per mu tells an officer who reads only their own district (V39) about the others.
-- Until now only the endpoint's scope check kept them apart; the table itself was readable whole
-- by the service's login. Now the database holds it, as for the figures they are made of: a role
-- reading every district's figures reads every kept distribution, one reading its own district's
-- reads that district's only, one reading none reads none. The table is still written only by
-- keep_efficiency_distribution() (SECURITY DEFINER, the owner's rights) and emptied by V37's
-- triggers; the owner is not subject to the policy.
ALTER TABLE efficiency_distribution ENABLE ROW LEVEL SECURITY;
CREATE POLICY efficiency_distribution_read ON efficiency_distribution FOR SELECT
  USING ((SELECT figures_everywhere())
         OR (scope = 'district' AND code = (SELECT figures_district())::text));

-- A person's psql login reads the distributions of their scope, as they read the figures (V39).
GRANT SELECT ON efficiency_distribution_kept, efficiency_distribution TO redline_editor;
