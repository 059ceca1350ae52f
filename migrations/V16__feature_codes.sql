-- Feature codes are names that people and programs read and that every page shows: letters, digits
-- and CJK ideographs, with '-', '_' and '.' after the first character, at most 64 characters
-- (宗地代码 440604001000GB00000, RL440604-0001, the codes given to features created without one,
-- RL-N000123, the Chinese codes of survey files, 三水修复-1). Nothing else (spaces, quotes, angle
-- brackets, markup…) belongs in a code. A CHECK on each table holds every writer to it: the API
-- (which refuses such a code first with a 422 problem, editing/FeatureCodes.java, the same pattern),
-- imports, the demo city, psql.
--
-- The pattern is written with escapes (\uXXXX, read by PostgreSQL's regular expressions, not by
-- the string literal) so that it reads the same as in Java: U+3400–U+4DBF (CJK extension A) and
-- U+4E00–U+9FFF (CJK unified ideographs).

-- A database holding codes outside the pattern is told which, before anything changes.
DO $$
DECLARE
  pattern CONSTANT text :=
    '^[A-Za-z0-9\u3400-\u4DBF\u4E00-\u9FFF][-A-Za-z0-9\u3400-\u4DBF\u4E00-\u9FFF_.]{0,63}$';
  bad text;
BEGIN
  SELECT string_agg(format('%s %L', t, code), ', ') INTO bad
  FROM (SELECT 'industrial_cluster' AS t, code FROM industrial_cluster
        UNION ALL SELECT 'red_line', code FROM red_line
        UNION ALL SELECT 'reserve_land', code FROM reserve_land
        UNION ALL SELECT 'village_park', code FROM village_park
        UNION ALL SELECT 'parcel', code FROM parcel
        UNION ALL SELECT 'factory_building', code FROM factory_building) c
  WHERE code !~ pattern;
  IF bad IS NOT NULL THEN
    RAISE EXCEPTION '编码不合规，请先更正（codes to correct before this migration）: %', left(bad, 2000)
      USING HINT = 'Codes are letters, digits and CJK characters, with - _ . after the first, at most 64.';
  END IF;
END
$$;

ALTER TABLE industrial_cluster ADD CONSTRAINT industrial_cluster_code_pattern
  CHECK (code ~ '^[A-Za-z0-9\u3400-\u4DBF\u4E00-\u9FFF][-A-Za-z0-9\u3400-\u4DBF\u4E00-\u9FFF_.]{0,63}$');
ALTER TABLE red_line ADD CONSTRAINT red_line_code_pattern
  CHECK (code ~ '^[A-Za-z0-9\u3400-\u4DBF\u4E00-\u9FFF][-A-Za-z0-9\u3400-\u4DBF\u4E00-\u9FFF_.]{0,63}$');
ALTER TABLE reserve_land ADD CONSTRAINT reserve_land_code_pattern
  CHECK (code ~ '^[A-Za-z0-9\u3400-\u4DBF\u4E00-\u9FFF][-A-Za-z0-9\u3400-\u4DBF\u4E00-\u9FFF_.]{0,63}$');
ALTER TABLE village_park ADD CONSTRAINT village_park_code_pattern
  CHECK (code ~ '^[A-Za-z0-9\u3400-\u4DBF\u4E00-\u9FFF][-A-Za-z0-9\u3400-\u4DBF\u4E00-\u9FFF_.]{0,63}$');
ALTER TABLE parcel ADD CONSTRAINT parcel_code_pattern
  CHECK (code ~ '^[A-Za-z0-9\u3400-\u4DBF\u4E00-\u9FFF][-A-Za-z0-9\u3400-\u4DBF\u4E00-\u9FFF_.]{0,63}$');
ALTER TABLE factory_building ADD CONSTRAINT factory_building_code_pattern
  CHECK (code ~ '^[A-Za-z0-9\u3400-\u4DBF\u4E00-\u9FFF][-A-Za-z0-9\u3400-\u4DBF\u4E00-\u9FFF_.]{0,63}$');
