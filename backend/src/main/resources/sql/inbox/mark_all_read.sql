-- Marks all the actor's unread messages read; how many.
UPDATE notification SET read_at = now() WHERE recipient = :me AND read_at IS NULL
