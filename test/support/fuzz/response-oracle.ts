/** What the gateway must never do, whatever it is sent. */
export interface Verdict {
  readonly violations: string[];
  /** A mutation returned data: the tables may have changed legitimately. */
  readonly mutationRan: boolean;
}

/** Signs of an internal leak: stack frames, PostgreSQL or Prisma error text. */
const LEAKS = [/"stacktrace"/, /\bat \S+ \(\S+:\d+:\d+\)/, /relation "/, /violates /, /duplicate key/, /prisma/i, /\$queryRaw/, /column "/, /node_modules/];

/** Node's HTTP parser refuses an oversized URL or header block before any application code. */
const PROTOCOL_REFUSALS = new Set([414, 431]);

export function judge(status: number, text: string, sentMutation: boolean): Verdict {
  if (PROTOCOL_REFUSALS.has(status) && text === '') return { violations: [], mutationRan: false };
  const violations: string[] = [];
  if (status >= 500) violations.push(`HTTP ${status}`);
  for (const leak of LEAKS) if (leak.test(text)) violations.push(`leak ${leak}`);
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    violations.push(`HTTP ${status}, not JSON: ${text.slice(0, 80)}`);
    return { violations, mutationRan: false };
  }
  const results = Array.isArray(body) ? body : [body];
  if (results.length === 0) violations.push('empty batch answer');
  let mutationRan = false;
  for (const result of results) {
    violations.push(...malformed(result));
    const data = (result as { data?: Record<string, unknown> | null }).data;
    if (sentMutation && data && Object.values(data).some((value) => value !== null)) mutationRan = true;
  }
  return { violations, mutationRan };
}

function malformed(result: unknown): string[] {
  if (typeof result !== 'object' || result === null) return ['a result that is not an object'];
  const { data, errors } = result as { data?: unknown; errors?: unknown };
  if (data === undefined && errors === undefined) return ['neither data nor errors'];
  if (errors === undefined) return [];
  if (!Array.isArray(errors) || errors.length === 0) return ['errors is not a non-empty list'];
  return errors.flatMap((error: { message?: unknown; extensions?: { code?: unknown } }) => {
    if (typeof error?.message !== 'string') return ['an error without a message'];
    if (typeof error.extensions?.code !== 'string') return [`an error without a code: ${error.message}`];
    return [];
  });
}
