-- One attachment; the uploader and the time are the database's (V36), and so is the verdict on who
-- may attach to what. Positional: the content is streamed as a parameter, never held whole.
INSERT INTO attachment (change_set_id, layer, feature_id, file_name, media_type, size_bytes, sha256, content, note)
VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
RETURNING id
