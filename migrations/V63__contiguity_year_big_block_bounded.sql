-- keep_contiguity_year (V60) bounds the gap (0 to 1,000 m) but took any big-block size above 0,
-- infinity included: a key no figure can use, and a row of contiguity_year per such call. The size
-- is bounded as the gap is: above 0 and at most 4,000,000,000 m² (4,000 km² = 6,000,000 mu, more
-- than all of Foshan's 3,798 km²: no patch of the city can be larger). The service's setting
-- redline.contiguity.big-block-mu is checked against the same bound (ContiguityProperties). Restated
-- as V60's with that check alone changed.
CREATE OR REPLACE FUNCTION keep_contiguity_year(layer_name text, unit_kind text, at_end timestamptz,
                                                gap double precision, big_from_m2 double precision)
RETURNS void
LANGUAGE plpgsql SECURITY DEFINER SET search_path FROM CURRENT AS $$
BEGIN
  IF at_end <> date_trunc('year', at_end AT TIME ZONE 'Asia/Shanghai') AT TIME ZONE 'Asia/Shanghai'
     OR at_end >= now() THEN
    RAISE EXCEPTION 'keep_contiguity_year: % is not a past year end in Foshan', at_end
      USING ERRCODE = 'invalid_parameter_value';
  END IF;
  IF NOT (gap >= 0 AND gap <= 1000) OR NOT (big_from_m2 > 0 AND big_from_m2 <= 4e9) THEN
    RAISE EXCEPTION 'keep_contiguity_year: gap % m (0 to 1000), big block % m² (above 0, at most 4e9)',
      gap, big_from_m2
      USING ERRCODE = 'invalid_parameter_value';
  END IF;
  PERFORM pg_advisory_xact_lock(hashtext('contiguity_year'),
                                hashtext(concat_ws('/', layer_name, unit_kind, extract(epoch FROM at_end), gap, big_from_m2)));
  IF EXISTS (SELECT 1 FROM contiguity_year y
             WHERE (y.layer, y.kind, y.year_end, y.gap_m, y.big_m2)
                   = (layer_name, unit_kind, at_end, gap, big_from_m2)
               AND contiguity_year_settled(y.year_end, y.computed_at)) THEN
    RETURN;
  END IF;
  DELETE FROM contiguity_year y
  WHERE (y.layer, y.kind, y.year_end, y.gap_m, y.big_m2)
        = (layer_name, unit_kind, at_end, gap, big_from_m2);
  INSERT INTO contiguity_year (layer, kind, year_end, gap_m, big_m2, computed_at)
  VALUES (layer_name, unit_kind, at_end, gap, big_from_m2, now());
  INSERT INTO contiguity_year_unit (layer, kind, year_end, gap_m, big_m2, unit, patches, pieces,
                                    total_m2, largest_m2, big_area_m2)
  SELECT layer_name, unit_kind, at_end, gap, big_from_m2, coalesce(p.unit, ''),
         p.patches, p.pieces, p.total_m2, p.largest_m2, p.big_m2
  FROM contiguity_patches(layer_name, unit_kind, at_end, gap, big_from_m2) p;
END
$$;

-- a migration that replaces functions pins their search paths, pg_temp last (V31)
SELECT pin_search_paths();
