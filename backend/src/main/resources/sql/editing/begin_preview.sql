-- This transaction is a preview's (V61): it cannot commit, and the triggers keep nothing no preview
-- reads (the parcels' contiguity labels). A savepoint rolled back to before it undoes it.
SELECT begin_preview()
