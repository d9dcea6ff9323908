// Jest runs the TypeScript sources as native ES modules (NestJS 12 is ESM-only), compiled by swc
// with the legacy decorators + metadata that Nest's dependency injection reads.
/** @type {import('jest').Config} */
export default {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.spec.ts'],
  // The reliability suite has its own command (npm run test:reliability, jest.reliability.config.js).
  testPathIgnorePatterns: ['/node_modules/', '/test/reliability/'],
  extensionsToTreatAsEsm: ['.ts'],
  transform: {
    '^.+\\.ts$': [
      '@swc/jest',
      {
        jsc: {
          target: 'es2022',
          parser: { syntax: 'typescript', decorators: true },
          transform: { legacyDecorator: true, decoratorMetadata: true, useDefineForClassFields: false },
        },
        module: { type: 'es6' },
      },
    ],
  },
  // Sources import './x.js' (NodeNext); under Jest that resolves to './x.ts'.
  moduleNameMapper: { '^(\\.{1,2}/.*)\\.js$': '$1' },
  testTimeout: 60_000,
  // Each file owns its own database; two workers suit a 2-core machine.
  maxWorkers: 2,
  reporters: ['default', '<rootDir>/test/support/plain-summary-reporter.js'],
};
