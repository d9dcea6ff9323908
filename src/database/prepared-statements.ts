import { createHash } from 'node:crypto';

/**
 * A statement whose text starts with this comment is prepared once per connection (a named
 * statement of the `pg` driver): PostgreSQL parses it once and may reuse a generic plan. `pg`
 * never evicts a connection's prepared statements, so only code whose texts come from a bounded
 * set may use it (the canonical fan-out windows of src/projections/view-fan-out.ts): never a text
 * that varies with data, such as a list of partitions that depends on who is touched.
 */
export const PREPARED_STATEMENT_MARKER = '/* prepared */';

/**
 * The statement name Prisma's pg adapter gives a query: a hash of a marked text, '' (unnamed,
 * parsed and planned on every execution) for any other. The hash names the same text alike on
 * every connection and process.
 */
export function preparedStatementName(sql: string): string {
  if (!sql.startsWith(PREPARED_STATEMENT_MARKER)) return '';
  return `p_${createHash('sha1').update(sql).digest('hex').slice(0, 32)}`;
}
