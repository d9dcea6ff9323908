import { createServer } from 'node:http';
import pg from 'pg';
import { contactPage, conversationPage, groupMembersWithProfiles } from './read-model-sql.js';

/**
 * The HTTP floor: a bare node:http server that runs the read-model SQL and writes the rows as
 * JSON. No auth, no GraphQL, no framework — what a request costs on this machine before any
 * gateway work. GET /conversations?user=&first=[&after=pinned,time,channel][&members=10], /contacts?user=&first=
 */
const db = new pg.Pool({ connectionString: process.env.DATABASE_URL, max: Number(process.env.DATABASE_POOL_SIZE ?? 10) });
pg.types.setTypeParser(20, (v) => v); // bigint stays text, as the gateway sends ids

const server = createServer(async (request, response) => {
  try {
    const url = new URL(request.url ?? '/', 'http://floor');
    const user = Number(url.searchParams.get('user'));
    const first = Number(url.searchParams.get('first') ?? 20);
    let body: unknown;
    if (url.pathname === '/conversations') {
      const after = url.searchParams.get('after')?.split(',');
      const page = await conversationPage(db, user, first, after ? { isPinned: after[0] === 'true', pinnedAt: after[1]!, activityTime: after[2]!, channelId: after[3]! } : null);
      const rows = page.rows.slice(0, first);
      const members = url.searchParams.get('members');
      const groups = rows.filter((row) => row.channel_type === 'GROUP').map((row) => row.channel_id as string);
      body = members && groups.length ? { rows, ...(await groupMembersWithProfiles(db, groups, Number(members))) } : { rows };
    } else if (url.pathname === '/contacts') {
      body = { rows: (await contactPage(db, user, first)).rows.slice(0, first) };
    } else {
      response.writeHead(404).end();
      return;
    }
    response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(body));
  } catch (error) {
    response.writeHead(500).end(String(error));
  }
});
server.listen(Number(process.env.PORT), '127.0.0.1', () => console.log(`floor listening on ${process.env.PORT}`));
