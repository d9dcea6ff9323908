import { describe } from '@jest/globals';

/**
 * `describe` for a suite that needs real services (several PostgreSQL databases, NATS): when an
 * enabling variable is unset the suite is skipped and says loudly which variable runs it, unless
 * HERMET_REQUIRE_ALL_SUITES=1 (CI), where a skipped suite is a failure.
 */
export function describeWithServices(variables: readonly string[], title: string, body: () => void): void {
  const missing = variables.filter((name) => !process.env[name]);
  if (missing.length === 0) return describe(title, body);
  const message = `SKIPPED "${title}": set ${missing.join(' and ')} to run it`;
  if (process.env.HERMET_REQUIRE_ALL_SUITES === '1') throw new Error(`${message} (HERMET_REQUIRE_ALL_SUITES=1)`);
  process.stderr.write(`\n${'*'.repeat(message.length + 8)}\n*** ${message} ***\n${'*'.repeat(message.length + 8)}\n\n`);
  describe.skip(title, body);
}
