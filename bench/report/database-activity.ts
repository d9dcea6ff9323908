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

  /**
   * Starts counting a set of runs. When pg_stat_statements is full, each new statement text
   * evicts entries and the window's count is lost: a full run's per-shard texts, on top of those
   * the test suites' dropped scratch databases left, filled the 20,000 entries and the commands'
   * statements went uncounted. So the window first forgets this database's entries and those of
   * databases that no longer exist; other databases' statistics stay.
   */
  async startWindow(): Promise<Counters> {
    if (this.countsStatements) {
      await this.admin.query(`
        SELECT pg_stat_statements_reset(0, dbid, 0)
        FROM (SELECT DISTINCT dbid FROM pg_stat_statements) AS s
        WHERE dbid = (SELECT oid FROM pg_database WHERE datname = current_database())
           OR dbid NOT IN (SELECT oid FROM pg_database)`);
    }
    return this.read();
  }

  private async read(): Promise<Counters> {
    const statements = this.countsStatements
      ? `(SELECT COALESCE(sum(calls), 0) FROM pg_stat_statements s
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
