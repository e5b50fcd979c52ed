import type { AnyNodeDefinition } from '../contract/define-node'
import { datasetManifestNode } from './basic/dataset-manifest'
import { datasetSubsetNode } from './basic/dataset-subset'

/** Node types of this group, in palette order. */
export const basicNodes: AnyNodeDefinition[] = [datasetManifestNode, datasetSubsetNode]
