-- A project's status (the actor's rights and V50's rules apply).
UPDATE major_project SET status = :status WHERE id = :project RETURNING id
