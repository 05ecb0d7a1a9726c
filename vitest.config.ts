import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 20_000,
    hookTimeout: 30_000,
    // Each file starts its own app, fake Slack and database; two cores run two files at once.
    pool: 'forks',
    // A worker's files share its modules, so each worker loads and transforms the app once, not
    // once a file: the suite takes half the time. Safe because no file leaves anything behind
    // (test/architecture/shared-workers.test.ts) and the app keeps no state in modules.
    isolate: false,
  },
});
