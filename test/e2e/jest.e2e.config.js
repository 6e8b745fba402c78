// `npm run test:e2e`: the real Claude Code CLI, and the AI SDK and LangChain
// clients (clients/), through the built gateway and the simulated upstreams.
// Kept out of `npm test` (files end in .e2e.ts) because it needs the CLI's
// native binary and takes a few minutes.
const base = require('../../jest.config.js');

/** @type {import('jest').Config} */
module.exports = {
  rootDir: '../..',
  testEnvironment: 'node',
  roots: ['<rootDir>/test/e2e'],
  testMatch: ['**/*.e2e.ts'],
  transform: base.transform,
  // The AI SDK ships ES modules only: compile it (and its ESM-only dependencies) to CommonJS like our own files.
  transformIgnorePatterns: ['/node_modules/(?!(ai|@ai-sdk|@workflow|zod)/)'],
  globalSetup: '<rootDir>/test/e2e/global-setup.ts',
  // The CLI runs one at a time: in parallel on this 2-core box each run takes ~6x longer.
  maxWorkers: 1,
  testTimeout: 120000,
};
