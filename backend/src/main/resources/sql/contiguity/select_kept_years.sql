-- The kept year ends of a layer by a kind of unit for a gap and big-block size (V60), with their
-- units' figures ('' outside every cluster; no unit row: no land then), and whether each is settled.
SELECT y.year_end, contiguity_year_settled(y.year_end, y.computed_at) AS settled,
       nullif(u.unit, '') AS unit, u.patches, u.pieces, u.total_m2, u.largest_m2,
       u.big_area_m2 AS big_m2
FROM contiguity_year y
LEFT JOIN contiguity_year_unit u USING (layer, kind, year_end, gap_m, big_m2)
WHERE y.layer = :layer AND y.kind = :kind AND y.gap_m = :gap_m AND y.big_m2 = :big_m2
ORDER BY y.year_end, u.unit
