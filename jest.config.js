/** Tests run against real PostgreSQL: one embedded server for the whole run (see test/global-setup.ts). */
module.exports = {
  preset: 'ts-jest',
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  // jose and faker ship ES modules only: let ts-jest transpile them to CommonJS. Each file is
  // transpiled on its own (tsconfig.jest.json sets isolatedModules): type-checking every file
  // again under jest about doubled a run's CPU time, and `npm run typecheck` checks the same code.
  transform: {
    '^.+\\.[tj]s$': ['ts-jest', { tsconfig: '<rootDir>/tsconfig.jest.json' }],
  },
  transformIgnorePatterns: ['/node_modules/(?!(jose|@faker-js)/)'],
  globalSetup: '<rootDir>/test/support/global-setup.ts',
  globalTeardown: '<rootDir>/test/support/global-teardown.ts',
  testTimeout: 60000,
  // Files read the shared seeded databases and write only to databases of their own
  // (test/support/own-databases.ts), so they pass in any order. One at a time all the same: a
  // file's own copy is made from a seeded database no other file's hub may hold open.
  maxWorkers: 1,
  // Setting a limit makes jest use a worker process even for one worker: tests must not share a
  // process with the global setup, whose MikroORM metadata would clash with theirs.
  workerIdleMemoryLimit: '2GB',
};
