import type { BackboneValue } from '../backbone/backbone-value'
import { defaultEmbedDim } from '../backbone/catalog'
import { NodeInputError } from '../contract/errors'
import type { FeatureExtractorValue } from './features-value'

/** Settings of a feature extractor; 0 for a dimension means the REB value for the backbone. */
export interface ExtractorSettings {
  layers: string[]
  patchSize: number
  pretrainEmbedDim: number
  embedDim: number
}

/**
 * Checks the settings against the backbone (every layer must be a tap it offers, the neighbourhood
 * odd) and fills in the automatic dimensions: 512 for ResNet18, 1024 for the 50-layer networks.
 */
export function createFeatureExtractor(backbone: BackboneValue, settings: ExtractorSettings): FeatureExtractorValue {
  const offered = Object.keys(backbone.layers)
  const unknown = settings.layers.filter((layer) => !offered.includes(layer))
  if (settings.layers.length === 0 || unknown.length > 0) {
    throw new NodeInputError('layers', `one or more of the backbone's taps (${offered.join(', ')})`, settings.layers.length === 0 ? 'an empty list' : `${unknown.join(', ')}`)
  }
  if (settings.patchSize < 1 || settings.patchSize % 2 === 0) {
    throw new NodeInputError('patchSize', 'an odd neighbourhood size of at least 1', String(settings.patchSize))
  }
  const auto = defaultEmbedDim(backbone.arch)
  return {
    backbone,
    layers: [...settings.layers],
    patchSize: settings.patchSize,
    pretrainEmbedDim: settings.pretrainEmbedDim > 0 ? settings.pretrainEmbedDim : auto,
    embedDim: settings.embedDim > 0 ? settings.embedDim : auto,
  }
}
