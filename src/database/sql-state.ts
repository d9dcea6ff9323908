/**
 * The PostgreSQL SQLSTATE behind an error, wherever Prisma and its driver adapters put it
 * (it differs between ORM queries, raw queries and adapters).
 */
export function sqlState(error: unknown): string | undefined {
  const e = error as
    | {
        code?: string;
        meta?: { code?: string; driverAdapterError?: { cause?: { originalCode?: string } } };
        cause?: { originalCode?: string; code?: string };
      }
    | undefined;
  if (e?.code === 'P2034') return '40001';
  return e?.meta?.code ?? e?.meta?.driverAdapterError?.cause?.originalCode ?? e?.cause?.originalCode ?? e?.cause?.code;
}
