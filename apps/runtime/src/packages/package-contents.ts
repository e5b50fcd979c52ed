import { decodeSafetensors, encodeSafetensors, type FloatTensor, type SafetensorsContent, type Tensor } from '@inspectflow/nodes'

import type { PackageEntries } from './package-container'
import { PackageError } from './package-errors'
import type { BackboneDescription, FittedInspection, InspectionBank, WeightsReference } from './fitted-inspection'

/** Entry names inside a package besides manifest.json. */
export const ENTRY = {
  graph: 'graph.json',
  inspection: 'inspection.json',
  bank: 'bank.safetensors',
  backbone: 'backbone.safetensors',
} as const

/** What inspection.json holds: every setting of the fitted inspection, no tensors. */
export interface InspectionDescription {
  preprocessing: FittedInspection['preprocessing']
  extractor: Omit<FittedInspection['extractor'], 'backbone'>
  backbone: BackboneDescription
  bank: Omit<InspectionBank, 'core' | 'densities'>
  scoring: FittedInspection['scoring']
  threshold: FittedInspection['threshold']
  /** `embedded`: backbone.safetensors holds the folded weights; `by-hash`: the weights store must. */
  weights: { mode: 'embedded' } | ({ mode: 'by-hash' } & WeightsReference)
}

/** The entries of a package for a fitted inspection; `weightsRef` leaves the weights out. */
export function encodeInspection(fitted: FittedInspection, graph: unknown, weightsRef?: WeightsReference): PackageEntries {
  const { backbone, ...extractor } = fitted.extractor
  const { weights, ...description } = backbone
  const { core, densities, ...bankInfo } = fitted.bank
  const inspection: InspectionDescription = {
    preprocessing: fitted.preprocessing,
    extractor,
    backbone: description,
    bank: bankInfo,
    scoring: fitted.scoring,
    threshold: fitted.threshold,
    weights: weightsRef ? { mode: 'by-hash', ...weightsRef } : { mode: 'embedded' },
  }
  const bankTensors: Record<string, Tensor> = { core: { dtype: 'float32', shape: [fitted.bank.rows, fitted.bank.dim], data: core } }
  if (densities) bankTensors.densities = { dtype: 'float32', shape: [fitted.bank.rows], data: densities }
  const entries: PackageEntries = new Map()
  entries.set(ENTRY.inspection, Buffer.from(`${JSON.stringify(inspection, null, 2)}\n`))
  entries.set(ENTRY.graph, Buffer.from(`${JSON.stringify(graph, null, 2)}\n`))
  entries.set(ENTRY.bank, encodeSafetensors(bankTensors))
  if (!weightsRef) entries.set(ENTRY.backbone, encodeSafetensors(weights, { weightsHash: backbone.weightsHash }))
  return entries
}

function entryOf(entries: PackageEntries, name: string, file: string): Buffer {
  const bytes = entries.get(name)
  if (!bytes) throw new PackageError('missing_entry', `${file}: entry "${name}" is missing`, name)
  return bytes
}

function invalid(file: string, entry: string, expected: string, found: string): PackageError {
  return new PackageError('invalid_content', `${file}: entry "${entry}": expected ${expected}, found ${found}`, entry)
}

/** inspection.json, parsed and checked for the fields scoring relies on. */
export function readInspectionDescription(entries: PackageEntries, file: string): InspectionDescription {
  let parsed: InspectionDescription
  try {
    parsed = JSON.parse(entryOf(entries, ENTRY.inspection, file).toString('utf8')) as InspectionDescription
  } catch (error) {
    if (error instanceof PackageError) throw error
    throw invalid(file, ENTRY.inspection, 'JSON', (error as Error).message)
  }
  const size = parsed.preprocessing?.imageSize
  if (typeof size !== 'number' || size < 1) throw invalid(file, ENTRY.inspection, 'preprocessing.imageSize > 0', JSON.stringify(size))
  if (typeof parsed.threshold?.value !== 'number') throw invalid(file, ENTRY.inspection, 'a numeric threshold.value', JSON.stringify(parsed.threshold?.value))
  const mode = (parsed.weights as { mode?: unknown } | undefined)?.mode
  if (mode !== 'embedded' && mode !== 'by-hash') throw invalid(file, ENTRY.inspection, 'weights.mode "embedded" or "by-hash"', JSON.stringify(mode))
  return parsed
}

function decodeEntry(entries: PackageEntries, name: string, file: string): SafetensorsContent {
  try {
    return decodeSafetensors(entryOf(entries, name, file), `${file}: ${name}`)
  } catch (error) {
    if (error instanceof PackageError) throw error
    throw invalid(file, name, 'a safetensors file', (error as Error).message)
  }
}

function floatTensorOf(content: SafetensorsContent, name: string, entry: string, file: string): FloatTensor {
  const tensor = content.tensors[name]
  if (!tensor || tensor.dtype !== 'float32') throw invalid(file, entry, `a float32 tensor "${name}"`, tensor ? tensor.dtype : 'none')
  return tensor as FloatTensor
}

/** The bank's tensors, checked against inspection.json's description of them. */
export function readBank(entries: PackageEntries, description: InspectionDescription, file: string): InspectionBank {
  const content = decodeEntry(entries, ENTRY.bank, file)
  const core = floatTensorOf(content, 'core', ENTRY.bank, file)
  const { rows, dim } = description.bank
  if (core.shape.join() !== [rows, dim].join()) throw invalid(file, ENTRY.bank, `core [${rows}, ${dim}]`, `[${core.shape.join(', ')}]`)
  const bank: InspectionBank = { ...description.bank, core: core.data }
  if (description.scoring.scorer === 'ldknn') {
    const densities = floatTensorOf(content, 'densities', ENTRY.bank, file)
    if (densities.data.length !== rows || densities.data.some((v) => !Number.isFinite(v))) throw invalid(file, ENTRY.bank, `${rows} finite densities`, `${densities.data.length} values`)
    bank.densities = densities.data
  }
  return bank
}

/** The folded backbone weights carried in the package. */
export function readEmbeddedWeights(entries: PackageEntries, file: string): Record<string, FloatTensor> {
  const content = decodeEntry(entries, ENTRY.backbone, file)
  const weights: Record<string, FloatTensor> = {}
  for (const [name, tensor] of Object.entries(content.tensors)) {
    if (tensor.dtype !== 'float32') throw invalid(file, ENTRY.backbone, `float32 weights`, `${name} as ${tensor.dtype}`)
    weights[name] = tensor as FloatTensor
  }
  return weights
}

/** The graph the package was fitted from, as JSON. */
export function readPackageGraph(entries: PackageEntries, file: string): unknown {
  try {
    return JSON.parse(entryOf(entries, ENTRY.graph, file).toString('utf8')) as unknown
  } catch (error) {
    if (error instanceof PackageError) throw error
    throw invalid(file, ENTRY.graph, 'JSON', (error as Error).message)
  }
}
