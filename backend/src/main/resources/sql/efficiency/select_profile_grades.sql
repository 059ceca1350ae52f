-- An enterprise's grades under every grading model that graded it, newest year and version first
-- (at most :limit): score, class, rank or the reason it was not graded, the model's version and
-- whether it is the year's active one, and the model's publication (公示) if any — its period,
-- 文号, state (PUBLISHED, FINAL once frozen), the grade as published (after upheld objections) and
-- the enterprise's objections with their decisions. Each grade is read through the primary key
-- (model_id, enterprise_id), one lookup per model.
SELECT m.year, m.id AS model_id, m.version AS model_version, m.name AS model_name, m.method, m.active,
       g.score, g.grade, g.rank, g.not_graded, g.population, g.adjustments,
       p.id AS publication_id, p.starts_on, p.ends_on, p.document_number, p.frozen_at,
       pg.grade AS published_grade,
       (SELECT coalesce(jsonb_agg(jsonb_build_object(
                 'id', o.id, 'objector', o.objector, 'grounds', o.grounds, 'evidence', o.evidence,
                 'lodgedOn', o.lodged_on, 'outcome', d.outcome, 'gradeBefore', d.grade_before,
                 'gradeAfter', d.grade_after, 'reason', d.reason, 'decidedAt', d.decided_at)
               ORDER BY o.lodged_on, o.id), '[]')
        FROM grade_objection o
        LEFT JOIN grade_objection_decision d ON d.objection_id = o.id
        WHERE o.publication_id = p.id AND o.enterprise_id = :enterprise) AS objections
FROM grading_model m
JOIN enterprise_grade g ON g.model_id = m.id AND g.enterprise_id = :enterprise
LEFT JOIN grade_publication p ON p.model_id = m.id
LEFT JOIN published_grade pg ON pg.publication_id = p.id AND pg.enterprise_id = :enterprise
ORDER BY m.year DESC, m.version DESC
LIMIT :limit
