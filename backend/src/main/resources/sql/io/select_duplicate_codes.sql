-- The codes a staged file gives more than one row (/*code*/: the code's value as mapped, text, from
-- the staging table s), the first five in order, each with the number of such codes (total): a file
-- names each feature once. One text column and a hash aggregate: cheap beside the features' edits.
-- A code is shown by its first 50 characters: the problem names it, however long a file made it.
SELECT left(code, 50) AS code, count(*) OVER () AS total
FROM (SELECT /*code*/ AS code FROM /*staging*/ s) x
WHERE code IS NOT NULL
GROUP BY code
HAVING count(*) > 1
ORDER BY code
LIMIT 5
