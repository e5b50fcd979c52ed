import { existsSync } from 'node:fs'
import { readdir } from 'node:fs/promises'
import { basename, join, relative } from 'node:path'

import { DatasetLayoutError } from './dataset-errors'
import type { DatasetImage } from './dataset-value'
import { isDirectory, listImageFiles, listSubdirectories, stem } from './list-images'

/** Train and test image lists of one dataset layout. */
export interface ScannedSplits {
  train: DatasetImage[]
  test: DatasetImage[]
}

/** The saliency map the REB authors ship next to a training image, where one exists. */
function saliencyOf(imagePath: string): string | undefined {
  const candidate = join(imagePath, '..', `${stem(basename(imagePath))}_saliency.jpg`)
  return existsSync(candidate) ? candidate : undefined
}

function toImage(root: string, path: string, defectType: string, maskPath?: string): DatasetImage {
  const image: DatasetImage = { path, name: relative(root, path), label: defectType === 'good' ? 0 : 1, defectType }
  if (maskPath) image.maskPath = maskPath
  const saliency = saliencyOf(path)
  if (saliency) image.saliencyPath = saliency
  return image
}

/** Every mask file must belong to a test image: a stray mask means a renamed or missing image. */
async function checkMasksHaveImages(root: string, defectType: string, imagePaths: string[]): Promise<void> {
  const maskDir = join(root, 'ground_truth', defectType)
  if (!(await isDirectory(maskDir))) return
  const imageStems = new Set(imagePaths.map((p) => stem(basename(p))))
  for (const file of (await readdir(maskDir)).sort()) {
    if (!file.endsWith('_mask.png')) continue
    const imageStem = file.slice(0, -'_mask.png'.length)
    if (!imageStems.has(imageStem)) {
      throw new DatasetLayoutError(join(maskDir, file), `a test image test/${defectType}/${imageStem}.<ext> for this mask`, 'no such image')
    }
  }
}

/**
 * The test images of one type. A defect type without a `ground_truth/<type>/` folder is labelled per
 * image only (a common case: sets published without pixel masks), and its images carry no mask; a
 * folder that exists must hold a mask for every image, since a missing one means a lost file.
 */
async function scanDefectType(root: string, defectType: string): Promise<DatasetImage[]> {
  const paths = await listImageFiles(join(root, 'test', defectType))
  if (defectType === 'good') return paths.map((p) => toImage(root, p, 'good'))
  if (!(await isDirectory(join(root, 'ground_truth', defectType)))) return paths.map((p) => toImage(root, p, defectType))
  await checkMasksHaveImages(root, defectType, paths)
  return paths.map((p) => {
    const maskPath = join(root, 'ground_truth', defectType, `${stem(basename(p))}_mask.png`)
    if (!existsSync(maskPath)) {
      throw new DatasetLayoutError(maskPath, `the ground-truth mask of defect image ${relative(root, p)}`, 'no such file')
    }
    return toImage(root, p, defectType, maskPath)
  })
}

/**
 * The MVTec AD layout: `train/good/*` normal training images, `test/<type>/*` test images (`good` is
 * normal) and `ground_truth/<type>/<name>_mask.png` for every defect image of a type that has masks.
 * Sorted order throughout.
 */
export async function scanMvtecLayout(root: string): Promise<ScannedSplits> {
  const trainDir = join(root, 'train', 'good')
  if (!(await isDirectory(trainDir))) throw new DatasetLayoutError(trainDir, 'the MVTec training folder train/good', 'no such directory')
  const testDir = join(root, 'test')
  if (!(await isDirectory(testDir))) throw new DatasetLayoutError(testDir, 'the MVTec test folder test/<type>', 'no such directory')
  const train = (await listImageFiles(trainDir)).map((p) => toImage(root, p, 'good'))
  const test: DatasetImage[] = []
  for (const defectType of await listSubdirectories(testDir)) test.push(...(await scanDefectType(root, defectType)))
  return { train, test }
}
