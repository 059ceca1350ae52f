-- A new version of a year's grading model, active (the table's default).
INSERT INTO grading_model (year, version, name, method, indicators, class_rule, exclusions, options,
                           created_by)
VALUES (:y, coalesce((SELECT max(version) FROM grading_model WHERE year = :y), 0) + 1,
        :name, :method, CAST(:indicators AS jsonb), CAST(:rule AS jsonb),
        CAST(:exclusions AS jsonb), CAST(:options AS jsonb), :by)
RETURNING id
