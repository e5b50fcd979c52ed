import { existsSync } from 'node:fs'
import { basename, dirname, join, relative, sep } from 'node:path'

import { createRandom } from '../contract/random'
import { DatasetLayoutError } from './dataset-errors'
import type { DatasetImage } from './dataset-value'
import { listImageFiles, listSubdirectories, stem } from './list-images'
import type { ScannedSplits } from './mvtec-layout'

/** The folders of a dataset given one by one, as anomalib's Folder datamodule takes them (absolute paths). */
export interface DatasetFolders {
  /** Good images from the line; they train the model (less any held out for testing). */
  normalDir: string
  /** Defective images, directly or in one sub-folder per defect type. */
  abnormalDir?: string
  /** Masks of the defective images: the same relative name, or `<stem>_mask.png`. */
  maskDir?: string
  /** Good images kept for testing; without it, `holdoutGood` of the normal images are drawn (seeded). */
  testNormalDir?: string
  /** New, unlabelled images to check: scored, thresholded and mapped, never counted in metrics. */
  inspectDir?: string
  holdoutGood: number
  /** Seed of the hold-out draw, so the same folders always split the same way. */
  holdoutSeed: number
}

/** Relative names resolve against the common root so reports show `good/001.png`, `new/cam1.png`. */
function imageOf(root: string, path: string, defectType: string, extra: Partial<DatasetImage> = {}): DatasetImage {
  return { path, name: relative(root, path), label: defectType === 'good' ? 0 : 1, defectType, ...extra }
}

/**
 * Scans explicitly named folders. Good images only is a valid dataset (the test set then has normal
 * images only and image metrics say there are no defective images); the held-out normal images are a
 * seeded draw of `holdoutGood` of them, at least one and never all.
 */
export async function scanPathsLayout(root: string, folders: DatasetFolders): Promise<ScannedSplits & { inspect: DatasetImage[] }> {
  const normal = await listImageFiles(folders.normalDir)
  let trainPaths = normal
  let testNormal: string[]
  if (folders.testNormalDir) {
    testNormal = await listImageFiles(folders.testNormalDir)
  } else {
    const held = heldOut(normal, folders)
    testNormal = normal.filter((p) => held.has(p))
    trainPaths = normal.filter((p) => !held.has(p))
  }
  if (trainPaths.length === 0) throw new DatasetLayoutError(folders.normalDir, 'at least one good image to learn from', 'none')
  const test = testNormal.map((p) => imageOf(root, p, 'good'))
  if (folders.abnormalDir) test.push(...(await abnormalImages(root, folders.abnormalDir, folders.maskDir)))
  const inspect = folders.inspectDir ? (await listImageFiles(folders.inspectDir)).map((p) => imageOf(root, p, 'unlabelled', { label: 0, inspect: true })) : []
  return { train: trainPaths.map((p) => imageOf(root, p, 'good')), test, inspect }
}

function heldOut(normal: string[], folders: DatasetFolders): Set<string> {
  if (folders.holdoutGood <= 0) return new Set()
  if (normal.length < 2) throw new DatasetLayoutError(folders.normalDir, 'at least 2 good images (one to learn from, one to test), or a testNormalDir', `${normal.length}`)
  const count = Math.min(Math.max(1, Math.round(normal.length * folders.holdoutGood)), normal.length - 1)
  const rng = createRandom(`holdout/${folders.holdoutSeed}`)
  const order = normal.map((path) => ({ path, key: rng.next() })).sort((a, b) => a.key - b.key)
  return new Set(order.slice(0, count).map((o) => o.path))
}

async function abnormalImages(root: string, abnormalDir: string, maskDir: string | undefined): Promise<DatasetImage[]> {
  const images: DatasetImage[] = []
  const loose = await listImageFiles(abnormalDir)
  for (const path of loose) images.push(withMask(imageOf(root, path, 'defect'), abnormalDir, maskDir))
  for (const type of await listSubdirectories(abnormalDir)) {
    for (const path of await listImageFiles(join(abnormalDir, type))) images.push(withMask(imageOf(root, path, type), abnormalDir, maskDir))
  }
  if (images.length === 0) throw new DatasetLayoutError(abnormalDir, 'defective images, directly or in one folder per defect type', 'none')
  return images
}

/** The mask of a defective image: `<maskDir>/<same relative path>` or `<maskDir>/<relative dir>/<stem>_mask.png`. */
function withMask(image: DatasetImage, abnormalDir: string, maskDir: string | undefined): DatasetImage {
  if (!maskDir) return image
  const rel = relative(abnormalDir, image.path)
  const candidates = [join(maskDir, rel), join(maskDir, dirname(rel), `${stem(basename(rel))}_mask.png`), join(maskDir, dirname(rel), `${stem(basename(rel))}.png`)]
  const found = candidates.find((c) => existsSync(c))
  if (!found) throw new DatasetLayoutError(candidates[1] as string, `a mask of defective image ${image.name} in maskDir`, 'no such file')
  return { ...image, maskPath: found }
}

/** The deepest folder holding all the given ones: image names are relative to it. */
export function commonRoot(folders: string[]): string {
  const split = folders.map((f) => f.split(sep))
  const first = split[0] ?? []
  let depth = 0
  while (depth < first.length && split.every((parts) => parts[depth] === first[depth])) depth += 1
  const common = first.slice(0, depth).join(sep) || sep
  // a single folder: its parent, so names keep the folder (`good/001.png`)
  return folders.length === 1 || folders.every((f) => f === common) ? dirname(common) : common
}
