import type { AnyNodeDefinition } from '../contract/define-node'
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
import { featuresExtractorNode } from './features/features-extractor'
import { memorybankBuildNode } from './memorybank/memorybank-build'
import { reportHtmlNode } from './report/report-html'
import { scoreKnnNode } from './score/score-knn'
import { scoreLdknnNode } from './score/score-ldknn'

/**
 * Every node type this build ships, in palette order. Each node lives in the folder named after its
 * type's prefix (`score.ldknn` in score/), one file per node.
 */
export const allNodeDefinitions: AnyNodeDefinition[] = [
  datasetManifestNode,
  datasetSubsetNode,
  backbonePretrainedNode,
  featuresExtractorNode,
  featuresExtractNode,
  datasetFolderNode,
  memorybankBuildNode,
  scoreLdknnNode,
  scoreKnnNode,
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
