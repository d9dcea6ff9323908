-- Everything the full command set needs (issue 3): per-member conversation settings on the write
-- side (so every view column can be recomputed from the write side), blocks, idempotency keys.

-- A member's own settings for a conversation: the source of truth behind the view's columns.
ALTER TABLE channel_member
  ADD COLUMN is_pinned            boolean NOT NULL DEFAULT FALSE,
  ADD COLUMN is_muted             boolean NOT NULL DEFAULT FALSE,
  ADD COLUMN is_hidden            boolean NOT NULL DEFAULT FALSE,
  ADD COLUMN closed_at            bigint  NOT NULL DEFAULT 0,
  ADD COLUMN last_read_message_id bigint  NOT NULL DEFAULT 0;

-- A direct conversation whose friendship was removed stays readable, marked by this flag.
ALTER TABLE user_conversation_view
  ADD COLUMN peer_is_contact boolean NOT NULL DEFAULT FALSE;

CREATE TABLE user_block (
  blocker_id  bigint NOT NULL,
  blocked_id  bigint NOT NULL,
  created_at  bigint NOT NULL,
  PRIMARY KEY (blocker_id, blocked_id),
  CHECK (blocker_id <> blocked_id)
);

-- A retried mutation with the same key returns the stored result and writes nothing again.
CREATE TABLE command_idempotency (
  user_id     bigint NOT NULL,
  key         text   NOT NULL,
  command     text   NOT NULL,
  result      jsonb,
  created_at  bigint NOT NULL,
  PRIMARY KEY (user_id, key)
);

-- Existing direct conversations between friends are marked as such.
UPDATE user_conversation_view AS v SET peer_is_contact = TRUE
WHERE v.channel_type = 'DIRECT'
  AND EXISTS (SELECT 1 FROM friendship f
              WHERE f.user_id = v.user_id AND f.friend_id = v.peer_user_id AND f.deleted_at = 0);

-- What a conversation list shows of a message: one line (ASCII whitespace runs collapsed), cut
-- to 80 characters with an ellipsis. Must equal messagePreview() in
-- src/write/send-message/message-preview.ts (a test compares them on random text); SQL needs it to
-- recompute the views from the write side.
CREATE FUNCTION message_preview(body text) RETURNS text
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
  SELECT CASE WHEN char_length(line) <= 80 THEN line ELSE left(line, 79) || '…' END
  FROM (SELECT btrim(regexp_replace(body, '[ \t\n\r\f\v]+', ' ', 'g'), ' ') AS line) AS collapsed
$$;
