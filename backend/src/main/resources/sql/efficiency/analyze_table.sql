-- Fresh statistics of a table of the year's indicators (one of the tables analyze_table allows).
SELECT analyze_table(:table)
