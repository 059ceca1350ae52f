-- A staged import's tables: the file as read and its shapes.
DROP TABLE IF EXISTS /*staging*/, /*shapes*/
