import type { Reporter, TestModule } from 'vitest/node'

/**
 * Prints the run's totals as one plain line, `N passed, N failed, N skipped`, after vitest's own
 * summary, so CI logs end with a line any tool can read. A module that failed to load counts as one
 * failure, since its tests never ran.
 */
export default class TotalsReporter implements Reporter {
  onTestRunEnd(testModules: ReadonlyArray<TestModule>, unhandledErrors: ReadonlyArray<unknown>): void {
    let passed = 0
    let failed = unhandledErrors.length
    let skipped = 0
    for (const module of testModules) {
      let count = 0
      for (const test of module.children.allTests()) {
        count++
        const state = test.result().state
        if (state === 'passed') passed++
        else if (state === 'failed') failed++
        else skipped++
      }
      if (count === 0 && module.state() === 'failed') failed++
    }
    process.stdout.write(`\n${passed} passed, ${failed} failed, ${skipped} skipped\n`)
  }
}
