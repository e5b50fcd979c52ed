import { DatasetLayoutError } from './dataset-errors'
import type { DatasetValue } from './dataset-value'
import { checkImageHeaders } from './check-images'
import { datasetFingerprint } from './fingerprint'
import { scanFolderLayout } from './folder-layout'
import { isDirectory } from './list-images'
import { type ScannedSplits, scanMvtecLayout } from './mvtec-layout'
import { commonRoot, type DatasetFolders, scanPathsLayout } from './paths-layout'

/** Options of `loadFolderDataset`, the same as the `dataset.folder` node's params. */
export interface FolderDatasetOptions {
  /** Absolute path of the dataset (one MVTec category, or a good/defect folder). */
  root: string
  layout: 'auto' | 'mvtec' | 'folder' | 'paths'
  /** `paths` layout only: the folders, absolute (`root` is then unused). */
  folders?: Omit<DatasetFolders, 'holdoutGood' | 'holdoutSeed'> & { holdoutSeed?: number }
  imageSize: number
  /** Folder layout only: fraction of the sorted good images held out for testing. */
  holdoutGood?: number
  /** Read every header to catch corrupt files and mask sizes up front (default true). */
  checkHeaders?: boolean
  signal?: AbortSignal
}

/** Decides the layout of `root` when `auto`: MVTec when `train/good` exists, folder when `good` exists. */
export async function detectLayout(root: string): Promise<'mvtec' | 'folder'> {
  if (!(await isDirectory(root))) throw new DatasetLayoutError(root, 'a dataset directory', 'no such directory')
  if (await isDirectory(`${root}/train/good`)) return 'mvtec'
  if (await isDirectory(`${root}/good`)) return 'folder'
  throw new DatasetLayoutError(root, 'an MVTec layout (train/good, test/<type>) or a folder layout (good/, defect/)', 'neither train/good nor good/')
}

/** Scans a dataset folder into a `DatasetValue`: file lists only, pixels are decoded by consumers. */
export async function loadFolderDataset(options: FolderDatasetOptions): Promise<DatasetValue> {
  if (options.layout === 'paths') return loadPathsDataset(options)
  const { root } = options
  const layout = options.layout === 'auto' ? await detectLayout(root) : options.layout
  if (!(await isDirectory(root))) throw new DatasetLayoutError(root, 'a dataset directory', 'no such directory')
  const splits: ScannedSplits =
    layout === 'mvtec' ? await scanMvtecLayout(root) : await scanFolderLayout(root, options.holdoutGood ?? 0.2)
  return finishDataset(root, layout, splits, options)
}

/** A dataset from folders named one by one (normal, abnormal, masks, test normal, inspect). */
async function loadPathsDataset(options: FolderDatasetOptions): Promise<DatasetValue> {
  const folders = options.folders
  if (!folders?.normalDir) throw new DatasetLayoutError(options.root, 'normalDir: the folder of good images (layout "paths")', 'none given')
  const given = [folders.normalDir, folders.abnormalDir, folders.maskDir, folders.testNormalDir, folders.inspectDir].filter((f): f is string => Boolean(f))
  const root = commonRoot(given)
  const splits = await scanPathsLayout(root, { ...folders, holdoutGood: options.holdoutGood ?? 0.2, holdoutSeed: folders.holdoutSeed ?? 0 })
  return finishDataset(root, 'paths', { train: splits.train, test: [...splits.test, ...splits.inspect] }, options)
}

async function finishDataset(root: string, layout: DatasetValue['layout'], splits: ScannedSplits, options: FolderDatasetOptions): Promise<DatasetValue> {
  if (splits.train.length === 0) throw new DatasetLayoutError(root, 'at least one normal training image', 'none')
  if (splits.test.length === 0) throw new DatasetLayoutError(root, 'at least one test image', 'none')
  const all = [...splits.train, ...splits.test]
  if (options.checkHeaders ?? true) await checkImageHeaders(root, all, options.signal)
  return {
    root,
    layout,
    imageSize: options.imageSize,
    train: splits.train,
    test: splits.test,
    fingerprint: await datasetFingerprint(root, all),
  }
}
