import 'reflect-metadata';
import { CommandBus } from '@nestjs/cqrs';
import { readGatewayConfig } from './config/gateway-config.js';
import { openDatabase } from './database/database.js';
import { migrateToLatest } from './database/migrations.js';
import { loadDemoDataIfEmpty } from './demo/demo-data.js';
import { createGatewayApp } from './gateway-app.js';
import { ViewerTokens } from './identity/viewer-tokens.js';
import { openShardMap } from './sharding/open-shard-map.js';

async function main(): Promise<void> {
  const config = readGatewayConfig();
  const database = await openDatabase(config);
  const applied = await migrateToLatest(database);
  const shards = await openShardMap(config.shardMapFile, config, database);
  const app = await createGatewayApp(config, database, shards);
  const demo = config.loadDemoData && (await loadDemoDataIfEmpty(database, app.get(CommandBus)));
  await app.listen(config.port);

  const where = database.kind === 'embedded' ? `embedded PostgreSQL in ${config.dataDir}` : 'PostgreSQL at DATABASE_URL';
  const token = await app.get(ViewerTokens).issue(1n);
  console.log(
    [
      `Hermet gateway on http://localhost:${config.port}/graphql (${where})`,
      applied.length ? `  applied migrations ${applied.join(', ')}` : '  schema up to date',
      demo ? '  loaded the demo data set (users 1–5; user 1 is alice)' : '',
      '',
      'Try it (a dev token for user 1):',
      `  curl -s http://localhost:${config.port}/graphql -H 'content-type: application/json' \\`,
      `    -H 'authorization: Bearer ${token}' \\`,
      `    -d '{"query":"{ viewer { nickname } conversations(first: 5) { edges { node { title unreadCount lastMessage { preview } } } } }"}'`,
      'Another user\'s token: npm run token -- <userId>',
    ]
      .filter((line, i, all) => line !== '' || all[i - 1] !== '')
      .join('\n'),
  );

  const shutdown = async () => {
    await app.close();
    await shards.close();
    await database.close();
    process.exit(0);
  };
  process.once('SIGINT', shutdown);
  process.once('SIGTERM', shutdown);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
