-- The year's figures copied to the history before an import replaces them: which import, who, when.
INSERT INTO annual_indicator_history
SELECT a.*, :id, :by, now() FROM annual_indicator a WHERE a.year = :y
