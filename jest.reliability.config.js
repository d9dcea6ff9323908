// `npm run test:reliability`: storms, races, pool exhaustion, fuzzing and isolation against real
// PostgreSQL, one file at a time (each makes its own concurrency). Each file records its figures;
// the reliability reporter gathers them into reliability.json and a table, and fails the run
// when a count that must be zero is not.
import base from './jest.config.js';

/** @type {import('jest').Config} */
export default {
  ...base,
  testMatch: ['<rootDir>/test/reliability/**/*.reliability.spec.ts', '<rootDir>/test/e2e/hostile-input.fuzz.e2e.spec.ts'],
  testPathIgnorePatterns: ['/node_modules/'],
  maxWorkers: 1,
  testTimeout: 300_000,
  reporters: ['default', '<rootDir>/test/reliability/reliability-reporter.js', '<rootDir>/test/support/plain-summary-reporter.js'],
};
