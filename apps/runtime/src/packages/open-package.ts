import type { Engines } from '@inspectflow/nodes'

import { type ReadPackage, readPackageFile } from './package-container'
import { readBank, readEmbeddedWeights, readInspectionDescription, readPackageGraph } from './package-contents'
import type { PackageManifest } from './package-manifest'
import { resolveReferencedWeights } from './package-weights'
import type { FittedInspection } from './fitted-inspection'

/** A package read, checked and turned back into what scoring needs. */
export interface OpenedPackage {
  manifest: PackageManifest
  fitted: FittedInspection
  graph: unknown
}

/** Where a package's referenced weights are looked up. */
export interface OpenOptions {
  engines: Engines
  /** The weights store (`inspectflow weights`), for `--weights-by-hash` packages. */
  weightsStoreDir: string
}

/** The fitted inspection of an already read package; resolves referenced weights from the store. */
export async function fittedOf(read: ReadPackage, file: string, options: OpenOptions): Promise<OpenedPackage> {
  const description = readInspectionDescription(read.entries, file)
  const bank = readBank(read.entries, description, file)
  const weights =
    description.weights.mode === 'embedded'
      ? readEmbeddedWeights(read.entries, file)
      : await resolveReferencedWeights(options.engines, description.backbone, description.weights, options.weightsStoreDir)
  const fitted: FittedInspection = {
    preprocessing: description.preprocessing,
    extractor: { ...description.extractor, backbone: { ...description.backbone, weights } },
    bank,
    scoring: description.scoring,
    threshold: description.threshold,
  }
  return { manifest: read.manifest, fitted, graph: readPackageGraph(read.entries, file) }
}

/**
 * Reads a package file, checks every entry against its manifest and resolves its weights. Throws a
 * PackageError naming the entry at fault for a newer, tampered, truncated or incomplete package.
 */
export async function openPackage(file: string, options: OpenOptions, label = file): Promise<OpenedPackage> {
  return fittedOf(await readPackageFile(file, label), label, options)
}
