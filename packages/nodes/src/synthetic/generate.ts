import { createHash } from 'node:crypto'
import { mkdir, rm } from 'node:fs/promises'
import { join } from 'node:path'

import sharp from 'sharp'

import { throwIfCancelled } from '../contract/errors'
import { createRandom } from '../contract/random'
import type { DatasetImage, DatasetValue } from '../datasets/dataset-value'
import { canvasBytes } from './canvas'
import { COMPLETE_MARKER, completeAndIntact, writeCompleteMarker } from './complete-marker'
import { paintDefect, type SyntheticDefectType } from './defects'
import { type ProductKind, renderScene } from './scenes'

/** Bump when the drawing code changes, so cached datasets are regenerated. */
export const SYNTHETIC_GENERATOR_VERSION = 1

/** What to generate; the same options always give the same images, byte for byte. */
export interface SyntheticOptions {
  kind: ProductKind
  seed: number
  trainCount: number
  testGood: number
  /** Anomalous test images per defect type. */
  testDefectPerType: number
  imageSize: number
  defectTypes: SyntheticDefectType[]
}

/** Hooks for long runs: cancellation and progress. */
export interface GenerateHooks {
  signal?: AbortSignal
  progress?: (done: number, total: number, message: string) => void
}

interface Planned {
  split: 'train' | 'test'
  type: 'good' | SyntheticDefectType
  index: number
}

function plan(options: SyntheticOptions): Planned[] {
  const items: Planned[] = []
  for (let i = 0; i < options.trainCount; i++) items.push({ split: 'train', type: 'good', index: i })
  for (let i = 0; i < options.testGood; i++) items.push({ split: 'test', type: 'good', index: i })
  for (const type of options.defectTypes) for (let i = 0; i < options.testDefectPerType; i++) items.push({ split: 'test', type, index: i })
  return items
}

async function writePng(path: string, bytes: Uint8Array, size: number, channels: 1 | 3): Promise<void> {
  const image = sharp(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length), { raw: { width: size, height: size, channels } })
  // Masks are single-channel greyscale PNGs, as in MVTec AD.
  await (channels === 1 ? image.toColourspace('b-w') : image).png({ compressionLevel: 6 }).toFile(path)
}

/** The dataset entry of a planned image: where its files go in the MVTec layout. */
function entryOf(root: string, item: Planned): DatasetImage {
  const file = `${String(item.index).padStart(3, '0')}.png`
  const name = `${item.split}/${item.type}/${file}`
  const image: DatasetImage = { path: join(root, name), name, label: item.type === 'good' ? 0 : 1, defectType: item.type }
  if (item.type !== 'good') image.maskPath = join(root, 'ground_truth', item.type, file.replace('.png', '_mask.png'))
  return image
}

/** Draws and writes one planned image (and its mask), returning its dataset entry. */
async function makeImage(root: string, options: SyntheticOptions, item: Planned): Promise<DatasetImage> {
  const rng = createRandom(`synthetic/${options.kind}/${options.seed}/${item.split}/${item.type}/${item.index}`)
  const scene = renderScene(options.kind, rng.fork('scene'), options.imageSize)
  const image = entryOf(root, item)
  if (item.type !== 'good' && image.maskPath) {
    const mask = paintDefect(item.type, scene, rng.fork('defect'))
    await writePng(image.maskPath, mask.map((m) => m * 255), options.imageSize, 1)
  }
  await writePng(image.path, canvasBytes(scene.canvas), options.imageSize, 3)
  return image
}

/** The Dataset value of the generated files. */
function datasetValue(root: string, options: SyntheticOptions, images: DatasetImage[]): DatasetValue {
  return {
    root,
    layout: 'synthetic',
    imageSize: options.imageSize,
    train: images.filter((image) => image.name.startsWith('train/')),
    test: images.filter((image) => image.name.startsWith('test/')),
    fingerprint: syntheticFingerprint(options),
  }
}

/** Checks the options and says which field is wrong. */
function checkOptions(options: SyntheticOptions): void {
  const counts = { trainCount: options.trainCount, testGood: options.testGood, testDefectPerType: options.testDefectPerType }
  for (const [field, value] of Object.entries(counts)) {
    if (!Number.isInteger(value) || value < 0) throw new RangeError(`dataset.synthetic ${field}: expected an integer >= 0, found ${value}`)
  }
  if (!Number.isInteger(options.imageSize) || options.imageSize < 32) throw new RangeError(`dataset.synthetic imageSize: expected an integer >= 32, found ${options.imageSize}`)
  if (options.trainCount === 0) throw new RangeError('dataset.synthetic trainCount: expected at least 1 training image, found 0')
}

/** Hash of the options and generator version: identifies the generated files exactly. */
export function syntheticFingerprint(options: SyntheticOptions): string {
  return createHash('sha256').update(JSON.stringify({ v: SYNTHETIC_GENERATOR_VERSION, ...options })).digest('hex')
}

/**
 * Generates a seeded synthetic dataset in the MVTec layout under `root`: train/good, test/good,
 * test/<type>, ground_truth/<type>/<name>_mask.png. Normal images vary in lighting, texture phase
 * and position; each anomalous image has one defect with an exact mask.
 */
export async function generateSyntheticDataset(root: string, options: SyntheticOptions, hooks: GenerateHooks = {}): Promise<DatasetValue> {
  checkOptions(options)
  const items = plan(options)
  const folders = new Set(items.map((item) => join(root, item.split, item.type)))
  for (const type of options.defectTypes) folders.add(join(root, 'ground_truth', type))
  for (const folder of folders) await mkdir(folder, { recursive: true })
  const images: DatasetImage[] = []
  const batch = 8
  for (let start = 0; start < items.length; start += batch) {
    if (hooks.signal) throwIfCancelled(hooks.signal)
    images.push(...(await Promise.all(items.slice(start, start + batch).map((item) => makeImage(root, options, item)))))
    hooks.progress?.(Math.min(start + batch, items.length), items.length, 'drawing synthetic images')
  }
  return datasetValue(root, options, images)
}

export { COMPLETE_MARKER } from './complete-marker'

/**
 * Generates the dataset under `root` unless a complete, undamaged copy with the same fingerprint is
 * already there (the generator is deterministic, so the files would be identical). The marker is
 * written last, with each file's hash, so an interrupted generation or a damaged file is redone.
 */
export async function ensureSyntheticDataset(root: string, options: SyntheticOptions, hooks: GenerateHooks = {}): Promise<{ dataset: DatasetValue; reused: boolean }> {
  checkOptions(options)
  const fingerprint = syntheticFingerprint(options)
  const planned = plan(options).map((item) => entryOf(root, item))
  if (await completeAndIntact(root, fingerprint, planned)) return { dataset: datasetValue(root, options, planned), reused: true }
  await rm(join(root, COMPLETE_MARKER), { force: true })
  const dataset = await generateSyntheticDataset(root, options, hooks)
  await writeCompleteMarker(root, fingerprint, [...dataset.train, ...dataset.test])
  return { dataset, reused: false }
}
