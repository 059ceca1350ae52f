-- A staging table and its shapes named after their job, once it is made.
ALTER TABLE /*staging*/ RENAME TO /*name*/;
ALTER TABLE /*shapes*/ RENAME TO /*shapes_name*/
