-- An import's status, locked (it is about to be discarded).
SELECT status FROM indicator_import WHERE id = :id FOR UPDATE
