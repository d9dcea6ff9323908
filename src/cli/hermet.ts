#!/usr/bin/env node
import { Command, CommanderError, InvalidArgumentError, Option } from 'commander';
import { readDatabaseSettings } from '../config/database-settings.js';
import { openDatabase } from '../database/database.js';
import { migrateToLatest } from '../database/migrations.js';
import { DomainError } from '../errors/domain-error.js';
import { checkConsistencyCommand } from './check-consistency.command.js';
import { EXIT } from './exit-codes.js';
import { rebuildReadModelsCommand } from './rebuild-read-models.command.js';
import { seedCommand } from './seed.command.js';
import { projectCommand } from './project.command.js';
import { relayCommand } from './relay.command.js';
import { shardsMoveCommand } from './shards-move.command.js';

/** `hermet`: the operator's command line. Exit codes: see ./exit-codes.ts and README.md. */
const program = new Command('hermet')
  .description('Operate a Hermet gateway deployment: schema, read-model consistency and rebuilds, test data.')
  .showHelpAfterError()
  .exitOverride();

const shard = new Option('--shard <n>', 'only this logical shard (0–255)').argParser(integerIn(0, 255));

program
  .command('migrate')
  .description('apply pending schema migrations (prisma/migrations) to DATABASE_URL, or the embedded database')
  .option('--json', 'machine-readable output')
  .action(async (options: { json?: boolean }) => {
    const database = await openDatabase(readDatabaseSettings());
    try {
      const applied = await migrateToLatest(database);
      console.log(options.json ? JSON.stringify({ applied }) : applied.length ? `applied migrations ${applied.join(', ')}` : 'schema is up to date');
    } finally {
      await database.close();
    }
  });

program
  .command('check-consistency')
  .description('recompute the read side from the write side and report every difference')
  .addOption(shard)
  .option('--user <id>', 'only this user', bigintId)
  .option('--repair', 'rewrite exactly the differing owners from the write side')
  .option('--sample <percent>', 'check about this percentage of owners', numberIn(0.01, 100))
  .option('--threshold <percent>', 'exit 1 below this percentage of consistent rows', numberIn(0, 100), 99.9)
  .option('--json', 'machine-readable output')
  .action(checkConsistencyCommand);

program
  .command('rebuild-read-models')
  .description('build the views and reverse indexes from the write side, resumably')
  .addOption(shard)
  .option('--resume', 'skip shards an interrupted rebuild already finished')
  .option('--json', 'machine-readable output')
  .action(rebuildReadModelsCommand);

program
  .command('seed')
  .description('load a deterministic data set (write side, views, reverse indexes) into an empty DATABASE_URL')
  .requiredOption('--users <n>', 'how many users', integerIn(2, 10_000_000))
  .option('--seed <s>', 'the same seed always gives the same rows', integerIn(0, 2 ** 31 - 1), 42)
  .option('--verify', 'prove every owner\'s views equal their recomputation (default: a sample)')
  .option('--json', 'machine-readable output')
  .action(seedCommand);

program
  .command('relay')
  .description('publish outbox events to NATS JetStream (NATS_URL; off unless set) until stopped')
  .action(relayCommand);

program
  .command('project')
  .description('keep the views of the shard map\'s other databases current from the outbox (SHARD_MAP_FILE) until stopped')
  .option('--once', 'project until caught up, report, and exit')
  .option('--database <name>', 'only this database of the shard map')
  .option('--json', 'machine-readable report (with --once)')
  .action(projectCommand);

program
  .command('shards')
  .description('operate the shard map (SHARD_MAP_FILE)')
  .command('move')
  .description('move a logical shard\'s views to another database of the shard map: catch up, copy, verify (row counts, md5), switch every process over')
  .argument('<shard>', 'logical shard (0–255)', integerIn(0, 255))
  .argument('<database>', 'a database name of SHARD_MAP_FILE (`primary` for DATABASE_URL)')
  .option('--lock-wait-ms <ms>', 'how long to wait for commands in flight before giving up', integerIn(1, 600_000), 2_000)
  .option('--timeout-ms <ms>', 'the longest commands may be held off (the whole move)', integerIn(1_000, 3_600_000), 600_000)
  .option('--json', 'machine-readable report')
  .action(shardsMoveCommand);

try {
  await program.parseAsync();
} catch (error) {
  if (error instanceof CommanderError) process.exit(error.exitCode === 0 ? EXIT.ok : EXIT.usage);
  if (error instanceof DomainError) {
    console.error(`${error.reason}: ${error.message}`);
    process.exit(EXIT.usage);
  }
  console.error(error instanceof Error ? error.message : error);
  process.exit(EXIT.failure);
}

function integerIn(min: number, max: number) {
  return (value: string) => {
    const n = Number(value);
    if (!Number.isInteger(n) || n < min || n > max) throw new InvalidArgumentError(`must be an integer from ${min} to ${max}`);
    return n;
  };
}

function numberIn(min: number, max: number) {
  return (value: string) => {
    const n = Number(value);
    if (!Number.isFinite(n) || n < min || n > max) throw new InvalidArgumentError(`must be a number from ${min} to ${max}`);
    return n;
  };
}

function bigintId(value: string): bigint {
  if (!/^\d{1,19}$/.test(value)) throw new InvalidArgumentError('must be a user id');
  return BigInt(value);
}
