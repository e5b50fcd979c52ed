import { randomBytes } from 'node:crypto'

import { heatMapPng } from './heat-map'
import type { ImageVerdict } from './inspection-model'

interface Kept {
  verdict: ImageVerdict
  png?: Promise<Uint8Array>
}

/**
 * The heat maps of the latest inspections, kept in memory so that answering an inspection never waits
 * for a PNG encode: the overlay is drawn when its `mapUrl` is first fetched. The oldest is dropped
 * past `capacity`; ids are random so one client cannot guess another's maps.
 */
export class RecentMaps {
  private readonly kept = new Map<string, Kept>()

  constructor(private readonly capacity = 256) {}

  add(verdict: ImageVerdict): string {
    const id = randomBytes(9).toString('base64url')
    this.kept.set(id, { verdict })
    while (this.kept.size > this.capacity) this.kept.delete(this.kept.keys().next().value as string)
    return id
  }

  /** The overlay PNG of a kept verdict, or undefined when it is unknown or was dropped. */
  png(id: string): Promise<Uint8Array> | undefined {
    const kept = this.kept.get(id)
    if (!kept) return undefined
    kept.png ??= heatMapPng(kept.verdict)
    return kept.png
  }
}
