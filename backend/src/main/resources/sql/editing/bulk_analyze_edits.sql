-- Bulk path: fresh statistics for the edits just added, so that applying them is planned for their number.
ANALYZE change_set_edit
