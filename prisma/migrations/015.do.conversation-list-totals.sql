-- The conversation list's badge totals (issue 6): `totalCount` of a filtered list and
-- `unreadTotal`, kept per owner by the transactions that change the view rows instead of counted
-- at each request. Counted from the views, they were index-only scans only while the visibility
-- map said so: once a busy owner's rows had been updated (every message does), the count of a
-- 5,000-conversation list became a bitmap heap scan (5 ms) and the unread sum fetched 9,260 heap
-- rows (14 ms) until autovacuum came by (docs/benchmarks.md).

-- One row per owner and combination of what the list filters on, for the open, visible rows (the
-- list and the archive): any combination of filters sums at most 32 rows of one owner. Not
-- partitioned: like user_sync_floor, each database holds the rows of the owners whose views it
-- holds, and the trigger below writes them beside the view rows.
CREATE TABLE user_conversation_totals (
  user_id          bigint  NOT NULL,
  is_archived      boolean NOT NULL,
  channel_type     text    NOT NULL,
  is_muted         boolean NOT NULL,
  is_pinned        boolean NOT NULL,
  -- Unread messages or marked unread by hand: the unreadOnly filter.
  is_unread        boolean NOT NULL,
  conversations    integer NOT NULL,
  unread_messages  bigint  NOT NULL,
  PRIMARY KEY (user_id, is_archived, channel_type, is_muted, is_pinned, is_unread)
);

-- What the totals must be: the same counts, recounted from the view rows. The seed and a
-- consistency repair write the totals from it; the checker compares with it.
CREATE VIEW user_conversation_totals_recounted AS
  SELECT user_id, is_archived, channel_type, is_muted, is_pinned, (unread_count > 0 OR marked_unread) AS is_unread,
         count(*)::integer AS conversations, sum(unread_count)::bigint AS unread_messages
  FROM user_conversation_view
  WHERE closed_at = 0 AND is_hidden = FALSE
  GROUP BY user_id, is_archived, channel_type, is_muted, is_pinned, (unread_count > 0 OR marked_unread);

-- PL/pgSQL rather than SQL: PL/pgSQL keeps the INSERT's plan for the session, an SQL function
-- called per row plans it at every call (measured on 10,000 row updates of 40 statements: the
-- trigger cost 29 µs a row with an SQL function, 17 µs with this one; the updates alone 22 µs).
CREATE FUNCTION add_to_conversation_totals(owner bigint, archived boolean, kind text, muted boolean, pinned boolean,
                                           unread boolean, conversations integer, unread_messages bigint)
RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO user_conversation_totals AS t
  VALUES (owner, archived, kind, muted, pinned, unread, conversations, unread_messages)
  ON CONFLICT (user_id, is_archived, channel_type, is_muted, is_pinned, is_unread) DO UPDATE
  SET conversations = t.conversations + EXCLUDED.conversations, unread_messages = t.unread_messages + EXCLUDED.unread_messages;
END
$$;

-- A trigger rather than a delta in each command: every path that writes view rows (commands,
-- the projector, rebuild, repair, shard moves) keeps the totals exact, and a new path cannot
-- forget them. The owner's clock row (user_view_state) is locked before any of their view rows
-- change, so the totals rows of an owner are only ever written under that lock: they add no
-- lock-order of their own. Bulk loads (the seed) run with session_replication_role = replica,
-- which skips this trigger, and write the totals from the recount afterwards.
CREATE FUNCTION follow_conversation_totals() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  was_listed boolean := TG_OP <> 'INSERT' AND OLD.closed_at = 0 AND NOT OLD.is_hidden;
  is_listed  boolean := TG_OP <> 'DELETE' AND NEW.closed_at = 0 AND NOT NEW.is_hidden;
BEGIN
  IF was_listed AND is_listed
     AND (OLD.is_archived, OLD.channel_type, OLD.is_muted, OLD.is_pinned, OLD.unread_count > 0 OR OLD.marked_unread)
       = (NEW.is_archived, NEW.channel_type, NEW.is_muted, NEW.is_pinned, NEW.unread_count > 0 OR NEW.marked_unread) THEN
    -- The common case (a message to an unread conversation): one row, one update.
    PERFORM add_to_conversation_totals(NEW.user_id, NEW.is_archived, NEW.channel_type, NEW.is_muted, NEW.is_pinned,
                                       NEW.unread_count > 0 OR NEW.marked_unread, 0, NEW.unread_count - OLD.unread_count);
    RETURN NULL;
  END IF;
  IF was_listed THEN
    PERFORM add_to_conversation_totals(OLD.user_id, OLD.is_archived, OLD.channel_type, OLD.is_muted, OLD.is_pinned,
                                       OLD.unread_count > 0 OR OLD.marked_unread, -1, -OLD.unread_count);
  END IF;
  IF is_listed THEN
    PERFORM add_to_conversation_totals(NEW.user_id, NEW.is_archived, NEW.channel_type, NEW.is_muted, NEW.is_pinned,
                                       NEW.unread_count > 0 OR NEW.marked_unread, 1, NEW.unread_count);
  END IF;
  RETURN NULL;
END
$$;

-- Declared on the parent, so every partition has them. An update that changes nothing counted
-- (a preview, a nickname, a draft) does not even call the function.
CREATE TRIGGER conversation_totals_on_insert_or_delete
  AFTER INSERT OR DELETE ON user_conversation_view
  FOR EACH ROW EXECUTE FUNCTION follow_conversation_totals();
CREATE TRIGGER conversation_totals_on_update
  AFTER UPDATE ON user_conversation_view
  FOR EACH ROW
  WHEN ((OLD.closed_at, OLD.is_hidden, OLD.is_archived, OLD.channel_type, OLD.is_muted, OLD.is_pinned, OLD.unread_count, OLD.marked_unread)
        IS DISTINCT FROM (NEW.closed_at, NEW.is_hidden, NEW.is_archived, NEW.channel_type, NEW.is_muted, NEW.is_pinned, NEW.unread_count, NEW.marked_unread))
  EXECUTE FUNCTION follow_conversation_totals();

INSERT INTO user_conversation_totals SELECT * FROM user_conversation_totals_recounted;

-- The unread badge no longer reads the views.
DROP INDEX user_conversation_view_unread_total_idx;
