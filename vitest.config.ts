import { defineConfig } from 'vitest/config'

// One root config: unit tests sit next to the code (*.test.ts), integration and browser tests in tests/.
export default defineConfig({
  test: {
    include: ['packages/*/src/**/*.test.ts', 'packages/*/test/**/*.test.ts', 'apps/*/src/**/*.test.ts', 'apps/*/test/**/*.test.ts', 'tests/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: 'forks',
    reporters: ['default', './tests/support/totals-reporter.ts'],
  },
})
