import type pg from 'pg';

/**
 * What the peer (PostGraphile) is given to serve: the viewer's visible conversations and current
 * contacts as views over the same read-model tables, in a schema of the benchmark database only.
 */
export async function createPeerSchema(client: pg.Client): Promise<void> {
  await client.query(`
    DROP SCHEMA IF EXISTS bench_peer CASCADE;
    CREATE SCHEMA bench_peer;
    CREATE VIEW bench_peer.conversation AS
      SELECT * FROM public.user_conversation_view
      WHERE user_id = current_setting('jwt.claims.sub')::bigint AND closed_at = 0 AND is_hidden = FALSE;
    COMMENT ON VIEW bench_peer.conversation IS E'@primaryKey user_id,channel_id';
    CREATE VIEW bench_peer.contact AS
      SELECT *, lower(COALESCE(NULLIF(remark, ''), friend_nickname)) AS sort_name FROM public.user_contact_view
      WHERE user_id = current_setting('jwt.claims.sub')::bigint AND deleted_at = 0;
    COMMENT ON VIEW bench_peer.contact IS E'@primaryKey user_id,friend_id';`);
}
