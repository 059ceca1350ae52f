-- The first committed change set's time: the history holds nothing before it.
SELECT min(committed_at) FROM change_set WHERE committed_at IS NOT NULL
