-- Releases the current assignment of a piece to a project (V50 refuses it once the piece is supplied).
UPDATE major_project_piece SET released_on = current_date, released_by = ''
WHERE project_id = :project AND reserve_land_id = :piece AND released_on IS NULL
RETURNING id
