/**
 * Opt-in check of the patch features against the REB reference implementation's output
 * (`first_test_embeddings` of ../shared/fixtures/reference-bottle-r18). Run from the repository root:
 *
 *   npx tsx packages/nodes/src/features/check-reference.ts [sharedDir]
 *
 * Skips (exit 0) when the shared directory is absent. Differences come mostly from the image resize
 * (the reference uses PIL bicubic) and float32 summation order.
 */
import { existsSync } from 'node:fs'
import { readFile } from 'node:fs/promises'
import path from 'node:path'

import { loadPretrainedBackbone } from '../backbone/load-pretrained'
import { createEngines } from '../engine/create-engines'
import { readSafetensors } from '../io/safetensors'
import { createFeatureExtractor } from './create-extractor'
import { extractPatchFeatures } from './extract-patch-features'

const shared = process.argv[2] ?? path.resolve('../shared')
const fixture = path.join(shared, 'fixtures/reference-bottle-r18')
const say = (line: string): void => void process.stdout.write(`${line}\n`)

async function main(): Promise<void> {
  if (!existsSync(fixture)) {
    say(`skipped: ${fixture} not found`)
    return
  }
  const scores = JSON.parse(await readFile(path.join(fixture, 'scores.json'), 'utf8')) as { embedded_images: string[] }
  const reference = (await readSafetensors(path.join(fixture, 'reference.safetensors'))).tensors.first_test_embeddings
  if (!reference) throw new Error('reference.safetensors has no first_test_embeddings')
  const engines = createEngines()
  const backbone = await loadPretrainedBackbone(engines, {
    model: 'resnet18-imagenet',
    weightsPath: path.join(shared, 'weights/resnet18-imagenet-trunk.safetensors'),
  })
  const extractor = createFeatureExtractor(backbone, { layers: ['layer2', 'layer3'], patchSize: 3, pretrainEmbedDim: 0, embedDim: 0 })
  const images = scores.embedded_images.map((name) => path.join(shared, 'datasets/mvtec_ad/bottle', name))
  const features = await extractPatchFeatures(engines, extractor, images, { imageSize: 256 })
  say(`images: ${scores.embedded_images.join(', ')}`)
  say(`shape: ours [${features.shape.join(', ')}], reference [${reference.shape.join(', ')}]`)
  let maxAbs = 0
  let sumAbs = 0
  let sumRef = 0
  for (let i = 0; i < reference.data.length; i++) {
    const d = Math.abs((features.data[i] as number) - (reference.data[i] as number))
    maxAbs = Math.max(maxAbs, d)
    sumAbs += d
    sumRef += Math.abs(reference.data[i] as number)
  }
  const n = reference.data.length
  say(`max |diff| ${maxAbs.toExponential(3)}, mean |diff| ${(sumAbs / n).toExponential(3)}, mean |reference| ${(sumRef / n).toExponential(3)}`)
}

await main()
