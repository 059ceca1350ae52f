-- Bulk path: empties a draft (before it is filled again).
DELETE FROM change_set_edit WHERE change_set_id = :cs
