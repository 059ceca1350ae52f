-- Find things by code or name (GET /api/search). Parameters: :q the text as typed, :cq the same in
-- upper case (codes are upper case), :cq_end that followed by U+10FFFF (a prefix is the index
-- range [cq, cq_end) of a code's unique btree, checked again with starts_with), :lq the text
-- in lower case for names, :logged_in whether change sets may be found, :lim the number answered.
-- Rank 0 is an exact code, 1 a code's prefix, 2 a name's prefix, 3 contained in a name or a small
-- layer's code. A change set's bbox is what it wrote that is still current and the shapes it ended
-- (feature_history), each through its change-set index. Each branch is bounded by its own LIMIT;
-- parcels are found by code only (exact or prefix, through parcel_code_key), so the largest table
-- is never scanned. No LIKE: starts_with
-- and strpos take the text literally, so % and _ are no wildcards.
WITH hits AS (
  (SELECT 'parcel' AS layer, p.id, p.code, NULL::text AS name, 0 AS rank, p.geom::box2d AS box
   FROM parcel p
   WHERE p.code = :q AND :q <> :cq)
  UNION ALL
  -- in the index's order, so the scan stops after :lim (an exact code sorts before its prefixes)
  (SELECT 'parcel', p.id, p.code, NULL::text, CASE WHEN p.code = :cq THEN 0 ELSE 1 END,
          p.geom::box2d
   FROM parcel p
   WHERE p.code >= :cq AND p.code < :cq_end AND starts_with(p.code, :cq)
   ORDER BY p.code LIMIT :lim)
  UNION ALL
  (SELECT 'red_line', r.id, r.code, NULL::text,
          CASE WHEN r.code IN (:q, :cq) THEN 0 WHEN starts_with(r.code, :cq) THEN 1 ELSE 3 END,
          r.geom::box2d
   FROM red_line r
   WHERE strpos(upper(r.code), :cq) > 0
   ORDER BY 5, r.code LIMIT :lim)
  UNION ALL
  (SELECT 'reserve_land', l.id, l.code, NULL::text,
          CASE WHEN l.code IN (:q, :cq) THEN 0 WHEN starts_with(l.code, :cq) THEN 1 ELSE 3 END,
          l.geom::box2d
   FROM reserve_land l
   WHERE strpos(upper(l.code), :cq) > 0
   ORDER BY 5, l.code LIMIT :lim)
  UNION ALL
  (SELECT 'village_park', v.id, v.code, v.name,
          CASE WHEN v.code IN (:q, :cq) THEN 0 WHEN starts_with(v.code, :cq) THEN 1
               WHEN starts_with(lower(v.name), :lq) THEN 2 ELSE 3 END,
          v.geom::box2d
   FROM village_park v
   WHERE strpos(upper(v.code), :cq) > 0 OR strpos(lower(v.name), :lq) > 0
   ORDER BY 5, v.code LIMIT :lim)
  UNION ALL
  (SELECT 'cluster', c.id, c.code, c.name,
          CASE WHEN c.code IN (:q, :cq) OR c.name = :q THEN 0 WHEN starts_with(c.code, :cq) THEN 1
               WHEN starts_with(lower(c.name), :lq) THEN 2 ELSE 3 END,
          c.geom::box2d
   FROM industrial_cluster c
   WHERE strpos(upper(c.code), :cq) > 0 OR strpos(lower(c.name), :lq) > 0
   ORDER BY 5, c.code LIMIT :lim)
  UNION ALL
  (SELECT 'enterprise', e.id, e.credit_code::text, e.name,
          CASE WHEN e.credit_code::text IN (:q, :cq) OR e.name = :q THEN 0
               WHEN starts_with(e.credit_code::text, :cq) THEN 1
               WHEN starts_with(lower(e.name), :lq) THEN 2 ELSE 3 END,
          (SELECT ST_Extent(p.geom) FROM parcel_enterprise pe JOIN parcel p ON p.id = pe.parcel_id
           WHERE pe.enterprise_id = e.id)::box2d
   FROM enterprise e
   WHERE (e.credit_code >= :cq AND e.credit_code < :cq_end AND starts_with(e.credit_code::text, :cq))
      OR strpos(lower(e.name), :lq) > 0
   ORDER BY 5, e.credit_code LIMIT :lim)
  UNION ALL
  (SELECT 'change_set', s.id, s.document_number, s.reason,
          CASE WHEN s.document_number = :q THEN 0
               WHEN starts_with(lower(s.document_number), :lq) THEN 2 ELSE 3 END,
          (SELECT ST_Extent(t.geom) FROM (
             SELECT geom FROM parcel WHERE change_set_id = s.id
             UNION ALL SELECT geom FROM red_line WHERE change_set_id = s.id
             UNION ALL SELECT geom FROM reserve_land WHERE change_set_id = s.id
             UNION ALL SELECT geom FROM village_park WHERE change_set_id = s.id
             UNION ALL SELECT geom FROM industrial_cluster WHERE change_set_id = s.id
             UNION ALL SELECT geom FROM planning_zone WHERE change_set_id = s.id
             UNION ALL SELECT geom FROM feature_history WHERE ended_by_change_set_id = s.id) t)::box2d
   FROM change_set s
   WHERE :logged_in AND s.status = 'COMMITTED' AND s.document_number IS NOT NULL
     AND strpos(lower(s.document_number), :lq) > 0
   ORDER BY 5, s.id DESC LIMIT :lim)
)
SELECT layer, id, code, name, rank,
       ST_XMin(box) AS west, ST_YMin(box) AS south, ST_XMax(box) AS east, ST_YMax(box) AS north
FROM hits
ORDER BY rank, layer = 'enterprise', length(code), code, id
LIMIT :lim
