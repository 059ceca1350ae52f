-- Before contiguity's patches: ST_Dump and the DBSCAN window are estimated dear enough for JIT,
-- which then spends more time compiling than the query runs (the red line: 0.9 s of JIT for 0.1 s
-- of work; 20,000 parcels: 1 s for 0.7 s).
SET LOCAL jit = off
