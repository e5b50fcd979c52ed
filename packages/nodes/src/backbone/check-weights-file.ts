import { NodeInputError } from '../contract/errors'
import { readSafetensors } from '../io/safetensors'
import { describeArchitecture } from './architecture'
import type { BackboneArch } from './backbone-value'
import { prepareTorchvisionWeights } from './prepare-weights'

/** What a checked weights file holds. */
export interface CheckedWeights {
  /** Deepest ResNet stage present (layer3 or layer4). */
  deepestStage: string
  tensorCount: number
}

/**
 * Checks that a safetensors file holds torchvision-named weights of `arch` from conv1 to at least
 * layer3 (BatchNorm separate or folded), with the shapes the architecture needs. The same check the
 * backbone runs at load time, done once when the file enters the store, so a wrong file is refused
 * there with every misnamed or misshapen tensor named instead of failing a later run.
 */
export async function checkWeightsFile(file: string, arch: Exclude<BackboneArch, 'resnet50_keras'>, field: string): Promise<CheckedWeights> {
  let tensors
  try {
    tensors = (await readSafetensors(file)).tensors
  } catch (error) {
    throw new NodeInputError(field, `a safetensors file with ${arch} weights`, `${file}, which cannot be read as safetensors (${(error as Error).message})`)
  }
  const { deepestStage } = prepareTorchvisionWeights(tensors, describeArchitecture(arch), { requiredStage: 'layer3', source: file, field })
  return { deepestStage, tensorCount: Object.keys(tensors).length }
}
