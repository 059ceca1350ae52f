-- The layers the database keeps with history and edits through change sets (V22), with their tables.
SELECT layer, tbl FROM versioned_layer
