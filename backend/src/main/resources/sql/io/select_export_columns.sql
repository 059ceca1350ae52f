-- The properties of a relation to export, as columns: each key in its first order of appearance
-- among the first rows, with the JSON types its values take, and the type of the key column.
SELECT k.key, string_agg(DISTINCT json_typeof(k.value), ',') FILTER (WHERE json_typeof(k.value) <> 'null') AS types,
       min(k.ord) AS ord, min(pg_typeof(r.id)::text) AS id_type
FROM (SELECT * FROM (/*relation*/) f LIMIT 1000) r
CROSS JOIN LATERAL json_each(CAST(r.properties AS json)) WITH ORDINALITY AS k(key, value, ord)
GROUP BY k.key
ORDER BY ord, k.key
