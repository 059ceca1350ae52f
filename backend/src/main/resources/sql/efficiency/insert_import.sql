-- A new import of a year's figures, its report filled in once the file is checked.
INSERT INTO indicator_import (year, file_name, rows, created_by) VALUES (:y, :f, 0, :by) RETURNING id
