-- The year's figures, about to be replaced by an import's.
DELETE FROM annual_indicator WHERE year = :y
