-- How many enterprises select_published_grades finds.
SELECT count(*)
FROM published_grade g
JOIN enterprise e ON e.id = g.enterprise_id
WHERE g.publication_id = :publication
  AND (CAST(:grade AS text) IS NULL OR g.grade = :grade)
  AND (CAST(:code AS text) IS NULL OR e.credit_code = :code)
