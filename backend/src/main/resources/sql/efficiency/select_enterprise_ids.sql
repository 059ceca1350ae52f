-- The enterprises of a chunk of an import's rows, by credit code.
SELECT credit_code, id FROM enterprise WHERE credit_code IN (:codes)
