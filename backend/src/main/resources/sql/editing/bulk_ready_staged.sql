-- Bulk path, preview on a copy (V28): the copy filled, its places derived from here on as the layer's.
SELECT staged_rows_ready(:layer)
