import { existsSync } from 'node:fs'

import { NodeInputError } from '../contract/errors'
import type { CatalogEntry } from './catalog'
import { storeNameForModel } from './known-weights'
import { findWeightsFile } from './load-pretrained'
import { findStoredWeights, isStoreName, readWeightsIndex, type StoredWeights } from './weights-store'

/** Where backbone.pretrained may find a weights file. */
export interface WeightsLookup {
  /** The weights store folder (`$INSPECTFLOW_WEIGHTS` or `.inspectflow/weights`). */
  storeDir: string
  /** The older loose-files folder, `$INSPECTFLOW_WEIGHTS_DIR`, still honoured after the store. */
  legacyDir?: string
  /** The run's path resolver (relative paths, data roots). */
  resolvePath: (path: string, field: string) => string
}

const FIELD = 'weightsPath'

/** The commands that put weights for `entry` in the store, for error hints. */
function howToGet(entry: CatalogEntry, name: string): string {
  const add = `"inspectflow weights add ${name} /path/to/${entry.arch}.safetensors" (a file you have)`
  const pull = storeNameForModel(entry.name) === name ? `"inspectflow weights pull ${name}" (downloads the ImageNet weights) or ` : ''
  return `Run ${pull}${add}, or set weightsPath to a safetensors file`
}

function checkArch(entry: CatalogEntry, stored: StoredWeights & { path: string }): string {
  if (stored.arch !== entry.arch) {
    throw new NodeInputError(FIELD, `${entry.arch} weights for ${entry.name}`, `store entry "${stored.name}", which holds ${stored.arch} weights`)
  }
  if (!existsSync(stored.path)) {
    throw new NodeInputError(FIELD, `the file of store entry "${stored.name}"`, `no file at ${stored.path}`, `Add it again: "inspectflow weights add ${stored.name} FILE"`)
  }
  return stored.path
}

async function storeContents(storeDir: string): Promise<string> {
  const names = (await readWeightsIndex(storeDir)).map((e) => e.name)
  return names.length > 0 ? `it holds ${names.join(', ')}` : 'it is empty'
}

/** weightsPath is a path: the file, else the same file name in `$INSPECTFLOW_WEIGHTS_DIR`. */
async function fileFromPath(entry: CatalogEntry, given: string, lookup: WeightsLookup): Promise<string> {
  const resolved = lookup.resolvePath(given, FIELD)
  try {
    return findWeightsFile(entry, resolved, lookup.legacyDir)
  } catch (error) {
    if (!(error instanceof NodeInputError)) throw error
    const name = storeNameForModel(entry.name) ?? entry.arch
    // the likely fix when the store already holds the model: name it instead of the path
    const stored = await findStoredWeights(lookup.storeDir, name)
    const hint = stored?.arch === entry.arch ? `The weights store has "${name}": set weightsPath to ${name}` : howToGet(entry, name)
    throw new NodeInputError(FIELD, error.expected, error.found, hint)
  }
}

/** weightsPath is empty: the model's store entry, else a conventional file in `$INSPECTFLOW_WEIGHTS_DIR`. */
async function fileFromStoreDefault(entry: CatalogEntry, lookup: WeightsLookup): Promise<string> {
  const name = storeNameForModel(entry.name) ?? entry.arch
  const stored = await findStoredWeights(lookup.storeDir, name)
  if (stored) return checkArch(entry, stored)
  if (lookup.legacyDir) {
    try {
      return findWeightsFile(entry, undefined, lookup.legacyDir)
    } catch (error) {
      if (!(error instanceof NodeInputError)) throw error
    }
  }
  const where = `empty weightsPath, and no "${name}" in the weights store at ${lookup.storeDir} (${await storeContents(lookup.storeDir)})`
  throw new NodeInputError(FIELD, `a weights store name or a safetensors file with ${entry.arch} weights`, where, howToGet(entry, name))
}

/**
 * The safetensors file backbone.pretrained loads for a torchvision model. `weightsPath` may be a
 * store name (`resnet18`), a path, or empty (then the model's own store entry). A store name wins
 * over a relative file of the same name only when the store has it: a word that is neither is
 * reported as a missing store entry, with the commands that add one.
 */
export async function resolvePretrainedWeights(entry: CatalogEntry, weightsPath: string, lookup: WeightsLookup): Promise<string> {
  const given = weightsPath.trim()
  if (!given) return fileFromStoreDefault(entry, lookup)
  if (!isStoreName(given)) return fileFromPath(entry, given, lookup)
  const stored = await findStoredWeights(lookup.storeDir, given)
  if (stored) return checkArch(entry, stored)
  const asFile = lookup.resolvePath(given, FIELD)
  if (existsSync(asFile)) return asFile
  const found = `"${given}", which is neither in the weights store at ${lookup.storeDir} (${await storeContents(lookup.storeDir)}) nor a file`
  throw new NodeInputError(FIELD, `a weights store name or a safetensors file with ${entry.arch} weights`, found, howToGet(entry, given))
}
