import type { Reporter, TestModule } from 'vitest/node'

/**
 * Prints the run's totals as one plain line, `N passed, N failed, N skipped`, after vitest's own
 * summary, so CI logs end with a line any tool can read. A module that vitest marks failed without any
 * failed test (it failed to load, or a beforeAll/afterAll hook threw, leaving its tests skipped) counts
 * as one failure, so a broken set-up can never read as green.
 */
export default class TotalsReporter implements Reporter {
  onTestRunEnd(testModules: ReadonlyArray<TestModule>, unhandledErrors: ReadonlyArray<unknown>): void {
    let passed = 0
    let failed = unhandledErrors.length
    let skipped = 0
    for (const module of testModules) {
      let failedHere = 0
      for (const test of module.children.allTests()) {
        const state = test.result().state
        if (state === 'passed') passed++
        else if (state === 'failed') failedHere++
        else skipped++
      }
      failed += failedHere === 0 && module.state() === 'failed' ? 1 : failedHere
    }
    process.stdout.write(`\n${passed} passed, ${failed} failed, ${skipped} skipped\n`)
  }
}
