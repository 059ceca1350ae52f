-- The schema of the service's scratch tables (V14): the data's schema's name followed by _import.
SELECT current_schema() || '_import'
