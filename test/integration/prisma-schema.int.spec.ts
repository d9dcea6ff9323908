import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import internals from '@prisma/internals';
import { projectPath } from '../../src/config/project-paths.js';
import { Prisma, type PrismaClient } from '../../src/database/generated/prisma/client.js';
import { createTestDatabase, type TestDatabase } from '../support/test-database.js';

/**
 * prisma/schema.prisma is written by hand to mirror prisma/migrations/*.sql (the migrations are
 * the source of truth; Prisma never migrates). This file proves the two agree, in both directions:
 * every model, column, type, nullability, primary key and index declared in schema.prisma exists
 * in the migrated database, and every column and index of those tables is declared in the model.
 *
 * Both sides are described as the same kind of line (`user.nickname text NOT NULL`,
 * `channel_member PRIMARY KEY (channel_id, user_id)`), so a failure is a short diff of lines.
 */

const SCHEMA_FILE = projectPath('prisma', 'schema.prisma');

// The column type PostgreSQL reports (information_schema.columns.data_type) for each Prisma scalar
// type without a @db.* native type. A type missing here shows up in the diff as "no mapping".
const POSTGRES_TYPE: Record<string, string> = {
  BigInt: 'bigint',
  Int: 'integer',
  String: 'text',
  Boolean: 'boolean',
  Json: 'jsonb',
  Float: 'double precision',
};

interface SchemaDescription {
  /** The tables the models map to. */
  readonly tables: string[];
  /** `table`, `table.column type NULL|NOT NULL`, `table PRIMARY KEY (...)`, `table UNIQUE|INDEX (...)`. */
  readonly lines: string[];
}

interface SchemaDrift {
  readonly onlyInSchema: string[];
  readonly onlyInDatabase: string[];
}

async function describeDatamodel(datamodel: string): Promise<SchemaDescription> {
  const dmmf = await internals.getDMMF({ datamodel });
  const tables: string[] = [];
  const lines: string[] = [];
  const columnsOf = new Map<string, (fieldName: string) => string>();
  for (const model of dmmf.datamodel.models) {
    const table = model.dbName ?? model.name;
    const column = (fieldName: string) => {
      const field = model.fields.find((f) => f.name === fieldName);
      if (!field) throw new Error(`${model.name} has no field ${fieldName}`);
      return field.dbName ?? field.name;
    };
    columnsOf.set(model.name, column);
    tables.push(table);
    lines.push(`table ${table}`);
    for (const field of model.fields) {
      if (field.kind !== 'scalar') continue;
      const type = field.nativeType || field.isList ? undefined : POSTGRES_TYPE[field.type];
      const typeText = type ?? `<no mapping for ${field.type}${field.isList ? '[]' : ''}${field.nativeType ? ` @db.${field.nativeType[0]}` : ''}>`;
      lines.push(`${table}.${column(field.name)} ${typeText} ${field.isRequired ? 'NOT NULL' : 'NULL'}`);
    }
    const keyFields = model.primaryKey?.fields ?? model.fields.filter((f) => f.isId).map((f) => f.name);
    lines.push(`${table} PRIMARY KEY (${keyFields.map(column).join(', ')})`);
  }
  for (const index of dmmf.datamodel.indexes) {
    if (index.type !== 'unique' && index.type !== 'normal') continue; // 'id' is the primary key above
    const model = dmmf.datamodel.models.find((m) => m.name === index.model)!;
    const column = columnsOf.get(index.model)!;
    const kind = index.type === 'unique' ? 'UNIQUE' : 'INDEX';
    lines.push(`${model.dbName ?? model.name} ${kind} (${index.fields.map((f) => column(f.name)).join(', ')})`);
  }
  return { tables: tables.sort(), lines: lines.sort() };
}

async function describeDatabase(prisma: PrismaClient, tables: string[]): Promise<string[]> {
  const names = Prisma.join(tables);
  const existing = await prisma.$queryRaw<{ table_name: string }[]>`
    SELECT table_name FROM information_schema.tables
    WHERE table_schema = 'public' AND table_name IN (${names})`;
  const columns = await prisma.$queryRaw<
    { table_name: string; column_name: string; data_type: string; is_nullable: 'YES' | 'NO' }[]
  >`
    SELECT table_name, column_name, data_type, is_nullable FROM information_schema.columns
    WHERE table_schema = 'public' AND table_name IN (${names})`;
  // Every index of those tables with its key columns in key order (an expression shows as its text).
  // Partial indexes (friend_request_one_pending_idx, outbox_unpublished_idx) cannot be declared in
  // schema.prisma, so they are left out; they are the migration's business alone.
  const indexes = await prisma.$queryRaw<
    { table_name: string; is_primary: boolean; is_unique: boolean; columns: string[] }[]
  >`
    SELECT t.relname AS table_name, x.indisprimary AS is_primary, x.indisunique AS is_unique,
           ARRAY(SELECT pg_get_indexdef(x.indexrelid, k, true)
                 FROM generate_series(1, x.indnkeyatts) AS k ORDER BY k) AS columns
    FROM pg_index x
    JOIN pg_class t ON t.oid = x.indrelid
    JOIN pg_namespace n ON n.oid = t.relnamespace
    WHERE n.nspname = 'public' AND t.relname IN (${names}) AND x.indpred IS NULL`;
  return [
    ...existing.map((t) => `table ${t.table_name}`),
    ...columns.map(
      (c) => `${c.table_name}.${c.column_name} ${c.data_type} ${c.is_nullable === 'NO' ? 'NOT NULL' : 'NULL'}`,
    ),
    ...indexes.map(
      (i) =>
        `${i.table_name} ${i.is_primary ? 'PRIMARY KEY' : i.is_unique ? 'UNIQUE' : 'INDEX'} (${i.columns.join(', ')})`,
    ),
  ].sort();
}

