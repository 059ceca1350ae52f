-- The district officer's inbox (issue 16, "each role's home"): when the bureau approves or rejects a
-- proposal, its author is told, with the reviewer and the reason. The database writes the message
-- itself, from the change set's own move (a trigger), so that every way of reviewing produces it —
-- the service, an import, a person in psql. Each account reads only its own messages and only it
-- marks them read (row-level security; the service's login acts for the request's user, V14).

CREATE TABLE notification (
  id             bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  recipient      text        NOT NULL REFERENCES app_user ON UPDATE CASCADE ON DELETE CASCADE,
  kind           text        NOT NULL CHECK (kind IN ('APPROVED', 'REJECTED')),
  change_set_id  bigint      NOT NULL REFERENCES change_set ON DELETE CASCADE,
  reviewed_by    text,
  comment        text,
  created_at     timestamptz NOT NULL DEFAULT now(),
  read_at        timestamptz
);
COMMENT ON TABLE notification IS
  'a message to an account: the bureau approved (APPROVED) or rejected (REJECTED) its proposal; written by the trigger on change_set only, read and marked read by its recipient only';
-- the inbox, newest first, and its unread count
CREATE INDEX notification_recipient_idx ON notification (recipient, id DESC);
CREATE INDEX notification_unread_idx ON notification (recipient) WHERE read_at IS NULL;
CREATE INDEX notification_change_set_idx ON notification (change_set_id);

-- A proposal (PROPOSED) became COMMITTED (approved) or REJECTED: its author, if an account, is told.
-- With the owner's rights: nobody may insert messages directly.
CREATE FUNCTION notify_change_set_reviewed() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER
SET search_path FROM CURRENT AS $$
BEGIN
  INSERT INTO notification (recipient, kind, change_set_id, reviewed_by, comment)
  SELECT u.username, CASE NEW.status WHEN 'COMMITTED' THEN 'APPROVED' ELSE 'REJECTED' END,
         NEW.id, NEW.reviewed_by, NEW.review_comment
  FROM app_user u
  WHERE u.username = NEW.author;
  RETURN NULL;
END
$$;
CREATE TRIGGER change_set_reviewed_notified AFTER UPDATE OF status ON change_set
  FOR EACH ROW WHEN (OLD.status = 'PROPOSED' AND NEW.status IN ('COMMITTED', 'REJECTED'))
  EXECUTE FUNCTION notify_change_set_reviewed();

-- A message changes only by being marked read (or unread again) by its recipient: the moment is the
-- database's, and a message read stays read at the moment it was first read.
CREATE FUNCTION guard_notification() RETURNS trigger LANGUAGE plpgsql SET search_path FROM CURRENT AS $$
BEGIN
  NEW.read_at := CASE WHEN NEW.read_at IS NULL THEN NULL ELSE coalesce(OLD.read_at, now()) END;
  RETURN NEW;
END
$$;
CREATE TRIGGER notification_guard BEFORE UPDATE ON notification
  FOR EACH ROW EXECUTE FUNCTION guard_notification();

ALTER TABLE notification ENABLE ROW LEVEL SECURITY;
CREATE POLICY notification_read ON notification FOR SELECT
  USING (recipient = (SELECT actor_name()));
CREATE POLICY notification_mark ON notification FOR UPDATE
  USING (recipient = (SELECT actor_name()))
  WITH CHECK (recipient = (SELECT actor_name()));

-- Read and marked read, nothing else: no login inserts or deletes a message (the trigger does, as
-- the owner), and only read_at changes.
REVOKE ALL ON notification FROM PUBLIC, redline_service, redline_editor;
GRANT SELECT, UPDATE (read_at) ON notification TO redline_service, redline_editor;

-- pg_temp last in the new functions' search path (V31)
SELECT pin_search_paths();
