import type { NodeContext } from '../contract/context'
import { throwIfCancelled } from '../contract/errors'
import type { DatasetImage } from '../datasets/dataset-value'
import { readMask } from '../image/read-image'

/**
 * Masks of the test images, one per image: the decoded mask where a file exists, an all-zero mask
 * for normal images without one, and null for anomalous images without one (left out of pixel
 * metrics, with a note).
 */
export async function loadMasks(ctx: Pick<NodeContext, 'signal' | 'progress'>, images: readonly DatasetImage[], size: number): Promise<(Uint8Array | null)[]> {
  const masks: (Uint8Array | null)[] = []
  for (const [i, image] of images.entries()) {
    throwIfCancelled(ctx.signal)
    // resized like the reference (PIL bicubic, then any value > 0 is anomalous: REB-METHOD 2.2)
    if (image.maskPath) masks.push((await readMask(image.maskPath, size, image.fit)).data)
    else masks.push(image.label === 0 ? new Uint8Array(size * size) : null)
    if (i % 16 === 15) ctx.progress(i + 1, images.length, 'reading masks')
  }
  return masks
}
