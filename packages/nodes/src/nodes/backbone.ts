import type { AnyNodeDefinition } from '../contract/define-node'
import { backbonePretrainedNode } from './backbone/backbone-pretrained'
import { featuresExtractNode } from './backbone/features-extract'
import { featuresExtractorNode } from './backbone/features-extractor'

/** Node types of this group, in palette order. */
export const backboneNodes: AnyNodeDefinition[] = [backbonePretrainedNode, featuresExtractorNode, featuresExtractNode]
