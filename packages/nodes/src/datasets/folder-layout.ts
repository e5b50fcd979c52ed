import { existsSync } from 'node:fs'
import { basename, join, relative } from 'node:path'

import { DatasetLayoutError } from './dataset-errors'
import type { DatasetImage } from './dataset-value'
import { isDirectory, listImageFiles, listSubdirectories, stem } from './list-images'
import type { ScannedSplits } from './mvtec-layout'

/**
 * The plain layout: `good/*` normal images and one folder per defect type (`defect/*`, or any other
 * name), optionally with `ground_truth/<type>/<name>_mask.png` masks. The last `holdoutGood` fraction
 * of the sorted good images is held out for testing, the rest trains; every defect image is a test image.
 */
export async function scanFolderLayout(root: string, holdoutGood: number): Promise<ScannedSplits> {
  const goodDir = join(root, 'good')
  if (!(await isDirectory(goodDir))) throw new DatasetLayoutError(goodDir, 'a folder good/ of normal images', 'no such directory')
  const good = await listImageFiles(goodDir)
  const testGoodCount = Math.min(Math.round(good.length * holdoutGood), good.length - 1)
  if (good.length < 2 && holdoutGood > 0) {
    throw new DatasetLayoutError(goodDir, 'at least 2 normal images (one to train, one to test)', `${good.length}`)
  }
  const toImage = (path: string, defectType: string): DatasetImage => ({
    path,
    name: relative(root, path),
    label: defectType === 'good' ? 0 : 1,
    defectType,
  })
  const train = good.slice(0, good.length - testGoodCount).map((p) => toImage(p, 'good'))
  const test = good.slice(good.length - testGoodCount).map((p) => toImage(p, 'good'))
  for (const defectType of await listSubdirectories(root)) {
    if (defectType === 'good' || defectType === 'ground_truth') continue
    for (const path of await listImageFiles(join(root, defectType))) {
      const image = toImage(path, defectType)
      const maskPath = join(root, 'ground_truth', defectType, `${stem(basename(path))}_mask.png`)
      if (existsSync(maskPath)) image.maskPath = maskPath
      test.push(image)
    }
  }
  return { train, test }
}
