-- Marks one of the actor's messages read (the database keeps the moment it was first read); no row
-- when it is not the actor's (row-level security hides it) or does not exist.
UPDATE notification SET read_at = now() WHERE id = :id AND recipient = :me RETURNING id
