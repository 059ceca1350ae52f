-- The first invalid shapes of an import: the feature (its number in the file), why, the shape as
-- given and as repaired.
SELECT fid, invalid_reason AS reason, ST_AsGeoJSON(original, 7) AS original,
       ST_AsGeoJSON(shape, 7) AS repaired
FROM /*shapes*/
WHERE invalid_reason IS NOT NULL
ORDER BY fid
LIMIT :limit
