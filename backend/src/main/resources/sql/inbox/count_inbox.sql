-- How many messages the actor has, and how many of them are unread.
SELECT count(*) AS total, count(*) FILTER (WHERE read_at IS NULL) AS unread
FROM notification
WHERE recipient = :me
