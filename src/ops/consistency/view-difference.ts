/** One way in which a read-side row is not what the write side implies. */
export interface ViewDifference {
  readonly table: string;
  readonly key: string;
  /** A column name, or "(row)" when the whole row is missing or extra. */
  readonly field: string;
  readonly expected: string;
  readonly actual: string;
}

type Row = Record<string, unknown>;

/**
 * Compares expected and actual rows of one table by key, field by field. Returns how many rows
 * were checked (keys on either side), how many were consistent, and each difference.
 */
export function compareRows(
  table: string,
  keyColumns: readonly string[],
  expected: readonly Row[],
  actual: readonly Row[],
): { checked: number; consistent: number; differences: ViewDifference[] } {
  const keyOf = (row: Row) => keyColumns.map((c) => `${c}=${text(row[c])}`).join(',');
  const want = new Map(expected.map((row) => [keyOf(row), row]));
  const have = new Map(actual.map((row) => [keyOf(row), row]));
  const differences: ViewDifference[] = [];
  let consistent = 0;
  for (const key of new Set([...want.keys(), ...have.keys()])) {
    const found = rowDifferences(table, key, want.get(key), have.get(key));
    if (found.length === 0) consistent++;
    differences.push(...found);
  }
  return { checked: new Set([...want.keys(), ...have.keys()]).size, consistent, differences };
}

function rowDifferences(table: string, key: string, expected: Row | undefined, actual: Row | undefined): ViewDifference[] {
  if (!actual) return [{ table, key, field: '(row)', expected: 'present', actual: 'missing' }];
  if (!expected) return [{ table, key, field: '(row)', expected: 'absent', actual: 'present' }];
  return Object.keys(expected)
    .filter((field) => text(expected[field]) !== text(actual[field]))
    .map((field) => ({ table, key, field, expected: text(expected[field]), actual: text(actual[field]) }));
}

function text(value: unknown): string {
  return value === null || value === undefined ? 'null' : String(value);
}
