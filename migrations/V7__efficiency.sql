-- Per-mu efficiency 亩均效益 (issue 4): the year's indicators materialised per parcel, enterprise and
-- unit (district, town, cluster, industry, city), the compliance check of supervision agreements
-- (履约核查), grading models with the grades they gave, and indicator imports with their history.
-- The tables of indicators, breaches and grades are derived: the service recomputes a year from
-- annual_indicator, parcel_enterprise, parcel and supervision_agreement (efficiency.Recompute). They
-- hold no foreign keys to the tables they are derived from (a million rows a year would pay a key
-- check each); the service recomputes a year whose rows name parcels or enterprises no longer there.

-- Indicators per enterprise and year. land_mu = Σ over its parcels of (parcel mu × floor-area share).
CREATE TABLE enterprise_efficiency (
  year            smallint NOT NULL,
  enterprise_id   bigint   NOT NULL,
  industry_code   text     NOT NULL,
  district_code   char(6)  NOT NULL,
  land_mu         double precision NOT NULL,
  parcels         integer  NOT NULL,
  tax             double precision NOT NULL,
  output          double precision NOT NULL,
  value_added     double precision NOT NULL,
  revenue         double precision NOT NULL,
  investment      double precision NOT NULL,
  energy          double precision NOT NULL,
  emissions       double precision NOT NULL,
  employees       double precision NOT NULL,
  rd              double precision NOT NULL,
  tax_per_mu              double precision GENERATED ALWAYS AS (tax / nullif(land_mu, 0)) STORED,
  output_per_mu           double precision GENERATED ALWAYS AS (output / nullif(land_mu, 0)) STORED,
  value_added_per_mu      double precision GENERATED ALWAYS AS (value_added / nullif(land_mu, 0)) STORED,
  investment_per_mu       double precision GENERATED ALWAYS AS (investment / nullif(land_mu, 0)) STORED,
  value_added_per_energy  double precision GENERATED ALWAYS AS (value_added / nullif(energy, 0)) STORED,
  labour_productivity     double precision GENERATED ALWAYS AS (value_added / nullif(employees, 0)) STORED,
  rd_share                double precision GENERATED ALWAYS AS (rd / nullif(revenue, 0)) STORED,
  PRIMARY KEY (year, enterprise_id)
);
CREATE INDEX enterprise_efficiency_district_idx ON enterprise_efficiency (year, district_code);
CREATE INDEX enterprise_efficiency_industry_idx ON enterprise_efficiency (year, industry_code);
COMMENT ON TABLE enterprise_efficiency IS
  'an enterprise''s figures of the year (万元, tce, t, persons) and its land in mu (Σ parcel mu × floor-area share)';

-- Indicators per parcel and year: each reporting enterprise's figures allocated to its parcels in
-- proportion to mu × floor-area share, so that the parcels of an enterprise add up to it exactly and
-- each enterprise is counted once. area_mu is the parcel's whole ellipsoidal area (vacant floor area
-- counts against the parcel). A parcel has a row when at least one of its enterprises reported.
CREATE TABLE parcel_efficiency (
  year            smallint NOT NULL,
  parcel_id       bigint   NOT NULL,
  district_code   char(6)  NOT NULL,
  town_code       char(9),
  cluster_id      bigint,
  industry_code   text,
  area_mu         double precision NOT NULL,
  enterprises     integer  NOT NULL,
  tax             double precision NOT NULL,
  output          double precision NOT NULL,
  value_added     double precision NOT NULL,
  revenue         double precision NOT NULL,
  investment      double precision NOT NULL,
  energy          double precision NOT NULL,
  emissions       double precision NOT NULL,
  employees       double precision NOT NULL,
  rd              double precision NOT NULL,
  tax_per_mu              double precision GENERATED ALWAYS AS (tax / nullif(area_mu, 0)) STORED,
  output_per_mu           double precision GENERATED ALWAYS AS (output / nullif(area_mu, 0)) STORED,
  value_added_per_mu      double precision GENERATED ALWAYS AS (value_added / nullif(area_mu, 0)) STORED,
  investment_per_mu       double precision GENERATED ALWAYS AS (investment / nullif(area_mu, 0)) STORED,
  value_added_per_energy  double precision GENERATED ALWAYS AS (value_added / nullif(energy, 0)) STORED,
  labour_productivity     double precision GENERATED ALWAYS AS (value_added / nullif(employees, 0)) STORED,
  rd_share                double precision GENERATED ALWAYS AS (rd / nullif(revenue, 0)) STORED,
  PRIMARY KEY (year, parcel_id)
);
CREATE INDEX parcel_efficiency_district_idx ON parcel_efficiency (year, district_code);
CREATE INDEX parcel_efficiency_cluster_idx ON parcel_efficiency (year, cluster_id);
CREATE INDEX parcel_efficiency_town_idx ON parcel_efficiency (year, town_code);
CREATE INDEX parcel_efficiency_tax_idx ON parcel_efficiency (year, tax_per_mu);
CREATE INDEX parcel_efficiency_output_idx ON parcel_efficiency (year, output_per_mu);

