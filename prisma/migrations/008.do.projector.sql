-- Cross-database projector (issue 8). The projector reads final outbox rows in (tx_id, id) order
-- after its checkpoint; each database the shard map names keeps its own checkpoint and the ids
-- of the events it applied (in the same transaction as the view rows they changed), so an event
-- is never applied twice. Every database gets these tables; only projected ones fill them.
CREATE INDEX outbox_tx_order_idx ON outbox (tx_id, id);

-- One row: the last event applied here, and the transaction id below which every outbox row is applied.
CREATE TABLE projection_checkpoint (
  id integer PRIMARY KEY CHECK (id = 1),
  tx_id bigint NOT NULL,
  outbox_id bigint NOT NULL,
  projected_below bigint NOT NULL,
  updated_at bigint NOT NULL
);

-- Pruned by age; the primary key is what makes applying an event twice impossible.
CREATE TABLE projection_applied_event (
  event_id bigint PRIMARY KEY,
  applied_at bigint NOT NULL
);
CREATE INDEX projection_applied_event_applied_at_idx ON projection_applied_event (applied_at);
