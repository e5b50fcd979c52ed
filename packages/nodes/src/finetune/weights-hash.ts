import { createHash } from 'node:crypto'

import type { FloatTensor } from '../contract/tensor'

/** sha256 over a weights dictionary: names in sorted order, each with its shape and raw bytes. */
export function hashWeights(weights: Record<string, FloatTensor>): string {
  const hash = createHash('sha256')
  for (const name of Object.keys(weights).sort()) {
    const t = weights[name]!
    hash.update(`${name}:${t.shape.join('x')};`)
    hash.update(new Uint8Array(t.data.buffer, t.data.byteOffset, t.data.byteLength))
  }
  return hash.digest('hex')
}
