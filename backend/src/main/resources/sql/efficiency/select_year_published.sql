-- Whether the year's active model is published (公示 or final): its grades stay as published, so a
-- recomputation of the year is refused before it starts (V32's triggers would refuse it at its end,
-- after minutes of work at a million parcels).
SELECT EXISTS (SELECT 1 FROM grade_publication p JOIN grading_model m ON m.id = p.model_id
               WHERE m.year = :year AND m.active)
