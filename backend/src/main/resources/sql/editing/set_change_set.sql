-- The change set this transaction writes for (deletes name it; the rules read it).
SELECT set_config('redline.change_set_id', CAST(:cs AS text), true)
