-- Whether a change set wrote or ended any red line (in this transaction): if not, the red line's
-- patches after it are those before.
SELECT EXISTS (SELECT 1 FROM red_line WHERE change_set_id = :cs)
       OR EXISTS (SELECT 1 FROM feature_history WHERE ended_by_change_set_id = :cs AND layer = 'red_line')
