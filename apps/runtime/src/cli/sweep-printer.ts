import type { SweepEvent } from '../sweep/run-sweep'
import { progressBar, seconds } from './format-event'
import type { ProgressPrinter } from './progress-printer'

interface Output {
  write(text: string): unknown
}

const f = (x: number | null): string => (x === null ? 'n/a' : x.toFixed(4))

/**
 * Sweep progress: a line with the sweep's bar, runs done and time left before each run, each run's own
 * progress through the run printer, and the run's headline metrics when it ends.
 */
export function createSweepPrinter(out: Output, runPrinter: () => ProgressPrinter): { onEvent(event: SweepEvent): void; close(): void } {
  let current: ProgressPrinter | undefined
  let startedAt = Date.now()
  let done = 0
  let total = 0
  return {
    onEvent(event) {
      switch (event.type) {
        case 'sweep:started':
          startedAt = Date.now()
          total = event.total
          out.write(`sweep: ${event.total} run${event.total === 1 ? '' : 's'}\n`)
          return
        case 'sweep:run-started': {
          const elapsed = Date.now() - startedAt
          const left = done > 0 ? `, about ${seconds((elapsed / done) * (event.total - done))} left` : ''
          out.write(`\n${progressBar(done, event.total)} sweep run ${event.index + 1}/${event.total}: ${event.label} (${seconds(elapsed)} elapsed${left})\n`)
          current = runPrinter()
          return
        }
        case 'sweep:run-event':
          current?.onEvent(event.event)
          return
        case 'sweep:run-ended': {
          current?.close()
          current = undefined
          done += 1
          const r = event.run
          const measured = r.status === 'finished' ? `image AUROC ${f(r.imageAuroc)}, pixel AUROC ${f(r.pixelAuroc)}, AUPRO ${f(r.aupro)}, best F1 ${f(r.f1)}` : `${r.status}${r.error ? `: ${r.error.split('\n')[0]}` : ''}`
          out.write(`sweep run ${event.index + 1}/${event.total} ${r.label}: ${measured} (${seconds(event.ms)}; ${r.executed.length} nodes ran, ${r.cached.length} from cache)\n`)
          return
        }
        case 'sweep:ended':
          out.write(`\n${progressBar(done, total)} sweep ${event.cancelled ? 'stopped' : 'finished'}: ${done} runs in ${seconds(event.ms)}\n`)
      }
    },
    close() {
      current?.close()
    },
  }
}
