-- The gap (m) the kept patches are made with (V51); the service reads them only when it is its own.
SELECT gap_m FROM contiguity_setting
