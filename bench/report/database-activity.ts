import type pg from 'pg';

/**
 * What the benchmark database did during a set of runs, per request: transactions
 * (pg_stat_database) and SQL statements (pg_stat_statements, when the server preloads it).
 */
export interface DatabaseWorkPerRequest {
  readonly transactions: number;
  /** Null when pg_stat_statements is not loaded, or evicted entries during the runs (a count would be short). */
  readonly statements: number | null;
}

interface Counters {
  readonly transactions: number;
  readonly statements: number | null;
  readonly evictions: number | null;
}

/**
 * Counts top-level statements of every session in the benchmark database; the counting query
 * itself is left out. Statements are counted the moment they finish, but a session publishes its
 * transaction count only when idle, at most once a second: `perRequest` waits for that.
 */
export class DatabaseActivity {
  private constructor(
    private readonly admin: pg.Client,
    /** Whether the server preloads pg_stat_statements, so statements are counted. */
    readonly countsStatements: boolean,
  ) {}

  /** Installs pg_stat_statements in the benchmark database if the server has it preloaded. */
  static async open(admin: pg.Client): Promise<DatabaseActivity> {
    const { rows } = await admin.query<{ preloaded: boolean }>(
      `SELECT 'pg_stat_statements' = ANY(string_to_array(replace(current_setting('shared_preload_libraries'), ' ', ''), ',')) AS preloaded`);
    if (rows[0].preloaded) await admin.query('CREATE EXTENSION IF NOT EXISTS pg_stat_statements');
    return new DatabaseActivity(admin, rows[0].preloaded);
  }

  async read(): Promise<Counters> {
    const statements = this.countsStatements
      ? `(SELECT sum(calls) FROM pg_stat_statements s
          WHERE s.dbid = d.datid AND s.query NOT LIKE '%pg_stat_statements%') AS statements,
         (SELECT dealloc FROM pg_stat_statements_info) AS evictions`
      : 'NULL AS statements, NULL AS evictions';
    const { rows } = await this.admin.query<{ transactions: string; statements: string | null; evictions: string | null }>(
      `SELECT d.xact_commit + d.xact_rollback AS transactions, ${statements}
       FROM pg_stat_database d WHERE d.datname = current_database()`);
    const number = (value: string | null) => (value === null ? null : Number(value));
    return { transactions: Number(rows[0].transactions), statements: number(rows[0].statements), evictions: number(rows[0].evictions) };
  }

  async perRequest(before: Counters, requests: number): Promise<DatabaseWorkPerRequest | null> {
    await new Promise((resolve) => setTimeout(resolve, 1_200));
    if (!requests) return null;
    const after = await this.read();
    const evicted = after.evictions !== before.evictions;
    return {
      // Minus the one transaction of the `before` read itself.
      transactions: (after.transactions - before.transactions - 1) / requests,
      statements: after.statements === null || before.statements === null || evicted ? null : (after.statements - before.statements) / requests,
    };
  }
}
