import type { ImageSource, RgbImage } from '@inspectflow/nodes'

import type { ImageVerdict, InspectionModel } from './inspection-model'

interface Waiting {
  source: ImageSource
  resolve: (verdict: ImageVerdict) => void
  reject: (error: unknown) => void
}

/**
 * Serialises the requests of one loaded model and batches those that queue up: while one batch is
 * scored, new requests wait; the next batch takes every waiting request (up to `maxBatch`) through one
 * feature-model call and one bank search. A lone request is scored at once, alone.
 */
export class InspectBatcher {
  private readonly waiting: Waiting[] = []
  private running = false
  /** Sizes of the batches scored so far, newest last (bounded), for tests and the bench. */
  readonly batchSizes: number[] = []

  constructor(
    private readonly model: InspectionModel,
    private readonly maxBatch = 8,
  ) {}

  inspect(source: ImageSource): Promise<ImageVerdict> {
    return new Promise((resolve, reject) => {
      this.waiting.push({ source, resolve, reject })
      if (!this.running) void this.drain()
    })
  }

  private async drain(): Promise<void> {
    this.running = true
    while (this.waiting.length > 0) {
      const batch = this.waiting.splice(0, this.maxBatch)
      this.batchSizes.push(batch.length)
      if (this.batchSizes.length > 1000) this.batchSizes.splice(0, 500)
      await this.score(batch)
    }
    this.running = false
  }

  /** Decodes each image on its own (one unreadable image fails only its request), then scores the rest together. */
  private async score(batch: Waiting[]): Promise<void> {
    const decoded = await Promise.all(
      batch.map(async (item) => {
        const started = performance.now()
        try {
          return { item, image: await this.model.decode(item.source), ms: performance.now() - started }
        } catch (error) {
          item.reject(error)
          return undefined
        }
      }),
    )
    const ready = decoded.filter((d): d is { item: Waiting; image: RgbImage; ms: number } => d !== undefined)
    if (ready.length === 0) return
    try {
      const verdicts = await this.model.scoreDecoded(
        ready.map((d) => d.image),
        ready.map((d) => d.ms),
      )
      ready.forEach((d, i) => d.item.resolve(verdicts[i] as ImageVerdict))
    } catch (error) {
      for (const d of ready) d.item.reject(error)
    }
  }
}
