-- A cluster named by its code (FB01) or its id: its id (the code of its unit figures).
SELECT id::text FROM industrial_cluster WHERE code = upper(:code) OR id::text = :code
