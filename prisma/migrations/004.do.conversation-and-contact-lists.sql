-- The conversation list that front ends need (issue 6): pin order, archive, marked-unread,
-- drafts, mentions, and one partial index per filter so every filtered page is one index range
-- scan of one shard's partition.

-- The member's own settings (the source of truth behind the view's new columns).
ALTER TABLE channel_member
  -- When the member pinned it (0: not pinned): pinned conversations list most recently pinned first.
  ADD COLUMN pinned_at     bigint  NOT NULL DEFAULT 0,
  ADD COLUMN is_archived   boolean NOT NULL DEFAULT FALSE,
  ADD COLUMN marked_unread boolean NOT NULL DEFAULT FALSE,
  ADD COLUMN draft         text    NOT NULL DEFAULT '',
  ADD COLUMN draft_at      bigint  NOT NULL DEFAULT 0;

-- Conversations pinned before pin times existed keep a time: when the member joined.
UPDATE channel_member SET pinned_at = joined_at WHERE is_pinned AND pinned_at = 0;

-- Who a message mentions: a member by `@username`, or everyone (`@all`, groups only) as user 0.
CREATE TABLE message_mention (
  message_id  bigint NOT NULL,
  channel_id  bigint NOT NULL,
  user_id     bigint NOT NULL,
  PRIMARY KEY (message_id, user_id)
);

ALTER TABLE user_conversation_view
  ADD COLUMN pinned_at     bigint  NOT NULL DEFAULT 0,
  ADD COLUMN is_archived   boolean NOT NULL DEFAULT FALSE,
  ADD COLUMN marked_unread boolean NOT NULL DEFAULT FALSE,
  ADD COLUMN draft         text    NOT NULL DEFAULT '',
  ADD COLUMN draft_time    bigint  NOT NULL DEFAULT 0,
  ADD COLUMN mention_count integer NOT NULL DEFAULT 0;

-- (Guarded: planning an UPDATE over 256 partitions costs time even on an empty database.)
DO $$
BEGIN
  IF EXISTS (SELECT 1 FROM channel_member WHERE pinned_at <> 0) THEN
    UPDATE user_conversation_view AS v SET pinned_at = cm.pinned_at
    FROM channel_member cm
    WHERE cm.channel_id = v.channel_id AND cm.user_id = v.user_id AND cm.pinned_at <> 0;
  END IF;
END
$$;

-- The list order is (is_pinned, pinned_at, activity time, channel_id), all descending, where the
-- activity time is GREATEST(last_message_time, draft_time): the last message, or a newer draft (as
-- in Telegram). An index expression rather than a stored column: it can never disagree with the
-- two times, and adding it rewrites no table. Every index
-- below ends in that order, after equality columns a filter fixes, so a page (first or after a
-- cursor) is one backward range scan; the predicates are the visible list (open, not hidden).
DROP INDEX user_conversation_view_list_idx;

-- The list and the archive (is_archived fixed), pinnedOnly (is_pinned fixed).
CREATE INDEX user_conversation_view_list_idx
  ON user_conversation_view (user_id, is_archived, is_pinned, pinned_at, GREATEST(last_message_time, draft_time), channel_id)
  WHERE closed_at = 0 AND is_hidden = FALSE;

-- kind: DIRECT | GROUP.
CREATE INDEX user_conversation_view_kind_idx
  ON user_conversation_view (user_id, is_archived, channel_type, is_pinned, pinned_at, GREATEST(last_message_time, draft_time), channel_id)
  WHERE closed_at = 0 AND is_hidden = FALSE;

-- mutedOnly / excludeMuted: each row is in exactly one of the two, so together they cost one index.
CREATE INDEX user_conversation_view_muted_idx
  ON user_conversation_view (user_id, is_archived, is_pinned, pinned_at, GREATEST(last_message_time, draft_time), channel_id)
  WHERE closed_at = 0 AND is_hidden = FALSE AND is_muted = TRUE;
CREATE INDEX user_conversation_view_unmuted_idx
  ON user_conversation_view (user_id, is_archived, is_pinned, pinned_at, GREATEST(last_message_time, draft_time), channel_id)
  WHERE closed_at = 0 AND is_hidden = FALSE AND is_muted = FALSE;

-- unreadOnly: only the unread (or marked unread) rows are in it, usually a handful.
CREATE INDEX user_conversation_view_unread_idx
  ON user_conversation_view (user_id, is_archived, is_pinned, pinned_at, GREATEST(last_message_time, draft_time), channel_id)
  WHERE closed_at = 0 AND is_hidden = FALSE AND (unread_count > 0 OR marked_unread);

-- The unread badge: the sum over unmuted, unarchived, visible rows with unread messages is an
-- index-only scan of just those rows (unread_count is a key column), never of the whole list.
CREATE INDEX user_conversation_view_unread_total_idx
  ON user_conversation_view (user_id, unread_count)
  WHERE closed_at = 0 AND is_hidden = FALSE AND is_archived = FALSE AND is_muted = FALSE AND unread_count > 0;

