-- A message into a large group (src/projections/deferred-fan-out) commits the write side and one
-- row here instead of rewriting every member's conversation row in the sending transaction: at
-- 500 members that fan-out took 110-340 ms under the channel's row lock, so sends into one busy
-- group queued behind each other (docs/fan-out.md). The gateway's fan-out worker brings the
-- members' rows up to the channel's last message after the commit, many sends at once, and
-- deletes the rows it covered; a row left by a crash is found by its sweep.
CREATE TABLE deferred_message_fan_out (
  channel_id  bigint NOT NULL,
  message_id  bigint NOT NULL,
  created_at  bigint NOT NULL,
  PRIMARY KEY (channel_id, message_id)
);
