-- Whether a database session named :name (its application_name) is still there: a load's ogr2ogr
-- that was stopped, until its transaction has ended one way or the other.
SELECT EXISTS (SELECT 1 FROM pg_stat_activity WHERE application_name = :name)
