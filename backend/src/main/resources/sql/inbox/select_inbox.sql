-- The actor's messages, newest first, one page (row-level security, V48, shows an account only its
-- own; the recipient is named as well so that the index serves the page). Each with its change set
-- (reason, 文号, district) and the extent of what the change set touches (its edits' shapes and the
-- features they change, as they are now), [west, south, east, north] in EPSG:4490, or nulls.
SELECT n.id, n.kind, n.change_set_id, n.reviewed_by, n.comment, n.created_at, n.read_at,
       c.reason, c.document_number, c.district_code, d.name AS district_name,
       (SELECT count(*) FROM change_set_edit e WHERE e.change_set_id = c.id) AS edits,
       ST_XMin(b.box) AS west, ST_YMin(b.box) AS south, ST_XMax(b.box) AS east, ST_YMax(b.box) AS north
FROM notification n
JOIN change_set c ON c.id = n.change_set_id
LEFT JOIN district d ON d.code = c.district_code
LEFT JOIN LATERAL (
  SELECT ST_Extent(coalesce(e.geom, feature_geom(e.layer, e.feature_id)))::geometry AS box
  FROM change_set_edit e
  WHERE e.change_set_id = c.id
) b ON true
WHERE n.recipient = :me
ORDER BY n.id DESC
LIMIT :limit OFFSET :offset
