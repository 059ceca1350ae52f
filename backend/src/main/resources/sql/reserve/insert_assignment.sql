-- Assigns a reserve piece to a project (V50 checks the piece, the project and that the piece serves
-- no other project; it stamps the date and who).
INSERT INTO major_project_piece (project_id, reserve_land_id, assigned_on, assigned_by)
VALUES (:project, :piece, current_date, '')
RETURNING id
