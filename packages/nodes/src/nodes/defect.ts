import type { AnyNodeDefinition } from '../contract/define-node'
import { backboneFinetuneNode } from './defect/backbone-finetune'
import { defectFillCutPasteNode, defectFillNoiseNode } from './defect/defect-fills'
import { defectMakerNode } from './defect/defect-maker'
import { defectPreviewNode } from './defect/defect-preview'
import { defectSaliencyNode } from './defect/defect-saliency'
import { defectShapeBezierNode } from './defect/defect-shape-bezier'

/** Node types of this group, in palette order. */
export const defectNodes: AnyNodeDefinition[] = [
  defectShapeBezierNode,
  defectFillNoiseNode,
  defectFillCutPasteNode,
  defectSaliencyNode,
  defectMakerNode,
  defectPreviewNode,
  backboneFinetuneNode,
]
