import type { AnyNodeDefinition } from '../contract/define-node'
import { datasetFolderNode } from './scoring/dataset-folder'
import { memorybankBuildNode } from './scoring/memorybank-build'
import { scoreKnnNode } from './scoring/score-knn'
import { scoreLdknnNode } from './scoring/score-ldknn'

/** Node types of this group, in palette order: the dataset reader, the bank and the scorers. */
export const scoringNodes: AnyNodeDefinition[] = [datasetFolderNode, memorybankBuildNode, scoreLdknnNode, scoreKnnNode]
