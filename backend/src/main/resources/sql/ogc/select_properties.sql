(SELECT coalesce(json_object_agg(p.key, p.value), '{}'::json) FROM json_each(f.properties::json) p WHERE p.key = ANY (:properties))
