-- `hermet shards move` (issue 8). The shard map file places the shards when a deployment starts;
-- a move switches a shard's placement while every process runs, so the switch is recorded here,
-- on the primary, and every process re-reads it (src/sharding/shard-placement.ts). A row
-- overrides the file's placement of its shard; the file still names the databases and their URLs.
CREATE TABLE shard_placement (
  shard          integer PRIMARY KEY CHECK (shard BETWEEN 0 AND 255),
  database_name  text    NOT NULL,
  moved_at       bigint  NOT NULL
);

-- One row, raised by every switch: a process compares it with the generation it last read, so
-- re-reading the placement costs one single-row read when nothing moved.
CREATE TABLE shard_placement_generation (
  id          integer PRIMARY KEY CHECK (id = 1),
  generation  bigint  NOT NULL
);
INSERT INTO shard_placement_generation (id, generation) VALUES (1, 0);
