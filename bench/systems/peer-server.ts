import { createServer } from 'node:http';
import { jwtVerify } from 'jose';
import { postgraphile } from 'postgraphile';
import { makePgService } from 'postgraphile/adaptors/pg';
import { grafserv } from 'postgraphile/grafserv/node';
import { PostGraphileAmberPreset } from 'postgraphile/presets/amber';

/**
 * The peer: PostGraphile 5 serving the same read model (the bench_peer views, peer-schema.ts)
 * over the same database — what a team might pick instead of writing a gateway. The bearer token
 * is verified as the gateway verifies it and the viewer is handed to PostgreSQL as
 * jwt.claims.sub, PostGraphile's usual way; the views show only the viewer's rows.
 */
const key = new TextEncoder().encode(process.env.JWT_SECRET);

const preset: GraphileConfig.Preset = {
  extends: [PostGraphileAmberPreset],
  pgServices: [
    makePgService({
      connectionString: process.env.DATABASE_URL,
      schemas: ['bench_peer'],
      poolConfig: { max: Number(process.env.DATABASE_POOL_SIZE ?? 10) },
    }),
  ],
  grafserv: { port: Number(process.env.PORT), graphqlPath: '/graphql', graphiql: false },
  grafast: {
    explain: false,
    async context(requestContext) {
      const header = requestContext.node?.req.headers.authorization ?? '';
      const token = /^Bearer\s+(\S+)$/i.exec(header)?.[1];
      if (!token) throw new Error('no bearer token');
      const { payload } = await jwtVerify(token, key, { algorithms: ['HS256'], issuer: 'hermet' });
      return { pgSettings: { 'jwt.claims.sub': String(payload.sub) } };
    },
  },
};

const pgl = postgraphile(preset);
const serv = pgl.createServ(grafserv);
const server = createServer();
server.once('listening', () => console.log(`peer listening on ${process.env.PORT}`));
serv.addTo(server).then(() => server.listen(Number(process.env.PORT), '127.0.0.1'));
