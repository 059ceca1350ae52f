-- Bulk path, preview on a copy (V28): an empty copy of the layer's shape for the features a draft changes.
SELECT create_staged_rows(:layer)
