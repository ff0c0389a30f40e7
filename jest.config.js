/** Jest runs the TypeScript sources through SWC, which emits the decorator metadata type-graphql needs. */
const swcConfig = {
  jsc: {
    target: 'es2022',
    parser: { syntax: 'typescript', decorators: true },
    transform: { legacyDecorator: true, decoratorMetadata: true },
  },
  module: { type: 'commonjs' },
  sourceMaps: 'inline',
};

/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/packages/embedded-mongodb/test', '<rootDir>/server/test', '<rootDir>/test'],
  // Workspace packages run from their TypeScript source: tests need no build first.
  moduleNameMapper: { '^@transcripts/embedded-mongodb$': '<rootDir>/packages/embedded-mongodb/src' },
  testMatch: ['**/*.test.ts'],
  transform: { '^.+\\.(t|j)sx?$': ['@swc/jest', swcConfig] },
  setupFiles: ['reflect-metadata'],
  globalSetup: '<rootDir>/test/support/global-setup.ts',
  globalTeardown: '<rootDir>/test/support/global-teardown.ts',
  testTimeout: 30000,
  maxWorkers: 2,
};
