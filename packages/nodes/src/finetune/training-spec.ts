import { type ArchitectureSpec, describeArchitecture, truncateArchitecture } from '../backbone/architecture'
import type { BackboneValue } from '../backbone/backbone-value'

/**
 * The trunk a fine-tuning run trains (cut after the deepest loaded stage, where the SSL head sits),
 * after checking that every trainable stage exists in it. `stem` names conv1.
 */
export function trainingSpec(backbone: Pick<BackboneValue, 'arch' | 'deepestStage'>, trainableStages: readonly string[], architecture?: ArchitectureSpec): ArchitectureSpec {
  const spec = truncateArchitecture(architecture ?? describeArchitecture(backbone.arch), backbone.deepestStage)
  const known = ['stem', ...spec.stages.map((s) => s.name)]
  const unknown = trainableStages.filter((s) => !known.includes(s))
  if (unknown.length > 0) {
    throw new RangeError(`trainableStages: expected stages of the loaded trunk (${known.join(', ')}), found ${unknown.join(', ')}`)
  }
  return spec
}
