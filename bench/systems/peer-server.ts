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

// PostGraphile 5 / Grafast need Node 22+ and call Promise.withResolvers (ES2024), which Node 20
// lacks: without it every list query failed inside Grafast's executor ("reading 'items'"), which
// made every earlier peer run INVALID. The standard semantics, for this process only.
if (!('withResolvers' in Promise)) {
  Object.assign(Promise, {
    withResolvers<T>() {
      let resolve!: (value: T | PromiseLike<T>) => void;
      let reject!: (reason?: unknown) => void;
      const promise = new Promise<T>((res, rej) => ((resolve = res), (reject = rej)));
      return { promise, resolve, reject };
    },
  });
}

/**
 * PostGraphile's PgContextPlugin refuses a context that already carries `pgSettings` (so it may not
 * come from `grafast.context`, which is why every response used to be an error), and its own
 * `pgSettings` callback is synchronous while JWT verification is not. So this middleware, which runs
 * inside PgContextPlugin's, verifies the token and then sets the viewer for PostgreSQL.
 */
const ViewerSettingsPlugin: GraphileConfig.Plugin = {
  name: 'BenchViewerSettingsPlugin',
  version: '1.0.0',
  grafast: {
    middleware: {
      async prepareArgs(next, { args }) {
        const header = args.requestContext?.node?.req.headers.authorization ?? '';
        const token = /^Bearer\s+(\S+)$/i.exec(header)?.[1];
        if (!token) throw new Error('no bearer token');
        const { payload } = await jwtVerify(token, key, { algorithms: ['HS256'], issuer: 'hermet' });
        (args.contextValue as unknown as Record<string, unknown>).pgSettings = { 'jwt.claims.sub': String(payload.sub) };
        return next();
      },
    },
  },
};

const preset: GraphileConfig.Preset = {
  extends: [PostGraphileAmberPreset],
  plugins: [ViewerSettingsPlugin],
  pgServices: [
    makePgService({
      connectionString: process.env.DATABASE_URL,
      schemas: ['bench_peer'],
      poolConfig: { max: Number(process.env.DATABASE_POOL_SIZE ?? 10) },
    }),
  ],
  grafserv: { port: Number(process.env.PORT), graphqlPath: '/graphql', graphiql: false },
  grafast: { explain: false },
};

const pgl = postgraphile(preset);
const serv = pgl.createServ(grafserv);
const server = createServer();
server.once('listening', () => console.log(`peer listening on ${process.env.PORT}`));
serv.addTo(server).then(() => server.listen(Number(process.env.PORT), '127.0.0.1'));
