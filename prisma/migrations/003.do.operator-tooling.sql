-- Operator tooling (issue 7): the consistency checker and the read-model rebuild walk the read
-- side owner by owner, so the reverse indexes need an index by owner too.
CREATE INDEX conversation_reverse_index_owner_idx ON conversation_reverse_index (owner_user_id);
CREATE INDEX contact_reverse_index_owner_idx ON contact_reverse_index (owner_user_id);

-- Which logical shards a read-model rebuild has finished, so an interrupted rebuild resumes.
CREATE TABLE read_model_rebuild (
  shard        integer PRIMARY KEY CHECK (shard BETWEEN 0 AND 255),
  rows_written bigint  NOT NULL,
  finished_at  bigint  NOT NULL
);