-- Aggregates per unit and year, as ratios of sums. level city (code 'city'), district, town,
-- cluster (code = cluster id) from the parcels (area = parcels' mu); industry from the enterprises
-- (area = their land in mu). enterprises = enterprises with land in the unit (of the industry).
-- The grade counts are those of the year's active model (enterprises of the unit by grade).
CREATE TABLE unit_efficiency (
  year            smallint NOT NULL,
  level           text     NOT NULL CHECK (level IN ('city', 'district', 'town', 'cluster', 'industry')),
  code            text     NOT NULL,
  name            text     NOT NULL,
  district_code   char(6),
  area_mu         double precision NOT NULL,
  enterprises     integer  NOT NULL,
  parcels         integer  NOT NULL,
  tax             double precision NOT NULL,
  output          double precision NOT NULL,
  value_added     double precision NOT NULL,
  revenue         double precision NOT NULL,
  investment      double precision NOT NULL,
  energy          double precision NOT NULL,
  emissions       double precision NOT NULL,
  employees       double precision NOT NULL,
  rd              double precision NOT NULL,
  grades_a        integer  NOT NULL DEFAULT 0,
  grades_b        integer  NOT NULL DEFAULT 0,
  grades_c        integer  NOT NULL DEFAULT 0,
  grades_d        integer  NOT NULL DEFAULT 0,
  ungraded        integer  NOT NULL DEFAULT 0,
  tax_per_mu              double precision GENERATED ALWAYS AS (tax / nullif(area_mu, 0)) STORED,
  output_per_mu           double precision GENERATED ALWAYS AS (output / nullif(area_mu, 0)) STORED,
  value_added_per_mu      double precision GENERATED ALWAYS AS (value_added / nullif(area_mu, 0)) STORED,
  investment_per_mu       double precision GENERATED ALWAYS AS (investment / nullif(area_mu, 0)) STORED,
  value_added_per_energy  double precision GENERATED ALWAYS AS (value_added / nullif(energy, 0)) STORED,
  labour_productivity     double precision GENERATED ALWAYS AS (value_added / nullif(employees, 0)) STORED,
  rd_share                double precision GENERATED ALWAYS AS (rd / nullif(revenue, 0)) STORED,
  PRIMARY KEY (year, level, code)
);

-- Compliance check 履约核查 of supervision agreements, per parcel and year: one row per agreement
-- with anything to report (a breach or missing data). checked_on is the end of the year, or today
-- for the current year. Days late: for a milestone done after its due date, done − due; not done
-- and due before checked_on, checked_on − due; done on the due date is not late.
CREATE TABLE parcel_breach (
  year                   smallint NOT NULL,
  parcel_id              bigint   NOT NULL,
  agreement_id           bigint   NOT NULL,
  district_code          char(6)  NOT NULL,
  cluster_id             bigint,
  checked_on             date     NOT NULL,
  kinds                  text[]   NOT NULL,
  days_late_start        integer,
  days_late_completion   integer,
  days_late_production   integer,
  shortfalls             jsonb    NOT NULL DEFAULT '[]',
  PRIMARY KEY (year, parcel_id)
);
CREATE INDEX parcel_breach_district_idx ON parcel_breach (year, district_code);
CREATE INDEX parcel_breach_cluster_idx ON parcel_breach (year, cluster_id);
CREATE INDEX parcel_breach_kinds_idx ON parcel_breach USING gin (kinds);

-- Grading models 亩均评价模型: per year, versioned; the active one (the latest unless chosen) gives
-- the year's grades. A model is never changed once made: a change is a new version.
CREATE TABLE grading_model (
  id            bigint      GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
  year          smallint    NOT NULL CHECK (year BETWEEN 2000 AND 2100),
  version       integer     NOT NULL CHECK (version > 0),
  name          text        NOT NULL,
  method        text        NOT NULL CHECK (method IN ('RATIO', 'MINMAX', 'PERCENTILE')),
  indicators    jsonb       NOT NULL,
  class_rule    jsonb       NOT NULL,
  exclusions    jsonb       NOT NULL,
  active        boolean     NOT NULL DEFAULT true,
  created_by    text        NOT NULL,
  created_at    timestamptz NOT NULL DEFAULT now(),
  graded_at     timestamptz,
  UNIQUE (year, version)
);
CREATE UNIQUE INDEX grading_model_one_active ON grading_model (year) WHERE active;
COMMENT ON COLUMN grading_model.indicators IS
  '[{"indicator": "taxPerMu", "weight": 30, "benchmark": 25, "benchmarks": {"38": 30}}, …]';
COMMENT ON COLUMN grading_model.class_rule IS
  '{"kind": "RANK_SHARE", "A": 0.2, "D": 0.05, "C": 0.25} or {"kind": "THRESHOLD", "A": 120, "B": 90, "C": 60}';
COMMENT ON COLUMN grading_model.exclusions IS '{"industrySections": ["D"], "minAgeYears": 2}';

CREATE FUNCTION grading_model_immutable() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NEW.year <> OLD.year OR NEW.version <> OLD.version OR NEW.method <> OLD.method
     OR NEW.indicators <> OLD.indicators OR NEW.class_rule <> OLD.class_rule OR NEW.exclusions <> OLD.exclusions THEN
    RAISE EXCEPTION 'grading model % (year %, version %) cannot be changed: make a new version', OLD.id, OLD.year, OLD.version
      USING ERRCODE = 'check_violation';
  END IF;
  RETURN NEW;
END
$$;
CREATE TRIGGER grading_model_immutable BEFORE UPDATE ON grading_model
  FOR EACH ROW EXECUTE FUNCTION grading_model_immutable();

-- Grades given by a model: per enterprise and per parcel (scored on the parcel's own indicators,
-- benchmarks of its main industry). grade NULL with a reason: not graded (excluded or no data).
CREATE TABLE enterprise_grade (
  model_id       bigint NOT NULL,
  enterprise_id  bigint NOT NULL,
  score          double precision,
  grade          char(1) CHECK (grade IN ('A', 'B', 'C', 'D')),
  rank           integer,
  not_graded     text,
  PRIMARY KEY (model_id, enterprise_id)
);
CREATE TABLE parcel_grade (
  model_id   bigint NOT NULL,
  parcel_id  bigint NOT NULL,
  score      double precision,
  grade      char(1) CHECK (grade IN ('A', 'B', 'C', 'D')),
  rank       integer,
  not_graded text,
  PRIMARY KEY (model_id, parcel_id)
);

-- Imports of a year's indicators: the file's rows, validated, kept until committed or discarded.
CREATE TABLE indicator_import (
  id            bigint      GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
  year          smallint    NOT NULL CHECK (year BETWEEN 2000 AND 2100),
  file_name     text        NOT NULL,
  status        text        NOT NULL DEFAULT 'VALIDATED' CHECK (status IN ('VALIDATED', 'COMMITTED', 'DISCARDED')),
  rows          integer     NOT NULL,
  errors        jsonb       NOT NULL DEFAULT '[]',
  summary       jsonb       NOT NULL DEFAULT '{}',
  created_by    text        NOT NULL,
  created_at    timestamptz NOT NULL DEFAULT now(),
  committed_by  text,
  committed_at  timestamptz
);
CREATE TABLE indicator_import_row (
  import_id                       bigint   NOT NULL REFERENCES indicator_import ON DELETE CASCADE,
  row_no                          integer  NOT NULL,
  enterprise_id                   bigint   NOT NULL REFERENCES enterprise,
  tax_10k_cny                     numeric(14, 2) NOT NULL,
  output_10k_cny                  numeric(14, 2) NOT NULL,
  value_added_10k_cny             numeric(14, 2) NOT NULL,
  revenue_10k_cny                 numeric(14, 2) NOT NULL,
  fixed_asset_investment_10k_cny  numeric(14, 2) NOT NULL,
  energy_tce                      numeric(14, 2) NOT NULL,
  emissions_t                     numeric(14, 3) NOT NULL,
  employees                       integer        NOT NULL,
  rd_expense_10k_cny              numeric(14, 2) NOT NULL,
  PRIMARY KEY (import_id, row_no)
);

-- The rows an import replaced: who replaced them, when, by which import.
CREATE TABLE annual_indicator_history (
  LIKE annual_indicator,
  replaced_by_import  bigint      NOT NULL REFERENCES indicator_import,
  replaced_by         text        NOT NULL,
  replaced_at         timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX annual_indicator_history_year_idx ON annual_indicator_history (year, enterprise_id);
