import type { RunEvent } from '@inspectflow/graph-schema'

/** Wall time and memory of one executed (or cached) node. */
export interface StageTiming {
  nodeId: string
  nodeType: string
  ms: number
  cached: boolean
  /** Images the stage processed, where that is meaningful. */
  images?: number
  imagesPerSecond?: number
  /** The process's peak resident set so far when the stage ended (it never decreases), in MiB. */
  peakRssMiB: number
  /** Largest RSS sampled while the stage ran, in MiB (samples every 100 ms when the event loop is free). */
  sampledRssMiB: number
}

/** Peak resident set size of this process since it started, in MiB. */
export function peakRssMiB(): number {
  return process.resourceUsage().maxRSS / 1024
}

/**
 * Listens to run events and records each node's wall time (node:started to node:finished) with the
 * peak RSS when it ended; a 100 ms sampler adds the largest RSS seen during the stage.
 */
export function createStageTimer(): { onEvent: (event: RunEvent) => void; stages: StageTiming[]; stop: () => void } {
  const stages: StageTiming[] = []
  let sampled = 0
  const sampler = setInterval(() => {
    sampled = Math.max(sampled, process.memoryUsage.rss())
  }, 100)
  const onEvent = (event: RunEvent): void => {
    if (event.type === 'node:started') {
      sampled = process.memoryUsage.rss()
    } else if (event.type === 'node:finished' || event.type === 'node:cached') {
      sampled = Math.max(sampled, process.memoryUsage.rss())
      stages.push({
        nodeId: event.nodeId,
        nodeType: event.nodeType,
        // a cached node did no work: 0 ms, shown with a star in the table
        ms: event.type === 'node:finished' ? event.ms : 0,
        cached: event.type === 'node:cached',
        peakRssMiB: peakRssMiB(),
        sampledRssMiB: sampled / 2 ** 20,
      })
    }
  }
  return { onEvent, stages, stop: () => clearInterval(sampler) }
}
