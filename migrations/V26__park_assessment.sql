-- The park assessment as the seed lists it (issue 15): 工业集中度 in two readings that never exceed
-- 100 %, and the park's sales revenue and export earnings (出口创汇).

-- Export earnings 出口创汇 per enterprise and year, 万元: reported with the other figures; NULL when
-- not reported (older files have no such column).
ALTER TABLE annual_indicator
  ADD COLUMN export_10k_cny numeric(14, 2) CHECK (export_10k_cny >= 0);
COMMENT ON COLUMN annual_indicator.export_10k_cny IS
  '出口创汇 export earnings of the year, 万元; NULL: not reported';
ALTER TABLE annual_indicator_history ADD COLUMN export_10k_cny numeric(14, 2);
ALTER TABLE indicator_import_row ADD COLUMN export_10k_cny numeric(14, 2);

ALTER TABLE enterprise_efficiency ADD COLUMN exports double precision;
ALTER TABLE parcel_efficiency ADD COLUMN exports double precision;
ALTER TABLE unit_efficiency ADD COLUMN exports double precision;

-- The figures and the land of each part of a cluster in each district, and of the land outside the
-- clusters (cluster_id NULL), per year: what the park assessment divides. A parcel lies in one
-- district (the rule check_in_district holds it there), so its figures and its land go to that
-- district whole; a cluster across two districts is split by the land of its parcels in each. Land
-- is ellipsoidal (m²): parcels (宗地, granted state land: parcel_m2, of which in the red line
-- red_line_m2) and village parks (村级工业园, the old collective industrial land: village_park_m2,
-- split by their shape's overlap with each cluster; of which in the red line village_park_red_line_m2).
-- The figures (万元, persons) are those of the reporting parcels, as in parcel_efficiency.
CREATE TABLE cluster_district_efficiency (
  year                      smallint NOT NULL,
  district_code             char(6)  NOT NULL,
  cluster_id                bigint,
  parcels                   integer  NOT NULL DEFAULT 0,
  area_mu                   double precision NOT NULL DEFAULT 0,
  output                    double precision NOT NULL DEFAULT 0,
  revenue                   double precision NOT NULL DEFAULT 0,
  tax                       double precision NOT NULL DEFAULT 0,
  exports                   double precision,
  investment                double precision NOT NULL DEFAULT 0,
  employees                 double precision NOT NULL DEFAULT 0,
  parcel_m2                 double precision NOT NULL DEFAULT 0,
  red_line_m2               double precision NOT NULL DEFAULT 0,
  village_park_m2           double precision NOT NULL DEFAULT 0,
  village_park_red_line_m2  double precision NOT NULL DEFAULT 0,
  UNIQUE NULLS NOT DISTINCT (year, district_code, cluster_id)
);
COMMENT ON TABLE cluster_district_efficiency IS
  'per year, district and cluster (NULL: outside the clusters): the reporting parcels'' figures and the industrial land (ellipsoidal m²) of parcels and village parks, in the red line or not';

GRANT INSERT, UPDATE, DELETE ON cluster_district_efficiency TO redline_service;
ALTER TABLE cluster_district_efficiency ENABLE ROW LEVEL SECURITY;
CREATE POLICY cluster_district_efficiency_read ON cluster_district_efficiency FOR SELECT USING (true);
CREATE POLICY cluster_district_efficiency_write ON cluster_district_efficiency FOR ALL
  USING ((SELECT actor_role()) IN ('BUREAU', 'ADMIN'))
  WITH CHECK ((SELECT actor_role()) IN ('BUREAU', 'ADMIN'));

CREATE OR REPLACE FUNCTION analyze_table(t text) RETURNS void LANGUAGE plpgsql SECURITY DEFINER
SET search_path FROM CURRENT AS $$
BEGIN
  IF t NOT IN ('change_set_edit', 'parcel_efficiency', 'enterprise_efficiency', 'unit_efficiency',
               'annual_indicator', 'parcel_breach', 'feature_history', 'cluster_district_efficiency') THEN
    RAISE EXCEPTION 'analyze_table: % is not on the list', t USING ERRCODE = 'insufficient_privilege';
  END IF;
  EXECUTE format('ANALYZE %I', t);
END
$$;
