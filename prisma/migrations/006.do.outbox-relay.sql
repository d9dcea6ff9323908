-- Outbox relay (issue 8). Outbox ids are allocated before commit, so a reader that follows the
-- id alone skips a row whose transaction commits after a later one. Each row records the 64-bit
-- id (xid8, as bigint so the typed client can map it) of the transaction that wrote it; a reader
-- takes only rows below the oldest transaction still running
-- (pg_snapshot_xmin(pg_current_snapshot())), whose visibility can no longer change.
ALTER TABLE outbox ADD COLUMN tx_id bigint NOT NULL DEFAULT pg_current_xact_id()::text::bigint;
