import { NodeInputError } from '../contract/errors'
import type { FloatTensor, Tensor } from '../contract/tensor'
import { type ArchitectureSpec, type ConvSpec, listConvLayers, truncateArchitecture } from './architecture'
import { foldBatchNorm, readTorchvisionBatchNorm, torchvisionBatchNormName } from './fold-batchnorm'

/** torchvision's BatchNorm2d default epsilon. */
export const TORCHVISION_BN_EPS = 1e-5

/** Options of {@link prepareTorchvisionWeights}. */
export interface PrepareWeightsOptions {
  /** The shallowest stage that must be present (features need `layer3`). */
  requiredStage: string
  /** Names the file in error messages. */
  source: string
  /** Param name reported in errors (default `weightsPath`). */
  field?: string
}

/** Weights with BatchNorm folded into every conv, and the deepest stage they cover. */
export interface PreparedWeights {
  weights: Record<string, FloatTensor>
  deepestStage: string
}

const sameShape = (a: readonly number[], b: readonly number[]): boolean => a.length === b.length && a.every((v, i) => v === b[i])
const shapeText = (shape: readonly number[]): string => `[${shape.join(', ')}]`

/** The deepest stage with any tensor in the file, never shallower than the required one. */
function deepestStageIn(tensors: Record<string, Tensor>, spec: ArchitectureSpec, requiredStage: string): string {
  const names = Object.keys(tensors)
  const required = spec.stages.findIndex((s) => s.name === requiredStage)
  let deepest = required
  spec.stages.forEach((stage, index) => {
    if (index > deepest && names.some((n) => n.startsWith(`${stage.name}.`))) deepest = index
  })
  return spec.stages[Math.max(deepest, 0)]?.name ?? requiredStage
}

/** Checks and folds one conv; pushes a line per problem instead of throwing. */
function prepareConv(tensors: Record<string, Tensor>, conv: ConvSpec, problems: string[]): { weight: FloatTensor; bias: FloatTensor } | undefined {
  const weightName = `${conv.name}.weight`
  const weight = tensors[weightName]
  const expected = [conv.outChannels, conv.inChannels, conv.kernel, conv.kernel]
  if (!weight || weight.dtype !== 'float32') {
    problems.push(`missing ${weightName} ${shapeText(expected)}`)
    return undefined
  }
  if (!sameShape(weight.shape, expected)) {
    problems.push(`${weightName} has shape ${shapeText(weight.shape)}, expected ${shapeText(expected)}`)
    return undefined
  }
  const bias = tensors[`${conv.name}.bias`]
  if (bias && (bias.dtype !== 'float32' || !sameShape(bias.shape, [conv.outChannels]))) {
    problems.push(`${conv.name}.bias has shape ${shapeText(bias.shape)}, expected [${conv.outChannels}]`)
    return undefined
  }
  const bnName = torchvisionBatchNormName(conv.name)
  const hasBatchNorm = Object.keys(tensors).some((n) => n.startsWith(`${bnName}.`))
  if (!hasBatchNorm) {
    if (!bias) problems.push(`missing ${conv.name}.bias [${conv.outChannels}] (or the BatchNorm ${bnName}.*)`)
    return bias ? { weight: weight as FloatTensor, bias: bias as FloatTensor } : undefined
  }
  const bn = readTorchvisionBatchNorm(tensors, bnName, TORCHVISION_BN_EPS)
  const badBn = !bn || [bn.gamma, bn.beta, bn.mean, bn.variance].some((t) => t.length !== conv.outChannels)
  if (badBn) {
    problems.push(`${bnName}: expected weight, bias, running_mean and running_var of [${conv.outChannels}]`)
    return undefined
  }
  return foldBatchNorm(weight as FloatTensor, bias?.data as Float32Array | undefined, bn)
}

/**
 * Turns a torchvision state dict (BatchNorm separate or already folded, possibly a partial trunk)
 * into the folded weights dictionary of {@link ArchitectureSpec}. Every conv from the stem to the
 * deepest stage present (at least `requiredStage`) must be there with its expected shape; all missing
 * or misshapen tensors are reported together in one NodeInputError that names the file.
 */
export function prepareTorchvisionWeights(tensors: Record<string, Tensor>, spec: ArchitectureSpec, options: PrepareWeightsOptions): PreparedWeights {
  const deepestStage = deepestStageIn(tensors, spec, options.requiredStage)
  const problems: string[] = []
  const weights: Record<string, FloatTensor> = {}
  for (const conv of listConvLayers(truncateArchitecture(spec, deepestStage))) {
    const prepared = prepareConv(tensors, conv, problems)
    if (!prepared) continue
    weights[`${conv.name}.weight`] = prepared.weight
    weights[`${conv.name}.bias`] = prepared.bias
  }
  if (problems.length > 0) {
    throw new NodeInputError(
      options.field ?? 'weightsPath',
      `${spec.arch} weights (torchvision names) from conv1 to ${deepestStage}`,
      `${problems.length} problem(s) in ${options.source}: ${problems.join('; ')}`,
    )
  }
  return { weights, deepestStage }
}
