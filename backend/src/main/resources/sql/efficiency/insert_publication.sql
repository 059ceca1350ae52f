-- A publication of a model's grades for a period (year, publisher and time are the database's).
INSERT INTO grade_publication (model_id, year, starts_on, ends_on, document_number, published_by)
VALUES (:model, 0, :starts, :ends, :document, '')
RETURNING id
