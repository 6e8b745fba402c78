/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  transform: {
    '^.+\\.(t|j)s$': ['@swc/jest', {
      jsc: { parser: { syntax: 'typescript' }, target: 'es2022' },
      module: { type: 'commonjs' },
    }],
  },
  globalSetup: '<rootDir>/test/build-once.ts',
  setupFiles: ['<rootDir>/test/setup/expected-sdk-warnings.ts'],
  testTimeout: 20000,
};
