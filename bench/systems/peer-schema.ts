import type pg from 'pg';

/**
 * What the peer (PostGraphile) is given to serve: the viewer's visible conversations and current
 * contacts as views over the same read-model tables, in a schema of the benchmark database only.
 * The views are partitioned by LIST (user_id % 256): PostgreSQL prunes partitions only on that
 * expression, so the views state it too (without it every request scanned all 256 partitions,
 * ~50 ms each). That is how a team would set PostGraphile up over these tables; what it cannot do
 * is name the shard table itself, as the gateway does.
 */
export async function createPeerSchema(client: pg.Client): Promise<void> {
  await client.query(`
    DROP SCHEMA IF EXISTS bench_peer CASCADE;
    CREATE SCHEMA bench_peer;
    CREATE VIEW bench_peer.conversation AS
      SELECT * FROM public.user_conversation_view
      WHERE user_id = current_setting('jwt.claims.sub')::bigint AND user_id % 256 = current_setting('jwt.claims.sub')::bigint % 256
        AND closed_at = 0 AND is_hidden = FALSE;
    COMMENT ON VIEW bench_peer.conversation IS E'@primaryKey user_id,channel_id';
    CREATE VIEW bench_peer.contact AS
      SELECT *, lower(COALESCE(NULLIF(remark, ''), friend_nickname)) AS sort_name FROM public.user_contact_view
      WHERE user_id = current_setting('jwt.claims.sub')::bigint AND user_id % 256 = current_setting('jwt.claims.sub')::bigint % 256
        AND deleted_at = 0;
    COMMENT ON VIEW bench_peer.contact IS E'@primaryKey user_id,friend_id';`);
}
