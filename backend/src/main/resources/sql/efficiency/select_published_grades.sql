-- A publication's grades per enterprise (the model's, changed by upheld objections), filtered by
-- final grade and credit code, in rank order within population; properties is the item as the API
-- shows it.
SELECT json_build_object(
         'enterpriseId', g.enterprise_id, 'creditCode', e.credit_code, 'name', e.name,
         'district', e.district_code, 'industry', e.industry_code, 'population', g.population,
         'score', g.score, 'rank', g.rank, 'notGraded', g.not_graded,
         'computedGrade', g.computed_grade, 'grade', g.grade, 'changedByObjection', g.changed_by_objection,
         'objections', (SELECT count(*) FROM grade_objection o
                        WHERE o.publication_id = g.publication_id AND o.enterprise_id = g.enterprise_id),
         'case', (SELECT json_build_object('id', c.id, 'kind', c.kind, 'status', c.status, 'deadline', c.deadline)
                  FROM grade_case c WHERE c.publication_id = g.publication_id AND c.enterprise_id = g.enterprise_id)
       )::text AS properties
FROM published_grade g
JOIN enterprise e ON e.id = g.enterprise_id
WHERE g.publication_id = :publication
  AND (CAST(:grade AS text) IS NULL OR g.grade = :grade)
  AND (CAST(:code AS text) IS NULL OR e.credit_code = :code)
ORDER BY g.population, g.rank NULLS LAST, g.enterprise_id
LIMIT :limit OFFSET :offset
