-- A scratch table of the scratch schema (V14): an export's, or one a crash left.
DROP TABLE IF EXISTS /*table*/
