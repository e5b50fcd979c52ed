import sharp from 'sharp'

import type { NodeContext } from '../contract/context'
import { throwIfCancelled } from '../contract/errors'
import type { DatasetImage } from '../datasets/dataset-value'

/**
 * Reads one ground-truth mask as 0/1 bytes at size x size. Nearest-neighbour resizing keeps the
 * mask binary; any grey value above 127 counts as anomalous.
 */
export async function readMask(path: string, size: number): Promise<Uint8Array> {
  const { data } = await sharp(path)
    .greyscale()
    .resize(size, size, { fit: 'fill', kernel: 'nearest' })
    .raw()
    .toBuffer({ resolveWithObject: true })
  const mask = new Uint8Array(size * size)
  for (let k = 0; k < mask.length; k++) mask[k] = (data[k] ?? 0) > 127 ? 1 : 0
  return mask
}

/**
 * Masks of the test images, one per image: the decoded mask where a file exists, an all-zero mask
 * for normal images without one, and null for anomalous images without one (left out of pixel
 * metrics, with a note).
 */
export async function loadMasks(ctx: Pick<NodeContext, 'signal' | 'progress'>, images: readonly DatasetImage[], size: number): Promise<(Uint8Array | null)[]> {
  const masks: (Uint8Array | null)[] = []
  for (const [i, image] of images.entries()) {
    throwIfCancelled(ctx.signal)
    if (image.maskPath) masks.push(await readMask(image.maskPath, size))
    else masks.push(image.label === 0 ? new Uint8Array(size * size) : null)
    if (i % 16 === 15) ctx.progress(i + 1, images.length, 'reading masks')
  }
  return masks
}
