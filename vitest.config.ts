import { defineConfig } from 'vitest/config';

export default defineConfig({
  // The kiosk's component tests (tests/kiosk/*.test.tsx) are Preact JSX.
  oxc: { jsx: { runtime: 'automatic', importSource: 'preact' } },
  test: {
    include: ['tests/**/*.test.ts', 'tests/**/*.test.tsx'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
    // One id per `vitest run`, shared by its worker processes (tests/helpers/build.ts builds once per run).
    env: { DANGAN_TEST_RUN: `${process.pid}-${Date.now()}` },
  },
});
