/** Injection token of the primary `Database` (write side, outbox, and by default every shard). */
export const PRIMARY_DATABASE = Symbol('PRIMARY_DATABASE');
