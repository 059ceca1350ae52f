-- A shape that lies in no district, written to a layer whose rows must have one (parcels, the red
-- line, reserve land, village parks: district_code NOT NULL), was refused by the NOT NULL constraint
-- after derive_places found no district for it: "缺少必填的值（a required value is missing）", naming
-- neither the feature nor why (seen importing 2,671 parcels moved 2 km east, one of them off the
-- city's edge). derive_places now refuses such a row itself, naming the layer as people do, the
-- feature's code and the reason. A layer whose district may be empty (planning zones) keeps it
-- empty, as before. Nothing else changes: the places derived are places_at's, as in V66; the check
-- runs only when the district was wanted and not found.
CREATE OR REPLACE FUNCTION derive_places() RETURNS trigger
LANGUAGE plpgsql SET search_path FROM CURRENT AS $$
DECLARE
  want_district boolean := NEW.district_code IS NULL;
  want_town boolean := false;
  want_cluster boolean := false;
  at record;
  label text;
BEGIN
  IF 'town' = ANY (TG_ARGV) THEN
    want_town := NEW.town_code IS NULL;
  END IF;
  IF 'cluster' = ANY (TG_ARGV) THEN
    want_cluster := NEW.cluster_id IS NULL;
  END IF;
  IF NOT (want_district OR want_town OR want_cluster) THEN
    RETURN NEW;
  END IF;
  SELECT * INTO at FROM places_at(NEW.geom, want_district, want_town, want_cluster);
  IF want_district THEN
    IF at.district_code IS NULL AND NEW.geom IS NOT NULL
       AND (SELECT a.attnotnull FROM pg_attribute a
            WHERE a.attrelid = TG_RELID AND a.attname = 'district_code') THEN
      SELECT v.label INTO label FROM versioned_layer v WHERE v.tbl = TG_TABLE_NAME;
      RAISE EXCEPTION '%「%」的形状不在佛山市任何一个区内，无法确定所在区（the shape of % % lies in no district of Foshan: its district cannot be derived）',
        coalesce(label, TG_TABLE_NAME), coalesce(to_jsonb(NEW) ->> 'code', '新要素'),
        TG_TABLE_NAME, coalesce(to_jsonb(NEW) ->> 'code', 'new feature')
        USING ERRCODE = 'check_violation';
    END IF;
    NEW.district_code := at.district_code;
  END IF;
  IF want_town THEN
    NEW.town_code := at.town_code;
  END IF;
  IF want_cluster THEN
    NEW.cluster_id := at.cluster_id;
  END IF;
  RETURN NEW;
END
$$;

SELECT pin_search_paths();
