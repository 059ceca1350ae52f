-- The grades a model gave, in the grade table of enterprises or of parcels (the slot, allow-listed).
DELETE FROM /*grades*/ WHERE model_id = :model
