-- The names of a layer's properties, learned from one of its features (slot features: the layer's
-- features relation); none while the layer has no feature.
SELECT json_object_keys(f.properties::json) FROM (SELECT properties FROM (/*features*/) g LIMIT 1) f
