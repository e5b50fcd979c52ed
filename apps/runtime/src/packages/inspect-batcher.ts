import type { ImageSource, RgbImage } from '@inspectflow/nodes'

import type { ImageVerdict, InspectionModel } from './inspection-model'

/** A decoded image and how long its decode took, or why it failed. */
type Decoded = { image: RgbImage; ms: number } | { error: unknown }

interface Waiting {
  decoded: Promise<Decoded>
  resolve: (verdict: ImageVerdict) => void
  reject: (error: unknown) => void
}

/**
 * Serialises the requests of one loaded model and batches those that queue up: while one batch is
 * scored, new requests wait; the next batch takes every waiting request (up to `maxBatch`) through one
 * feature-model call and one bank search. A lone request is scored at once, alone. Each image starts
 * decoding when it arrives (on libuv's threads), so a queued request's decode overlaps the batch in
 * front of it.
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
    const started = performance.now()
    const decoded = this.model.decode(source).then(
      (image): Decoded => ({ image, ms: performance.now() - started }),
      (error: unknown): Decoded => ({ error }),
    )
    return new Promise((resolve, reject) => {
      this.waiting.push({ decoded, resolve, reject })
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

  /** An unreadable image fails only its own request; the others are scored together. */
  private async score(batch: Waiting[]): Promise<void> {
    const decoded = await Promise.all(batch.map((item) => item.decoded))
    const ready: { item: Waiting; image: RgbImage; ms: number }[] = []
    decoded.forEach((d, i) => {
      const item = batch[i] as Waiting
      if ('error' in d) item.reject(d.error)
      else ready.push({ item, ...d })
    })
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
