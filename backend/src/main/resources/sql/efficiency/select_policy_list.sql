-- The differentiated-policy lists of a year: each enterprise of the year's final list (frozen
-- publication) whose final grade carries a measure of the policy (差别化用地、用电、用水、信贷), by
-- policy, measure and credit code; properties is the item as the API shows it.
SELECT json_build_object(
         'year', g.year, 'policy', dp.policy, 'measure', dp.measure, 'measureZh', dp.label_zh,
         'measureEn', dp.label_en, 'grade', g.grade, 'creditCode', e.credit_code, 'name', e.name,
         'district', e.district_code, 'industry', e.industry_code, 'score', g.score,
         'publicationId', g.publication_id)::text AS properties
FROM grade_publication p
JOIN published_grade g ON g.publication_id = p.id
JOIN differentiated_policy dp ON dp.grade = g.grade
JOIN enterprise e ON e.id = g.enterprise_id
WHERE p.year = :year AND p.frozen_at IS NOT NULL
  AND (CAST(:policy AS text) IS NULL OR dp.policy = :policy)
ORDER BY dp.policy, dp.measure, e.credit_code
LIMIT :limit OFFSET :offset
