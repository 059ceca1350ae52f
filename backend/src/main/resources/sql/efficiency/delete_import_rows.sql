-- The rows of a discarded import (its report stays).
DELETE FROM indicator_import_row WHERE import_id = :id
