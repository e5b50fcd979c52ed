import { createHash } from 'node:crypto'
import { stat } from 'node:fs/promises'
import { relative } from 'node:path'

import type { DatasetImage } from './dataset-value'

/**
 * Hash of every file a dataset reads (images, masks, saliency maps): relative path, size and
 * modification time. Any change on disk changes the fingerprint, and with it the cache keys downstream.
 */
export async function datasetFingerprint(root: string, images: DatasetImage[]): Promise<string> {
  const hash = createHash('sha256')
  const files = new Set<string>()
  for (const image of images) {
    files.add(image.path)
    if (image.maskPath) files.add(image.maskPath)
    if (image.saliencyPath) files.add(image.saliencyPath)
  }
  for (const file of [...files].sort()) {
    const info = await stat(file)
    hash.update(`${relative(root, file)}\t${info.size}\t${Math.round(info.mtimeMs)}\n`)
  }
  return hash.digest('hex')
}
