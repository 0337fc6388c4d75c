import tsconfigPaths from 'vite-tsconfig-paths'
import { defineConfig } from 'vitest/config'

// Kept apart from vite.config.ts so the Remix plugin never loads in tests.
export default defineConfig({
  plugins: [tsconfigPaths()],
  // As in the dev server and the test build (vite.config.ts).
  define: { __HAVEN_STANDIN_VIDEO__: 'true' },
  test: {
    include: [
      'app/**/*.test.{ts,tsx}',
      'jobs/**/*.test.ts',
      'scripts/**/*.test.ts',
      'prisma/**/*.test.ts',
      'tests/**/*.test.ts',
    ],
    exclude: ['tests/e2e/**', 'node_modules/**'],
    // Starts the embedded PostgreSQL once and builds a migrated template database.
    globalSetup: ['tests/setup/global-setup.ts'],
    // Gives every test file its own database cloned from the template, and fails a test on console.error.
    setupFiles: ['tests/setup/env.ts', 'tests/setup/per-file.ts'],
    pool: 'forks',
    // Most test files spend their time waiting on PostgreSQL, not the CPU: Vitest's default (one
    // worker fewer than cores, so one on a 2-core CI machine) left a core idle. Three took the
    // suite from 6 min 37 s to 3 min 46 s there (3 Dec 2026).
    maxWorkers: 3,
    testTimeout: 20_000,
    hookTimeout: 60_000,
    restoreMocks: true,
  },
})
