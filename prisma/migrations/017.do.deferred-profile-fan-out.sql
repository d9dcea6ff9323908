-- A profile change of a user shown in many views (src/projections/deferred-fan-out) commits the
-- user row and one row here instead of rewriting every conversation and contact row that shows
-- the user in the same transaction: at 5,000 views that fan-out took about a second, and changes
-- queued behind each other (docs/fan-out.md). The gateway's fan-out worker writes the user's
-- current profile to those rows after the commit, one change per catch-up however many were
-- made meanwhile, and deletes the rows it covered; a row left by a crash is found by its sweep.
CREATE TABLE deferred_profile_fan_out (
  user_id     bigint NOT NULL,
  info_ver    bigint NOT NULL,
  created_at  bigint NOT NULL,
  PRIMARY KEY (user_id, info_ver)
);
