import Postgrator from 'postgrator';
import { projectPath } from '../config/project-paths.js';
import type { Database, SqlScriptRunner } from './database.js';

// Two gateway instances starting together must not both apply a migration.
const MIGRATION_LOCK = 727_001;

/** Applies every pending SQL migration in prisma/migrations; returns the versions applied. */
export function migrateToLatest(database: Database): Promise<number[]> {
  return database.withSession(migrateSession);
}

async function migrateSession(runScript: SqlScriptRunner): Promise<number[]> {
  const postgrator = new Postgrator({
    migrationPattern: projectPath('prisma', 'migrations', '*.sql'),
    driver: 'pg',
    schemaTable: 'schema_migrations',
    execQuery: runScript,
  });
  await runScript(`SELECT pg_advisory_lock(${MIGRATION_LOCK})`);
  try {
    const applied = await postgrator.migrate();
    return applied.map((migration) => migration.version);
  } finally {
    await runScript(`SELECT pg_advisory_unlock(${MIGRATION_LOCK})`);
  }
}