-- ============================== the contact list ==============================
-- Address-book order as Chinese users expect (pinyin for CJK, case- and accent-insensitive Latin,
-- sections A–Z then '#'). Pinyin needs a dictionary SQL does not have, so the keys are computed on
-- write (src/write/name-keys.ts) and stored on the write side too: the views stay recomputable.
ALTER TABLE "user"
  ADD COLUMN nickname_key      text NOT NULL DEFAULT '',
  ADD COLUMN nickname_initials text NOT NULL DEFAULT '';
ALTER TABLE friendship
  ADD COLUMN remark_key      text    NOT NULL DEFAULT '',
  ADD COLUMN remark_initials text    NOT NULL DEFAULT '',
  ADD COLUMN is_starred      boolean NOT NULL DEFAULT FALSE;

-- Rows written before this migration get a Latin-only key (lower-cased; '~' sorts a name that
-- does not start with a-z after z); `hermet rebuild-name-keys` is not needed for Latin names.
UPDATE "user" SET nickname_key = CASE WHEN lower(nickname) ~ '^[a-z]' THEN lower(nickname) ELSE '~' || lower(nickname) END,
                  nickname_initials = lower(left(nickname, 1));
UPDATE friendship SET remark_key = CASE WHEN lower(remark) ~ '^[a-z]' THEN lower(remark) ELSE '~' || lower(remark) END,
                      remark_initials = lower(left(remark, 1))
WHERE remark <> '';

-- Every prefix (up to 32 characters) of every searchable term, each tagged with the owner, so a
-- name-prefix search is one exact lookup in a GIN index ("zs" → 张三 through the initials).
CREATE FUNCTION contact_search_tokens(owner bigint, terms text[]) RETURNS text[]
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
  SELECT COALESCE(array_agg(DISTINCT owner::text || ':' || left(term, n)), '{}')
  FROM (SELECT replace(ltrim(t, '~'), ' ', '') AS term FROM unnest(terms) AS t) AS normalized,
       generate_series(1, least(char_length(term), 32)) AS n
  WHERE term <> ''
$$;

ALTER TABLE user_contact_view
  ADD COLUMN friend_nickname_key      text    NOT NULL DEFAULT '',
  ADD COLUMN friend_nickname_initials text    NOT NULL DEFAULT '',
  ADD COLUMN remark_key               text    NOT NULL DEFAULT '',
  ADD COLUMN remark_initials          text    NOT NULL DEFAULT '',
  ADD COLUMN is_starred               boolean NOT NULL DEFAULT FALSE;

DO $$
BEGIN
  IF EXISTS (SELECT 1 FROM friendship) THEN
    UPDATE user_contact_view AS v
    SET friend_nickname_key = u.nickname_key, friend_nickname_initials = u.nickname_initials,
        remark_key = f.remark_key, remark_initials = f.remark_initials
    FROM friendship f JOIN "user" u ON u.id = f.friend_id
    WHERE f.user_id = v.user_id AND f.friend_id = v.friend_id;
  END IF;
END
$$;

-- The sort key (remark's, else nickname's; C collation: byte order of the keys) and the search
-- tokens are index expressions rather than stored columns: they cannot disagree with the keys,
-- and adding them rewrites no table. src/read/contacts/contact-view.repository.ts repeats them
-- exactly, or the indexes cannot serve its queries.
DROP INDEX user_contact_view_list_idx;
-- The contact list, and the section counts (an index-only scan: the key columns are included).
CREATE INDEX user_contact_view_list_idx
  ON user_contact_view (user_id, ((CASE WHEN remark <> '' THEN remark_key ELSE friend_nickname_key END) COLLATE "C"), friend_id)
  INCLUDE (remark, remark_key, friend_nickname_key) WHERE deleted_at = 0;
CREATE INDEX user_contact_view_starred_idx
  ON user_contact_view (user_id, ((CASE WHEN remark <> '' THEN remark_key ELSE friend_nickname_key END) COLLATE "C"), friend_id)
  WHERE deleted_at = 0 AND is_starred;
CREATE INDEX user_contact_view_search_idx
  ON user_contact_view USING gin (contact_search_tokens(user_id, ARRAY[
    friend_nickname_key, friend_nickname_initials, remark_key, remark_initials, friend_username,
    lower(friend_nickname), lower(remark)]))
  WHERE deleted_at = 0;

-- Pending requests by recipient and by sender, newest first.
CREATE INDEX friend_request_incoming_pending_idx ON friend_request (to_user_id, id) WHERE status = 'PENDING';
CREATE INDEX friend_request_outgoing_pending_idx ON friend_request (from_user_id, id) WHERE status = 'PENDING';