/** The lines one side has and the other has not; both empty when schema and database agree. */
async function compareWithDatabase(datamodel: string, prisma: PrismaClient): Promise<SchemaDrift> {
  const schema = await describeDatamodel(datamodel);
  const database = await describeDatabase(prisma, schema.tables);
  return {
    onlyInSchema: schema.lines.filter((line) => !database.includes(line)),
    onlyInDatabase: database.filter((line) => !schema.lines.includes(line)),
  };
}

describe('prisma/schema.prisma mirrors the migrated database', () => {
  let testDatabase: TestDatabase;
  let prisma: PrismaClient;
  let schemaText: string;
  let schema: SchemaDescription;
  let database: string[];

  beforeAll(async () => {
    testDatabase = await createTestDatabase();
    prisma = testDatabase.database.prisma;
    schemaText = readFileSync(SCHEMA_FILE, 'utf8');
    schema = await describeDatamodel(schemaText);
    database = await describeDatabase(prisma, schema.tables);
  });
  afterAll(() => testDatabase.drop());

  it('has a table for every model', () => {
    const tableLines = (lines: string[]) => lines.filter((line) => line.startsWith('table '));
    expect(tableLines(database)).toEqual(tableLines(schema.lines));
  });

  it('declares every column of those tables with its PostgreSQL type and nullability, and no other', () => {
    const columnLines = (lines: string[]) => lines.filter((line) => /^\S+\.\S+ /.test(line));
    expect(columnLines(database)).toEqual(columnLines(schema.lines));
  });

  it('declares each table’s primary key with its columns in key order', () => {
    const keyLines = (lines: string[]) => lines.filter((line) => line.includes(' PRIMARY KEY '));
    expect(keyLines(database)).toEqual(keyLines(schema.lines));
    expect(keyLines(schema.lines)).toHaveLength(schema.tables.length);
  });

  it('declares every unique constraint and (non-partial) index of those tables, and no other', () => {
    const indexLines = (lines: string[]) => lines.filter((line) => / (UNIQUE|INDEX) \(/.test(line));
    expect(indexLines(database)).toEqual(indexLines(schema.lines));
  });

  it('leaves out only the sharded read views (and the migration bookkeeping), which are not models', async () => {
    const rows = await prisma.$queryRaw<{ table_name: string }[]>`
      SELECT table_name FROM information_schema.tables
      WHERE table_schema = 'public' AND table_type IN ('BASE TABLE', 'PARTITIONED TABLE')`;
    const unmodelled = rows
      .map((r) => r.table_name)
      .filter((name) => !schema.tables.includes(name))
      .filter((name) => !/^user_(view_state|conversation_view|contact_view)_(\d+)$/.test(name))
      .sort();
    expect(unmodelled).toEqual(['schema_migrations', 'user_contact_view', 'user_conversation_view', 'user_view_state']);
  });

  describe('the comparison itself fails when the schema drifts from the database', () => {
    const drifts: Array<[string, (text: string) => string, SchemaDrift]> = [
      [
        'a required column declared optional',
        (text) => text.replace(/^(\s+nickname\s+)String$/m, '$1String?'),
        { onlyInSchema: ['user.nickname text NULL'], onlyInDatabase: ['user.nickname text NOT NULL'] },
      ],
      [
        'a column missing from the model',
        (text) => text.replace(/^\s+publishedAt\s.*\n/m, ''),
        { onlyInSchema: [], onlyInDatabase: ['outbox.published_at bigint NOT NULL'] },
      ],
      [
        'a column with the wrong type',
        (text) => text.replace(/^(\s+memberCount\s+)Int(\s)/m, '$1BigInt$2'),
        { onlyInSchema: ['channel.member_count bigint NOT NULL'], onlyInDatabase: ['channel.member_count integer NOT NULL'] },
      ],
      [
        'a column the database does not have',
        (text) => text.replace(/^(\s+)remark(\s+)String @default\(""\)$/m, '$&\n$1nickname$2String'),
        { onlyInSchema: ['friendship.nickname text NOT NULL'], onlyInDatabase: [] },
      ],
      [
        'a primary key with its columns in another order',
        (text) => text.replace('@@id([channelId, userId])', '@@id([userId, channelId])'),
        {
          onlyInSchema: ['channel_member PRIMARY KEY (user_id, channel_id)'],
          onlyInDatabase: ['channel_member PRIMARY KEY (channel_id, user_id)'],
        },
      ],
      [
        'an index the database does not have',
        (text) => text.replace('@@map("outbox")', '@@index([aggregateId])\n  @@map("outbox")'),
        { onlyInSchema: ['outbox INDEX (aggregate_id)'], onlyInDatabase: [] },
      ],
    ];

    it('reports no drift for schema.prisma as it is', async () => {
      await expect(compareWithDatabase(schemaText, prisma)).resolves.toEqual({ onlyInSchema: [], onlyInDatabase: [] });
    });

    it.each(drifts)('reports %s', async (_what, drift, expected) => {
      const wrong = drift(schemaText);
      expect(wrong).not.toEqual(schemaText);
      await expect(compareWithDatabase(wrong, prisma)).resolves.toEqual(expected);
    });
  });
});
