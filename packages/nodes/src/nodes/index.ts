import type { NodeMigration } from '@inspectflow/graph-schema'

import type { AnyNodeDefinition } from '../contract/define-node'
import { anomalyMapNode } from './anomaly/anomaly-map'
import { backboneFinetuneNode } from './backbone/backbone-finetune'
import { backbonePretrainedNode } from './backbone/backbone-pretrained'
import { datasetFolderNode } from './dataset/dataset-folder'
import { datasetManifestNode } from './dataset/dataset-manifest'
import { datasetSubsetNode } from './dataset/dataset-subset'
import { datasetSyntheticNode } from './dataset/dataset-synthetic'
import { decideThresholdNode } from './decide/decide-threshold'
import { defectFillCutPasteNode, defectFillNoiseNode } from './defect/defect-fills'
import { defectMakerNode } from './defect/defect-maker'
import { defectPreviewNode } from './defect/defect-preview'
import { defectSaliencyNode } from './defect/defect-saliency'
import { defectShapeBezierNode } from './defect/defect-shape-bezier'
import { evalMetricsNode } from './eval/eval-metrics'
import { featuresExtractNode } from './features/features-extract'
import { featuresEmbedNode } from './features/features-embed'
import { featuresExtractorToTaps } from './features/features-migrations'
import { layerTapNode } from './layer/layer-tap'
import { memorybankBuildNode } from './memorybank/memorybank-build'
import { reportHtmlNode } from './report/report-html'
import { scoreKnnNode } from './score/score-knn'
import { scoreLdknnNode } from './score/score-ldknn'
import { scoreMigrations } from './score/score-migrations'

/**
 * Every node type this build ships, in palette order. Each node lives in the folder named after its
 * type's prefix (`score.ldknn` in score/), one file per node.
 */
export const allNodeDefinitions: AnyNodeDefinition[] = [
  datasetManifestNode,
  datasetSubsetNode,
  backbonePretrainedNode,
  layerTapNode,
  featuresEmbedNode,
  featuresExtractNode,
  datasetFolderNode,
  memorybankBuildNode,
  scoreLdknnNode,
  scoreKnnNode,
  anomalyMapNode,
  decideThresholdNode,
  evalMetricsNode,
  reportHtmlNode,
  datasetSyntheticNode,
  defectShapeBezierNode,
  defectFillNoiseNode,
  defectFillCutPasteNode,
  defectSaliencyNode,
  defectMakerNode,
  defectPreviewNode,
  backboneFinetuneNode,
]

/** How graphs holding node type versions this build no longer ships are upgraded as they load. */
export const allNodeMigrations: NodeMigration[] = [featuresExtractorToTaps, ...scoreMigrations]
