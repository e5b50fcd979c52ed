import { relative } from 'node:path'

import { readImageSize } from '../image/read-image'
import { DatasetLayoutError } from './dataset-errors'
import type { DatasetImage } from './dataset-value'

/**
 * Reads every image and mask header (no pixel decoding, a few milliseconds each) so that a corrupt
 * file or a mask whose size differs from its image fails before any compute, naming the file.
 */
export async function checkImageHeaders(root: string, images: DatasetImage[], signal?: AbortSignal): Promise<void> {
  for (const image of images) {
    signal?.throwIfAborted()
    const size = await headerSize(image.path, 'a readable image')
    if (!image.maskPath) continue
    const maskSize = await headerSize(image.maskPath, 'a readable mask')
    if (maskSize.width !== size.width || maskSize.height !== size.height) {
      throw new DatasetLayoutError(
        image.maskPath,
        `a mask of the size of its image ${relative(root, image.path)} (${size.width}x${size.height})`,
        `${maskSize.width}x${maskSize.height}`,
      )
    }
  }
}

async function headerSize(path: string, expected: string): Promise<{ width: number; height: number }> {
  try {
    return await readImageSize(path)
  } catch (error) {
    const reason = error instanceof Error && error.cause instanceof Error ? error.cause.message : String(error)
    throw new DatasetLayoutError(path, expected, `a file that cannot be decoded (${reason})`)
  }
}
