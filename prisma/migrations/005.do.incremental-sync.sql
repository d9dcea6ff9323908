-- Incremental sync (issue 9): a client asks for every row of its views changed after a version.

-- The change feed of one owner: one forward range scan of (user_id, version) per page. The key
-- column closes the index so that rows sharing a version (a rebuild rewrites several of an owner's
-- rows under one clock tick) still come back in one fixed order.
CREATE INDEX user_conversation_view_changes_idx ON user_conversation_view (user_id, version, channel_id);
CREATE INDEX user_contact_view_changes_idx ON user_contact_view (user_id, version, friend_id);

-- The oldest version a change feed can still answer from, per owner. Commands never delete view
-- rows (a row leaving the list is marked: closed_at, is_hidden, deleted_at), so every change is
-- on a row; only a rebuild or a consistency repair deletes rows (and gives several rows one
-- version), and it raises this floor: a client that synced before it must fetch everything again.
-- A table of its own (a row only for owners whose floor was raised) rather than a column of the 256
-- clock partitions: altering those costs the embedded database seconds at every first start.
CREATE TABLE user_sync_floor (
  user_id     bigint PRIMARY KEY,
  sync_floor  bigint NOT NULL
);
