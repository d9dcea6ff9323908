-- The id of the HTTP request whose command produced the event (null for CLI and background
-- work), so an operator can follow one request from its log lines to the events it caused.
ALTER TABLE outbox ADD COLUMN request_id text;
