-- Bulk path: fresh statistics for the edits just added, so that applying them is planned for their number.
SELECT analyze_table('change_set_edit')
